/**
 * `npm start`: the bakery on the local runtime (local/cli.ts, which knows no app). The bakery's own
 * choices are made here and passed as options: the local identity provider its auth service signs
 * people in with (local/identity; no development token issuer any more), and the zone `--start-at` is read in, the bakery's own
 * (BAKERY_TIME_ZONE, else `timeZone` of its configuration, BAKERY_CONFIG or bakery.config.json).
 * Options given to `npm start -- ...` come after these, so they win. The Service Bus topology is the
 * one package.json declares (`localRuntime.topology`, written by `npm run gen:events`). The web app
 * (dist/web) is served at `/`, the API staying under `/api`.
 */
import * as path from 'node:path';
import { main, usage, type Prepare } from '../local/cli';
import { localSignIn } from '../local/identity/extension';
import { staticSiteExtension } from '../local/host/static-site';
import { readLocalSettings } from '../local/host/app-config';
import { loadBakeryConfig } from '../shared/config/bakery-config';

const args = process.argv.slice(2);
const zone = bakeryTimeZone(process.cwd());
if (args.includes('--help')) {
  process.stdout.write(
    `${usage}\nnpm start signs people in through a local OpenID Connect provider and passes --time-zone ${zone ?? "<the bakery's zone>"} (the bakery's zone:\nBAKERY_TIME_ZONE, else "timeZone" in BAKERY_CONFIG or bakery.config.json) before your options.\n`,
  );
} else {
  void main([...(zone ? ['--time-zone', zone] : []), ...args], withStorefront);
}

/** Sign-in as above, plus the storefront and floor (web/, built by `npm run build` into dist/web) at `/`. */
async function withStorefront(context: Parameters<Prepare>[0]): ReturnType<Prepare> {
  const prepared = await localSignIn(context);
  const root = path.resolve(process.cwd(), 'dist', 'web');
  return {
    ...prepared,
    extensions: [...prepared.extensions, staticSiteExtension({ root })],
    banner: [
      ...prepared.banner,
      `Storefront: http://127.0.0.1:${context.port}/ (bakery floor for staff: /floor), from ${root}`,
    ],
  };
}

/** Undefined when the configuration cannot be read: the app itself then refuses to start, saying why. */
function bakeryTimeZone(appRoot: string): string | undefined {
  let settings: Record<string, string | undefined>;
  try {
    settings = { ...readLocalSettings(appRoot), ...process.env };
    if (settings.BAKERY_TIME_ZONE) return settings.BAKERY_TIME_ZONE;
    return loadBakeryConfig(path.resolve(appRoot, settings.BAKERY_CONFIG || 'bakery.config.json')).timeZone;
  } catch {
    return undefined;
  }
}
