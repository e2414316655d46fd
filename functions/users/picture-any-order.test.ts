import fc from 'fast-check';
import { emptyPicture, evolve } from './picture';
import type { UserFact } from './picture-types';
import { viewPicture } from './picture-view';
import { shuffledWithRepeats } from './users-test-kit';

/** The order-independence of evolve over random histories, beyond the one customer story of picture.test.ts. */
const START = Date.parse('2026-12-01T00:00:00Z');
const fold = (facts: readonly UserFact[], userId = 'ada') => facts.reduce(evolve, emptyPicture(userId));

describe('evolve: any events, in any order', () => {
  /** Random histories: orders told any subset of their statuses (even two final ones), balances, a sign-up. */
  const history = fc
    .record({
      signedUp: fc.boolean(),
      opened: fc.boolean(),
      orders: fc.array(
        fc.record({
          placed: fc.boolean(),
          finals: fc.subarray(['rejected', 'cancelled', 'completed'] as const),
          minute: fc.nat(600),
          refunded: fc.boolean(),
        }),
        { maxLength: 6 },
      ),
      balances: fc.uniqueArray(
        fc.record({ version: fc.integer({ min: 1, max: 40 }), balance: fc.nat(10_000) }),
        {
          selector: (b) => b.version,
          maxLength: 8,
        },
      ),
    })
    .map(toFacts);

  it('folds every permutation (with repeats) of a history to one picture', () => {
    fc.assert(
      fc.property(
        history.chain((facts) => fc.tuple(fc.constant(facts), shuffledWithRepeats(facts))),
        ([facts, arrivals]) => {
          expect(fold(arrivals)).toEqual(fold(facts));
          expect(viewPicture(fold(arrivals), 'AUD')).toEqual(viewPicture(fold(facts), 'AUD'));
        },
      ),
      { numRuns: 300 },
    );
  });
});

type History = {
  signedUp: boolean;
  opened: boolean;
  orders: Array<{
    placed: boolean;
    finals: Array<'rejected' | 'cancelled' | 'completed'>;
    minute: number;
    refunded: boolean;
  }>;
  balances: Array<{ version: number; balance: number }>;
};

function toFacts(history: History): UserFact[] {
  const userId = 'ada';
  const at = (minute: number) => new Date(START + minute * 60_000).toISOString();
  const aud = (amount: number) => ({ amount, currency: 'AUD' });
  const facts: UserFact[] = [];
  if (history.signedUp)
    facts.push({ type: 'bakery.user.signed-up.v1', data: { userId, name: 'Ada', signedUpAt: at(0) } });
  if (history.opened)
    facts.push({
      type: 'bakery.account.opened.v1',
      data: { accountId: 'acc', userId, currency: 'AUD', openedAt: at(0) },
    });
  history.orders.forEach((order, n) => {
    const orderId = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const time = (step: number) => at(order.minute + step);
    if (order.placed)
      facts.push({
        type: 'bakery.order.placed.v1',
        data: { orderId, userId, lines: [{ productId: 'bread', quantity: 1 }], placedAt: time(0) },
      });
    for (const status of order.finals) {
      if (status === 'rejected')
        facts.push({
          type: 'bakery.order.rejected.v1',
          data: { orderId, userId, reason: 'out-of-stock', rejectedAt: time(1) },
        });
      if (status === 'cancelled')
        facts.push({
          type: 'bakery.order.cancelled.v1',
          data: { orderId, userId, reason: 'payment-timeout', cancelledAt: time(2) },
        });
      if (status === 'completed')
        facts.push({
          type: 'bakery.order.completed.v1',
          data: {
            orderId,
            userId,
            items: [{ id: orderId.replace(/^0{8}/, '11111111'), productId: 'bread' }],
            total: aud(800),
            completedAt: time(3),
          },
        });
    }
    if (order.refunded)
      facts.push({
        type: 'bakery.charge.refunded.v1',
        data: {
          chargeId: `c-${n}`,
          orderId,
          userId,
          amount: aud(300),
          transactionId: `r-${n}`,
          balance: aud(0),
          accountVersion: 100 + n,
          refundedAt: time(4),
        },
      });
  });
  for (const { version, balance } of history.balances)
    facts.push({
      type: version % 2 ? 'bakery.deposit.made.v1' : 'bakery.charge.approved.v1',
      data:
        version % 2
          ? {
              accountId: 'acc',
              userId,
              transactionId: `t-${version}`,
              amount: aud(1),
              balance: aud(balance),
              accountVersion: version,
              depositedAt: at(version),
            }
          : {
              chargeId: `ch-${version}`,
              orderId: '00000000-0000-4000-8000-ffffffffffff',
              userId,
              amount: aud(1),
              transactionId: `t-${version}`,
              balance: aud(balance),
              accountVersion: version,
              approvedAt: at(version),
            },
    } as UserFact);
  return facts;
}
