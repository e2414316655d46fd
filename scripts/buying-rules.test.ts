import { findViolations, type BuyingSnapshot } from './buying-rules';
import { EXPIRES, T0, aud, item, world } from './buying-rules-test-kit';

type Mutation = (w: BuyingSnapshot) => void;
const ann = (w: BuyingSnapshot) => w.customers[0];
const bob = (w: BuyingSnapshot) => w.customers[1];
const cat = (w: BuyingSnapshot) => w.customers[2];
const annOrder = (w: BuyingSnapshot) => ann(w).orders[0];

function violationsAfter(mutate: Mutation): string[] {
  const w = world();
  mutate(w);
  return findViolations(w).violations;
}

describe('buying invariants (pure rules)', () => {
  it('finds nothing wrong in a consistent bakery, and counts it', () => {
    const { violations, figures } = findViolations(world());
    expect(violations).toEqual([]);
    expect(figures).toMatchObject({
      customers: 3,
      orders: { total: 3, completed: 1, cancelled: 1, rejected: 1, placed: 0 },
      refundedOrders: 1,
      itemsSold: 2,
      itemsReservedNow: 0,
      deposits: 1500,
      balances: 800,
      charges: 1050,
      refunds: 350,
      takings: 700,
      days: [{ date: '2026-12-01', posNet: 700, bankNet: 700 }],
    });
  });

  // Every rule, shown able to fail: each mutation breaks exactly what its name says.
  const cases: Array<[string, Mutation, RegExp]> = [
    // money
    [
      'money not conserved (customers + takings ≠ deposits)',
      (w) => void (w.books.takings = aud(701)),
      /money not conserved/,
    ],
    [
      'takings ≠ charges − refunds',
      (w) => ((w.books.takings = aud(1050)), (w.books.customers = aud(450))),
      /takings 1050 ≠ approved charges 1050 − refunds 350/,
    ],
    ['takings still pending', (w) => void (w.books.pending = aud(5)), /5 pending/],
    [
      'an account out of balance',
      (w) => void (w.books.accountsOutOfBalance = 1),
      /disagree with their own ledger/,
    ],
    ['the books unbalanced', (w) => void (w.books.balanced = false), /not balanced/],
    [
      "a customer's balance differs from their ledger",
      (w) => void (ann(w).balance = aud(301)),
      /customer ann: balance 301 ≠ their transactions' sum 300/,
    ],
    ['a negative balance', (w) => void (cat(w).balance = aud(-1)), /negative balance/],
    [
      "balances do not add up to the bank's customers total",
      (w) => void (w.books.customers = aud(900)),
      /balances add up to 800, the bank's customers total is 900/,
    ],
    [
      "the customers' deposits differ from the books",
      (w) => void (w.books.deposits = aud(1600)),
      /deposit transactions add up to 1500, the bank's books say 1600/,
    ],
    // per-order cost
    [
      'a rejected order that cost money',
      (w) => {
        cat(w).transactions.push({ id: 'd', type: 'deposit', amount: aud(100) });
        cat(w).transactions.push({ id: 'x', type: 'charge', amount: aud(100), orderId: 'o-cat' });
      },
      /order o-cat \(cat, rejected\) cost the customer 100/,
    ],
    [
      'a cancelled order charged and never refunded',
      (w) => void bob(w).transactions.pop(),
      /order o-bob \(bob, cancelled\) cost the customer 350/,
    ],
    [
      'a refund not recorded on the order',
      (w) => void delete bob(w).orders[0].refunded,
      /the bank refunded 350, the order records no refund/,
    ],
    [
      'a refunded order whose receipt still says paid',
      (w) => void (bob(w).receipts['o-bob']!.status = 'paid'),
      /the receipt says paid/,
    ],
    [
      'a completed order charged less than its total',
      (w) => void (ann(w).transactions[1].amount = aud(600)),
      /total 700, but the customer paid 600/,
    ],
    [
      'an order charged twice',
      (w) => {
        ann(w).transactions.push({ id: 'x', type: 'charge', amount: aud(700), orderId: 'o-ann' });
        ann(w).transactions.push({ id: 'y', type: 'refund', amount: aud(700), orderId: 'o-ann' });
      },
      /charged 2 times/,
    ],
    [
      "a charge for an order that is not the customer's",
      (w) => {
        cat(w).transactions.push({ id: 'd', type: 'deposit', amount: aud(700) });
        cat(w).transactions.push({ id: 'x', type: 'charge', amount: aud(700), orderId: 'o-ann' });
      },
      /charge x of 700 for order o-ann, which is not theirs/,
    ],
    [
      'a charge naming no order',
      (w) => void delete ann(w).transactions[1].orderId,
      /charge t2 names no order/,
    ],
    [
      'refunded more than charged',
      (w) => void (bob(w).transactions[2].amount = aud(400)),
      /refunded 400, more than/,
    ],
    // final states
    [
      'an order left in a non-final state',
      (w) => void (cat(w).orders[0].status = 'placed'),
      /is not in a final state/,
    ],
    [
      'an order left paid',
      (w) => void (annOrder(w).status = 'paid'),
      /\(ann, paid\) is not in a final state/,
    ],
    // what a completed order got
    [
      'a completed order short of an item',
      (w) => void annOrder(w).items!.pop(),
      /asked for 2 × bread, got 1/,
    ],
    [
      'a completed order with an item of another product',
      (w) => void (annOrder(w).items![1].productId = 'donut'),
      /asked for 0 × donut, got 1/,
    ],
    [
      'a completed order listing one item twice',
      (w) => void (annOrder(w).items![1].id = 'i1'),
      /lists the same item twice/,
    ],
    ['a completed order without a receipt', (w) => void delete ann(w).receipts['o-ann'], /has no receipt/],
    [
      'a receipt whose total is not its lines',
      (w) => void (ann(w).receipts['o-ann']!.lines[0].lineTotal = aud(600)),
      /line total 600 ≠ 350 × 2/,
    ],
    [
      'a receipt whose unit price is not list − discount',
      (w) => void (ann(w).receipts['o-ann']!.lines[0].unitPrice = aud(400)),
      /unit price 400 ≠ list 400 − discount 50/,
    ],
    [
      'a receipt discount that is not its lines',
      (w) => void (ann(w).receipts['o-ann']!.discount = aud(50)),
      /receipt discount 50 ≠ its lines' 100/,
    ],
    [
      'a receipt pricing other quantities than the order',
      (w) => {
        const line = ann(w).receipts['o-ann']!.lines[0];
        line.quantity = 1;
        line.lineTotal = aud(350);
        ann(w).receipts['o-ann']!.total = aud(350);
        ann(w).receipts['o-ann']!.discount = aud(50);
      },
      /the receipt prices 1 × bread, the order has 2/,
    ],
    // days
    [
      'pos takings net ≠ bank day net',
      (w) => void (w.days[0].bank = { charges: 1050, refunds: 300, net: 750 }),
      /pos takings net 700 ≠ bank day net 750/,
    ],
    [
      "pos's net is not gross − discounts − refunds",
      (w) => void (w.days[0].pos!.net = aud(750)),
      /pos net 750 ≠ gross 1200 − discounts 150 − refunds 350/,
    ],
    ['no pos takings for a date', (w) => void delete w.days[0].pos, /no pos takings for 2026-12-01/],
    // items
    [
      'an item reserved for two orders at once',
      (w) => void w.items[0].life.splice(2, 1),
      /item i1 \(bread\) reserved for order o-ann while reserved for order o-cat/,
    ],
    [
      'an item handed to two orders',
      (w) => {
        w.items[0].life.push({ kind: 'sold', at: T0, version: 9, orderId: 'o-bob' });
      },
      /item i1 \(bread\) handed to order o-bob and to order o-ann/,
    ],
    [
      'an item handed over without being reserved for the order',
      (w) => void w.items[1].life.splice(1, 1),
      /item i2 \(bread\) handed to order o-ann without being reserved for it/,
    ],
    [
      'an item reserved when it was no longer sellable',
      (w) => void (w.items[1].expiresAt = T0),
      /item i2 \(bread\) reserved for order o-ann at .*not sellable/,
    ],
    [
      'an item thrown out after it was handed over',
      (w) => void w.items[1].life.push({ kind: 'discarded', at: EXPIRES, version: 9 }),
      /was discarded at .* after it was handed to order o-ann/,
    ],
    [
      'an item discarded while reserved',
      (w) => void w.items[2].life.splice(2, 1),
      /item i3 \(bread\) discarded at .* while reserved for order o-bob/,
    ],
    [
      'a cancelled order still holding an item',
      (w) => {
        w.items[2] = item('i3', 'bread', w.items[2].life.slice(0, 2));
      },
      /item i3 \(bread\) is still reserved for order o-bob, which is cancelled/,
    ],
    [
      'a shelf holding an item for a rejected order',
      (w) => void w.shelves[0].items.push({ id: 'i9', reserved: true, orderId: 'o-cat' }),
      /shelf bread holds item i9 for order o-cat, which is rejected/,
    ],
    [
      'an item handed to an order that was cancelled',
      (w) => {
        w.items[2] = item('i3', 'bread', [
          ...w.items[2].life.slice(0, 2),
          { kind: 'sold', at: T0, version: 7, orderId: 'o-bob' },
        ]);
      },
      /item i3 \(bread\) was handed to order o-bob, which is cancelled/,
    ],
    [
      "an order's item that products never baked",
      (w) => void w.items.splice(1, 1),
      /item i2 of order o-ann has no history in products/,
    ],
    [
      "an order's item that products sold to another order",
      (w) => void (w.items[1].orderId = 'o-bob'),
      /item i2 of order o-ann is sold for order o-bob in products/,
    ],
    [
      'an item listed by two orders',
      (w) => {
        bob(w).orders[0].status = 'completed';
        bob(w).orders[0].items = [{ id: 'i1', productId: 'bread' }];
      },
      /item i1 is listed by order o-bob and order o-ann/,
    ],
    [
      'the order list disagreeing with the order',
      (w) => void (ann(w).listed = [{ id: 'o-ann', status: 'paid', placedAt: T0 }]),
      /lists order o-ann as paid, GET \/api\/orders\/o-ann says completed/,
    ],
    [
      'the order list not newest first',
      (w) =>
        void (ann(w).listed = [
          { id: 'o-old', status: 'completed', placedAt: T0 },
          { id: 'o-ann', status: 'completed', placedAt: EXPIRES },
        ]),
      /not newest first/,
    ],
    [
      'the order list repeating an order',
      (w) =>
        void (ann(w).listed = [
          { id: 'o-ann', status: 'completed', placedAt: T0 },
          { id: 'o-ann', status: 'completed', placedAt: T0 },
        ]),
      /lists an order twice/,
    ],
    [
      'an order listed for two customers',
      (w) => void cat(w).orders.push({ ...annOrder(w) }),
      /order o-ann is listed for two customers/,
    ],
  ];

  it.each(cases)('reports %s', (_name, mutate, expected) => {
    const violations = violationsAfter(mutate);
    expect(violations.some((v) => expected.test(v))).toBe(true);
  });
});
