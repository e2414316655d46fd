/** Set by scripts/build-web.ts from bakery.config.json. */
declare const __BAKERY_NAME__: string;
declare const __BAKERY_TIME_ZONE__: string;
declare const __BAKERY_API_ORIGIN__: string;
