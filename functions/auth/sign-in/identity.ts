import { createHash } from 'node:crypto';

/**
 * Who signed in, from the identity provider's ID token claims: the bakery user id is derived from
 * (issuer, subject), so it is the same at every sign-in without a lookup and two providers' subjects
 * never collide. Roles: only names the bakery knows survive; `staff` comes from the `roles` claim,
 * which Entra fills with the app roles assigned to the user and the local provider fills for
 * AUTH_LOCAL_STAFF usernames. One mapping for both.
 */
export interface SignedInIdentity {
  userId: string;
  name: string;
  roles: BakeryRole[];
}

export type BakeryRole = 'staff';
const BAKERY_ROLES: readonly BakeryRole[] = ['staff'];

export function bakeryUserId(issuer: string, subject: string): string {
  const digest = createHash('sha256').update(`${issuer}\n${subject}`, 'utf8').digest('base64url');
  return `u_${digest.slice(0, 32)}`;
}

export function identityFrom(claims: Record<string, unknown>): SignedInIdentity {
  const { iss, sub } = claims;
  if (typeof iss !== 'string' || iss === '' || typeof sub !== 'string' || sub === '')
    throw new Error('The ID token has no issuer or subject.');
  const name =
    [claims['name'], claims['preferred_username'], claims['email']].find(
      (v): v is string => typeof v === 'string' && v.trim() !== '',
    ) ?? sub;
  const roles = Array.isArray(claims['roles'])
    ? BAKERY_ROLES.filter((role) => (claims['roles'] as unknown[]).includes(role))
    : [];
  return { userId: bakeryUserId(iss, sub), name: name.trim().slice(0, 200), roles };
}
