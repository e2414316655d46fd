import * as cursor from '../../shared/http/continuation';

/**
 * The continuation token of GET /api/bank/accounts/me/transactions: where the next page starts
 * (`{"before":<accountVersion>}`, opaque). Entries are numbered by the account's version, so "older
 * than version n" is a stable cursor: new movements never shift a page. The token is only ever
 * applied inside the caller's own partition, so a forged one reveals nothing.
 */
export const encodeContinuation = (before: number): string => cursor.encodeContinuation(before);

/** The version a token continues before, or undefined when it is not one this service wrote. */
export function decodeContinuation(token: string): number | undefined {
  return cursor.decodeContinuation(
    token,
    (before) =>
      typeof before === 'number' && Number.isSafeInteger(before) && before >= 2 ? before : undefined,
    200,
  );
}
