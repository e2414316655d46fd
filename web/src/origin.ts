/**
 * Where /api is: '' = this page's own origin (the local runtime, or one origin in front of both);
 * otherwise the API origin the build was given (BAKERY_API_ORIGIN), called with CORS and credentials.
 */
export const API_ORIGIN: string = __BAKERY_API_ORIGIN__;

export function apiUrl(path: string): string {
  return `${API_ORIGIN}${path}`;
}

/** Cookies (the auth service's refresh cookie) go with every API call, on this origin or the API's. */
export const CREDENTIALS: RequestCredentials = API_ORIGIN ? 'include' : 'same-origin';

/** Where sign-in comes back to: a path here, or this page's full URL when the API is elsewhere. */
export function returnToParam(pathAndQuery: string): string {
  return API_ORIGIN ? `${location.origin}${pathAndQuery}` : pathAndQuery;
}
