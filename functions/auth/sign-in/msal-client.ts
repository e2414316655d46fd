import * as fs from 'node:fs';
import {
  ConfidentialClientApplication,
  CryptoProvider,
  LogLevel,
  ProtocolMode,
  type Configuration,
} from '@azure/msal-node';
import type { SignInSettings } from '../../../shared/config';
import { networkClientTrusting } from './network-client';

/** What the auth service asks of the identity provider, through MSAL Node and nothing else. */
export interface SignInClient {
  /** PKCE pair (S256) from MSAL's own CryptoProvider. */
  pkce(): Promise<{ verifier: string; challenge: string }>;
  authorizationUrl(request: {
    state: string;
    nonce: string;
    codeChallenge: string;
    redirectUri: string;
  }): Promise<string>;
  /** Redeems the code (with the PKCE verifier; MSAL checks state and nonce); the ID token's claims. */
  redeem(request: {
    code: string;
    state: string;
    nonce: string;
    codeVerifier: string;
    redirectUri: string;
  }): Promise<Record<string, unknown>>;
}

const SCOPES = ['openid', 'profile'];

/**
 * One code path everywhere: a ConfidentialClientApplication with the authorization code flow and
 * PKCE. In Azure the authority is the Entra External ID tenant (`https://<tenant>.ciamlogin.com/`,
 * protocol mode AAD); locally the local OpenID Connect provider in protocol mode OIDC, known by its
 * host, with its discovery document given (MSAL would otherwise fetch <authority>/v2.0/...), and its
 * self-signed certificate trusted by MSAL's network client only.
 * https://learn.microsoft.com/entra/msal/javascript/node/initialize-confidential-client-application
 */
export function msalSignInClient(settings: SignInSettings): SignInClient {
  const oidc = settings.protocolMode === 'OIDC';
  const configuration: Configuration = {
    auth: {
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      authority: settings.authority,
      ...(oidc ? { knownAuthorities: [new URL(settings.authority).host] } : {}),
      ...(settings.authorityMetadata ? { authorityMetadata: settings.authorityMetadata } : {}),
    },
    system: {
      protocolMode: oidc ? ProtocolMode.OIDC : ProtocolMode.AAD,
      ...(settings.caFile
        ? { networkClient: networkClientTrusting(fs.readFileSync(settings.caFile, 'utf8')) }
        : {}),
      loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
    },
  };
  const client = new ConfidentialClientApplication(configuration);
  const crypto = new CryptoProvider();
  return {
    async pkce() {
      const { verifier, challenge } = await crypto.generatePkceCodes();
      return { verifier, challenge };
    },
    authorizationUrl: ({ state, nonce, codeChallenge, redirectUri }) =>
      client.getAuthCodeUrl({
        scopes: SCOPES,
        redirectUri,
        state,
        nonce,
        codeChallenge,
        codeChallengeMethod: 'S256',
        responseMode: 'query',
      }),
    async redeem({ code, state, nonce, codeVerifier, redirectUri }) {
      const result = await client.acquireTokenByCode(
        // msal-node 7 takes the expected nonce from the request and the returned state from the payload.
        { code, scopes: SCOPES, redirectUri, codeVerifier, state, nonce },
        { code, state },
      );
      return result.idTokenClaims as Record<string, unknown>;
    },
  };
}
