import { assertNever } from '../../shared/assert-never';
import type {
  AccountState,
  KnownBalance,
  Money,
  OrderFate,
  OrderStatus,
  Picture,
  UserFact,
} from './picture-types';

/**
 * users' one rule: how an event changes a customer's picture. Every case is order-independent, so
 * the same events in any arrival order fold to the same picture (the inbox makes each apply once):
 * - the picture exists from the first event about the user, whatever its type;
 * - the name is set by `user.signed-up` whenever it arrives;
 * - the balance is the one reported with the highest `accountVersion` (the opening balance is 0);
 * - an order's status is the strongest it has been told (`ORDER_PRECEDENCE`); its placement time
 *   is kept whenever `order.placed` arrives;
 * - refunds are kept by charge id, so a refund counts once however often it is told.
 */
export function evolve(picture: Picture, fact: UserFact): Picture {
  switch (fact.type) {
    case 'bakery.user.signed-up.v1': {
      const { name, signedUpAt } = fact.data;
      // A user signs up once; a second sign-up event for them would be the same fact.
      return picture.profile ? picture : { ...picture, profile: { name, signedUpAt } };
    }
    case 'bakery.account.opened.v1':
      return withAccount(picture, fact.data.accountId, {
        amount: { amount: 0, currency: fact.data.currency },
        version: OPENING_VERSION,
      });
    case 'bakery.deposit.made.v1':
      return withAccount(picture, fact.data.accountId, balanceOf(fact.data));
    case 'bakery.charge.approved.v1':
      return withAccount(picture, undefined, balanceOf(fact.data));
    case 'bakery.charge.refunded.v1': {
      const { chargeId, orderId, amount } = fact.data;
      const refunded = withAccount(picture, undefined, balanceOf(fact.data));
      if (refunded.refunds[chargeId]) return refunded;
      return { ...refunded, refunds: { ...refunded.refunds, [chargeId]: { orderId, amount } } };
    }
    case 'bakery.order.placed.v1':
      return withOrder(picture, fact.data.orderId, fact.data.placedAt, {
        status: 'placed',
        at: fact.data.placedAt,
      });
    case 'bakery.order.completed.v1': {
      const { orderId, items, total, completedAt } = fact.data;
      const received = items.map(({ id, productId }) => ({ id, productId }));
      return withOrder(picture, orderId, undefined, {
        status: 'completed',
        at: completedAt,
        total,
        items: received,
      });
    }
    case 'bakery.order.rejected.v1': {
      const { orderId, reason, rejectedAt } = fact.data;
      return withOrder(picture, orderId, undefined, { status: 'rejected', at: rejectedAt, reason });
    }
    case 'bakery.order.cancelled.v1': {
      const { orderId, reason, cancelledAt } = fact.data;
      return withOrder(picture, orderId, undefined, { status: 'cancelled', at: cancelledAt, reason });
    }
    default:
      return assertNever(fact, 'users: an event evolve does not know');
  }
}

export function emptyPicture(userId: string): Picture {
  return { userId, orders: {}, refunds: {} };
}

/**
 * Which status wins when an order is told more than one: a final status always beats `placed`
 * (its `order.placed` may arrive last). The saga gives an order one fate only; if two were ever
 * told, `completed` wins (the customer has the items and paid: the picture must never hide them),
 * then `cancelled` (it was reserved), then `rejected`. The same status told twice keeps the first.
 */
export const ORDER_PRECEDENCE: Readonly<Record<OrderStatus, number>> = {
  placed: 0,
  rejected: 1,
  cancelled: 2,
  completed: 3,
};

/** The fate an order ends with once `next` is known too (see ORDER_PRECEDENCE). */
export function settle(current: OrderFate | undefined, next: OrderFate): OrderFate {
  if (!current) return next;
  return ORDER_PRECEDENCE[next.status] > ORDER_PRECEDENCE[current.status] ? next : current;
}

/** The opening balance comes before every movement (the first movement is number 1). */
const OPENING_VERSION = 0;

const balanceOf = (data: { balance: Money; accountVersion: number }): KnownBalance => ({
  amount: data.balance,
  version: data.accountVersion,
});

function withAccount(picture: Picture, accountId: string | undefined, balance: KnownBalance): Picture {
  const held: AccountState = picture.account ?? {};
  const id = held.id ?? accountId;
  // Ties keep what is held: one movement number is one movement, told with one balance.
  const latest = held.balance && held.balance.version >= balance.version ? held.balance : balance;
  return { ...picture, account: { ...(id === undefined ? {} : { id }), balance: latest } };
}

function withOrder(
  picture: Picture,
  orderId: string,
  placedAt: string | undefined,
  fate: OrderFate,
): Picture {
  const held = picture.orders[orderId];
  const placed = held?.placedAt ?? placedAt;
  const entry = {
    id: orderId,
    ...(placed === undefined ? {} : { placedAt: placed }),
    fate: settle(held?.fate, fate),
  };
  return { ...picture, orders: { ...picture.orders, [orderId]: entry } };
}
