import type { Clock } from '../../shared/clock';
import { createBakeryEvent } from '../../shared/events/catalog';
import { outboxOperation } from '../../shared/messaging/outbox';
import type { Container, Stored } from '../../shared/store/port';
import { isStoreError } from '../../shared/store/port';
import {
  IDENTITY_ID,
  PARTITION_FIELD,
  PENDING_LOGIN_ID,
  loginPartition,
  sessionDocumentId,
  type AuthDocument,
  type IdentityDocument,
  type PendingLoginDocument,
  type SessionDocument,
} from './auth-container';
import {
  decideRefresh,
  newSecret,
  newSessionId,
  hashSecret,
  rotated,
  SESSION_LIFETIME_MS,
  type RefreshDecision,
  type RefreshToken,
} from './sessions/refresh';
import type { SignedInIdentity } from './sign-in/identity';

export type AuthContainer = Container<AuthDocument>;
const ATTEMPTS = 5;

export async function savePendingLogin(container: AuthContainer, login: PendingLoginDocument): Promise<void> {
  await container.create(login);
}

/** The sign-in started with `state`, once: it is deleted as it is taken (a replayed callback finds nothing). */
export async function takePendingLogin(
  container: AuthContainer,
  state: string,
  now: number,
): Promise<PendingLoginDocument | undefined> {
  const partition = loginPartition(state);
  const login = (await container.read(PENDING_LOGIN_ID, partition)) as
    Stored<PendingLoginDocument> | undefined;
  if (!login) return undefined;
  try {
    await container.delete(PENDING_LOGIN_ID, partition, { ifMatch: login._etag });
  } catch (error) {
    if (isStoreError(error, 'not-found') || isStoreError(error, 'precondition-failed')) return undefined;
    throw error;
  }
  return login.expiresAt > now ? login : undefined;
}

/**
 * Records a sign-in. The first one creates the identity and puts `user.signed-up` in the outbox in
 * the same batch (event id `<userId>:signed-up`, so a retried first sign-in publishes it once); later
 * ones refresh the name and roles from the provider. `bakeryClock` stamps the event (bakery time).
 */
export async function recordSignIn(
  container: AuthContainer,
  identity: SignedInIdentity,
  bakeryClock: Clock,
): Promise<IdentityDocument> {
  for (let attempt = 1; ; attempt++) {
    const now = new Date(bakeryClock.now()).toISOString();
    const existing = (await container.read(IDENTITY_ID, identity.userId)) as
      Stored<IdentityDocument> | undefined;
    try {
      if (!existing) {
        const doc: IdentityDocument = {
          id: IDENTITY_ID,
          kind: 'identity',
          partitionKey: identity.userId,
          userId: identity.userId,
          name: identity.name,
          roles: identity.roles,
          signedUpAt: now,
          lastSignInAt: now,
        };
        const event = createBakeryEvent(
          'bakery.user.signed-up.v1',
          { userId: identity.userId, name: identity.name, signedUpAt: now },
          { id: `${identity.userId}:signed-up`, clock: bakeryClock },
        );
        await container.batch(
          [
            { operationType: 'Create', resourceBody: doc },
            outboxOperation(event, PARTITION_FIELD, identity.userId),
          ],
          identity.userId,
        );
        return doc;
      }
      const updated: IdentityDocument = {
        ...existing,
        name: identity.name,
        roles: identity.roles,
        lastSignInAt: now,
      };
      await container.replace(updated, { ifMatch: existing._etag });
      return updated;
    } catch (error) {
      const lost =
        isStoreError(error, 'conflict') ||
        isStoreError(error, 'precondition-failed') ||
        (isStoreError(error, 'batch-failed') && (error.statusCode === 409 || error.statusCode === 412));
      if (!lost || attempt >= ATTEMPTS) throw error;
    }
  }
}

export async function readIdentity(
  container: AuthContainer,
  userId: string,
): Promise<IdentityDocument | undefined> {
  return (await container.read(IDENTITY_ID, userId)) as IdentityDocument | undefined;
}

export async function createSession(
  container: AuthContainer,
  userId: string,
  now: number,
): Promise<RefreshToken> {
  const token: RefreshToken = { userId, sessionId: newSessionId(), secret: newSecret() };
  const session: SessionDocument = {
    id: sessionDocumentId(token.sessionId),
    kind: 'session',
    partitionKey: userId,
    userId,
    sessionId: token.sessionId,
    tokenHash: hashSecret(token.secret),
    rotatedHashes: [],
    createdAt: now,
    lastUsedAt: now,
    expiresAt: now + SESSION_LIFETIME_MS,
    ttl: Math.ceil(SESSION_LIFETIME_MS / 1000) + 86_400,
  };
  await container.create(session);
  return token;
}

export type RefreshOutcome =
  { kind: 'rotated'; token: RefreshToken } | Exclude<RefreshDecision, { kind: 'rotate' }>;

/**
 * Uses a refresh token: rotates it (ETag on the session: of two concurrent uses of one token, one
 * rotates and the other, retrying, finds the token it holds just rotated away: `grace`, an access
 * token without a new refresh token), or revokes the session on reuse, or refuses.
 */
export async function useRefreshToken(
  container: AuthContainer,
  token: RefreshToken,
  now: number,
): Promise<RefreshOutcome> {
  for (let attempt = 1; ; attempt++) {
    const session = await readSession(container, token);
    const decision = decideRefresh(session, token.secret, now);
    try {
      switch (decision.kind) {
        case 'rotate': {
          const secret = newSecret();
          await container.replace(rotated(session!, secret, now), { ifMatch: session!._etag });
          return { kind: 'rotated', token: { ...token, secret } };
        }
        case 'reuse':
          await container.replace(
            { ...session!, revokedAt: now, revokedBecause: 'reuse' },
            { ifMatch: session!._etag },
          );
          return decision;
        case 'grace':
        case 'refused':
          return decision;
        default:
          return decision satisfies never;
      }
    } catch (error) {
      if (!isStoreError(error, 'precondition-failed') || attempt >= ATTEMPTS) throw error;
    }
  }
}

/** Logout: revokes the session whose current or rotated token this is; anything else changes nothing. */
export async function revokeSession(
  container: AuthContainer,
  token: RefreshToken,
  now: number,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const session = await readSession(container, token);
    const decision = decideRefresh(session, token.secret, now);
    if (!session || session.revokedAt !== undefined) return;
    if (decision.kind === 'refused' && decision.reason === 'unknown') return;
    try {
      await container.replace(
        { ...session, revokedAt: now, revokedBecause: 'logout' },
        { ifMatch: session._etag },
      );
      return;
    } catch (error) {
      if (!isStoreError(error, 'precondition-failed') || attempt >= ATTEMPTS) throw error;
    }
  }
}

async function readSession(
  container: AuthContainer,
  token: RefreshToken,
): Promise<Stored<SessionDocument> | undefined> {
  const doc = await container.read(sessionDocumentId(token.sessionId), token.userId);
  return doc?.kind === 'session' ? doc : undefined;
}
