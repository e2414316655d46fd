import * as cursor from '../../shared/http/continuation';

/**
 * The continuation token of GET /api/orders: where the next page starts (`{"before":"<listKey>"}`,
 * opaque). Orders are listed by `<placedAt>|<orderId>`, a stable cursor: new orders never shift a
 * page. The token is only applied inside the caller's own partition, so a forged one reveals nothing.
 */
export const encodeContinuation = (before: string): string => cursor.encodeContinuation(before);

const LIST_KEY = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[0-9a-f-]{36}$/;

/** The list key a token continues before, or undefined when it is not one this service wrote. */
export function decodeContinuation(token: string): string | undefined {
  return cursor.decodeContinuation(token, (before) =>
    typeof before === 'string' && LIST_KEY.test(before) ? before : undefined,
  );
}
