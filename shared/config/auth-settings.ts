import { checked } from './config-error';

/**
 * The auth settings (AUTH_*): who issues and verifies the bakery's access tokens, how the auth
 * service signs people in through MSAL, and where its signing key is. Parsed with the others by
 * loadSettings (settings.ts); the shapes and the rules between them live here.
 */
export interface AuthSettings {
  issuer: string;
  audience: string;
  jwksUrl?: URL;
  /** How the auth service signs people in through MSAL; absent: its login answers 503. */
  signIn?: SignInSettings;
  /** Where the auth service's ES256 signing key is; absent: it issues no tokens (503). */
  signingKey?: SigningKeySettings;
}

export interface SignInSettings {
  /** Entra External ID: https://<tenant>.ciamlogin.com/ ; locally the local provider's issuer. */
  authority: string;
  clientId: string;
  clientSecret: string;
  /** 'AAD' (Entra, MSAL's default) or 'OIDC' (any other OpenID Connect provider: the local one). */
  protocolMode: 'AAD' | 'OIDC';
  /** The provider's discovery document as JSON, so MSAL fetches none (OIDC mode). */
  authorityMetadata?: string;
  /** A PEM file of certificates MSAL's network client trusts besides Node's (local only). */
  caFile?: string;
  /** The callback as registered at the provider; absent: this request's origin + /api/auth/callback. */
  redirectUri?: string;
}

export type SigningKeySettings =
  { kind: 'file'; path: string } | { kind: 'key-vault'; vaultUrl: string; keyName: string };

export const DEFAULT_AUTH_ISSUER = 'urn:bakery:auth';
export const DEFAULT_AUTH_AUDIENCE = 'urn:bakery:api';

/** The AUTH_* values as loadSettings parsed them (defaults applied). */
export interface AuthEnv {
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
  AUTH_JWKS_URL?: string;
  AUTH_AUTHORITY?: string;
  AUTH_CLIENT_ID?: string;
  AUTH_CLIENT_SECRET?: string;
  AUTH_PROTOCOL_MODE: 'AAD' | 'OIDC';
  AUTH_AUTHORITY_METADATA?: string;
  AUTH_CA_FILE?: string;
  AUTH_REDIRECT_URI?: string;
  AUTH_SIGNING_KEY_FILE?: string;
  AUTH_KEY_VAULT_URL?: string;
  AUTH_SIGNING_KEY_NAME?: string;
}

/** The rules between AUTH_* values, on the raw (unparsed, trimmed) values. */
export function authProblems(raw: Partial<Record<keyof AuthEnv, string>>): string[] {
  const problems: string[] = [];
  if (raw.AUTH_AUTHORITY !== undefined) {
    for (const key of ['AUTH_CLIENT_ID', 'AUTH_CLIENT_SECRET'] as const)
      if (raw[key] === undefined) problems.push(`${key}: required when AUTH_AUTHORITY is set`);
  }
  if (raw.AUTH_KEY_VAULT_URL !== undefined && raw.AUTH_SIGNING_KEY_NAME === undefined)
    problems.push('AUTH_SIGNING_KEY_NAME: required when AUTH_KEY_VAULT_URL is set');
  if (raw.AUTH_KEY_VAULT_URL !== undefined && raw.AUTH_SIGNING_KEY_FILE !== undefined)
    problems.push('AUTH_SIGNING_KEY_FILE: set either it or AUTH_KEY_VAULT_URL, not both');
  return problems;
}

export function authSettings(env: AuthEnv): AuthSettings {
  const auth: AuthSettings = { issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE };
  if (env.AUTH_JWKS_URL !== undefined) auth.jwksUrl = new URL(env.AUTH_JWKS_URL);
  const signIn = signInSettings(env);
  if (signIn) auth.signIn = signIn;
  const signingKey = signingKeySettings(env);
  if (signingKey) auth.signingKey = signingKey;
  return auth;
}

function signInSettings(env: AuthEnv): SignInSettings | undefined {
  if (env.AUTH_AUTHORITY === undefined) return undefined;
  return {
    authority: env.AUTH_AUTHORITY,
    clientId: checked(env.AUTH_CLIENT_ID),
    clientSecret: checked(env.AUTH_CLIENT_SECRET),
    protocolMode: env.AUTH_PROTOCOL_MODE,
    ...(env.AUTH_AUTHORITY_METADATA !== undefined ? { authorityMetadata: env.AUTH_AUTHORITY_METADATA } : {}),
    ...(env.AUTH_CA_FILE !== undefined ? { caFile: env.AUTH_CA_FILE } : {}),
    ...(env.AUTH_REDIRECT_URI !== undefined ? { redirectUri: env.AUTH_REDIRECT_URI } : {}),
  };
}

function signingKeySettings(env: AuthEnv): SigningKeySettings | undefined {
  if (env.AUTH_KEY_VAULT_URL !== undefined)
    return {
      kind: 'key-vault',
      vaultUrl: env.AUTH_KEY_VAULT_URL,
      keyName: checked(env.AUTH_SIGNING_KEY_NAME),
    };
  if (env.AUTH_SIGNING_KEY_FILE !== undefined) return { kind: 'file', path: env.AUTH_SIGNING_KEY_FILE };
  return undefined;
}
