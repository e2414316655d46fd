import * as path from 'node:path';
import type { TriggerExtension } from '../host/host-api';
import { parseStaff, startLocalIdentityProvider, type LocalIdentityProvider } from './provider';

/**
 * The local identity provider as the launcher starts it before the runtime (the app reads its
 * settings at load): the app's sign-in settings, its signing key file and its own JWKS URL, plus an
 * extension that stops the provider with the runtime and names it in the banner and /api/health.
 */
export async function localSignIn(options: {
  port: number;
  stateDir?: string;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<{ settings: Record<string, string>; extensions: TriggerExtension[]; banner: string[] }> {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const provider: LocalIdentityProvider = await startLocalIdentityProvider({
    stateDir: options.stateDir,
    redirectUri: `${baseUrl}/api/auth/callback`,
    staff: parseStaff(options.env.AUTH_LOCAL_STAFF),
  });
  const settings: Record<string, string> = {
    ...provider.appSettings,
    AUTH_JWKS_URL: `${baseUrl}/api/auth/jwks`,
    // In the state folder; with --in-memory, beside the provider's temporary files.
    AUTH_SIGNING_KEY_FILE: options.stateDir
      ? path.join(options.stateDir, 'auth', 'signing-key.json')
      : path.join(path.dirname(provider.caFile), 'signing-key.json'),
  };
  const extension: TriggerExtension = {
    name: 'identity',
    triggerTypes: [],
    start: () => Promise.resolve(),
    stop: () => provider.close(),
    describe: () => ({ issuer: provider.issuer }),
  };
  return {
    settings,
    extensions: [extension],
    banner: [
      `Sign in: ${baseUrl}/api/auth/login?returnTo=/ (local OpenID Connect provider ${provider.issuer},`,
      `  self-signed certificate ${provider.caFile}; a new username signs up)`,
    ],
  };
}
