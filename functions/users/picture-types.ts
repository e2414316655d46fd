import type { PayloadOf } from '../../shared/events/catalog';

/**
 * The single picture of a customer, as users keeps it: everything here comes from events, each
 * folded in once by `evolve` (picture.ts), so the same events in any order give the same picture.
 */
export interface Picture {
  userId: string;
  /** From `user.signed-up`; absent until it arrives (other events may come first). */
  profile?: { name: string; signedUpAt: string };
  /** The bank account, once any bank event about it arrived. */
  account?: AccountState;
  /** Every order heard of, by order id. */
  orders: Record<string, OrderEntry>;
  /** Refunds by charge id (one refund per charge), with the order they belong to. */
  refunds: Record<string, { orderId: string; amount: Money }>;
}

export interface Money {
  amount: number;
  currency: string;
}

export interface AccountState {
  /** From `account.opened` or `deposit.made` (charge events do not carry it). */
  id?: string;
  /** The balance the bank reported with the highest movement number so far. */
  balance?: KnownBalance;
}

/** `version` is the account's movement number (`accountVersion`); the opening balance is version 0. */
export interface KnownBalance {
  amount: Money;
  version: number;
}

export type OrderStatus = OrderFate['status'];

/**
 * What became of an order, with what its event told. `placed` is where every order starts; the
 * others are final (an order ends in exactly one of them; see `ORDER_PRECEDENCE` in picture.ts).
 */
export type OrderFate =
  | { status: 'placed'; at: string }
  | { status: 'rejected'; at: string; reason: PayloadOf<'bakery.order.rejected.v1'>['reason'] }
  | { status: 'cancelled'; at: string; reason: PayloadOf<'bakery.order.cancelled.v1'>['reason'] }
  | { status: 'completed'; at: string; total: Money; items: ReceivedItem[] };

export interface ReceivedItem {
  id: string;
  productId: string;
}

export interface OrderEntry {
  id: string;
  /** From `order.placed`; absent while only a later event about the order has arrived. */
  placedAt?: string;
  fate: OrderFate;
}

/** The events users reads (the catalog's consumers list); picture.test.ts ties the two together. */
export const USER_EVENT_TYPES = [
  'bakery.user.signed-up.v1',
  'bakery.account.opened.v1',
  'bakery.deposit.made.v1',
  'bakery.charge.approved.v1',
  'bakery.charge.refunded.v1',
  'bakery.order.placed.v1',
  'bakery.order.completed.v1',
  'bakery.order.rejected.v1',
  'bakery.order.cancelled.v1',
] as const;

export type UserEventType = (typeof USER_EVENT_TYPES)[number];

/** What evolve reads of an event: its type and validated payload (a BakeryEvent is one). */
export type UserFact = { [K in UserEventType]: { type: K; data: PayloadOf<K> } }[UserEventType];
