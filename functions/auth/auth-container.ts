import type { ContainerDefinition, Document } from '../../shared/store/port';
import type { BakeryRole } from './sign-in/identity';

/**
 * auth's one Cosmos container. Every lookup is a point read (id + partition key), never a query:
 * - a user's partition (`partitionKey` = the bakery user id, derived from the provider's issuer and
 *   subject) holds their identity, their refresh sessions and the outbox of `user.signed-up`, so the
 *   first sign-in and its event commit in one batch and the refresh cookie names its session's place;
 * - a sign-in in progress lives in its own partition `login:<state>`, found from the callback's state.
 */
export const AUTH_CONTAINER: ContainerDefinition = { name: 'auth', partitionKeyPath: '/partitionKey' };
export const PARTITION_FIELD = 'partitionKey';

export const IDENTITY_ID = 'identity';
export const PENDING_LOGIN_ID = 'login';
export const sessionDocumentId = (sessionId: string) => `session:${sessionId}`;
export const loginPartition = (state: string) => `login:${state}`;

export interface IdentityDocument extends Document {
  id: typeof IDENTITY_ID;
  kind: 'identity';
  partitionKey: string;
  userId: string;
  name: string;
  roles: BakeryRole[];
  signedUpAt: string;
  lastSignInAt: string;
}

export interface SessionDocument extends Document {
  kind: 'session';
  partitionKey: string;
  userId: string;
  sessionId: string;
  /** SHA-256 (base64url) of the refresh token now valid; the token itself is never stored. */
  tokenHash: string;
  /** Hashes of tokens already rotated away: presenting one again revokes the session. */
  rotatedHashes: string[];
  /** Real-clock instants (ms). */
  createdAt: number;
  lastUsedAt: number;
  expiresAt: number;
  revokedAt?: number;
  revokedBecause?: 'logout' | 'reuse';
  /** Seconds; Cosmos deletes the document after (the container has TTL on, no default). */
  ttl: number;
}

export interface PendingLoginDocument extends Document {
  id: typeof PENDING_LOGIN_ID;
  kind: 'pending-login';
  partitionKey: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  redirectUri: string;
  /** Real-clock instant (ms) after which the callback is refused. */
  expiresAt: number;
  ttl: number;
}

export type AuthDocument = IdentityDocument | SessionDocument | PendingLoginDocument;
