import {
  ALL_BUT_PRODUCTION,
  MINUTE,
  OPENING,
  startBuyingBakery,
  type BuyingBakery,
} from './support/buying-harness';

/**
 * Buying across a restart of the host (issue 11: never lose a cent): the state on disk, the saga,
 * the messages not yet completed and the outbox pick up where they were.
 */
jest.setTimeout(120_000);

let bakery: BuyingBakery;
beforeAll(async () => {
  bakery = await startBuyingBakery({
    startAt: OPENING + 30 * MINUTE,
    services: ALL_BUT_PRODUCTION,
    persistent: true,
  });
  await bakery.bake('bread', 20);
}, 120_000);
afterAll(() => bakery?.stop());

const bread = [{ productId: 'bread', quantity: 2 }];

describe('a restart in the middle of an order', () => {
  it('while the charge waits at the bank: after the restart the order completes, charged once', async () => {
    const ann = await bakery.signIn('ann');
    await bakery.deposit(ann, 10_000);
    bakery.runtime.bus.hold('pos', 'bank');
    const placed = await bakery.place(ann, bread);
    await bakery.quiet();
    expect((await bakery.order(ann, placed.json.id)).status).toBe('reserved');

    await bakery.restart();
    const order = await bakery.final(ann, placed.json.id);
    expect(order).toMatchObject({ status: 'completed', total: { amount: 1600 } });
    expect(order.items).toHaveLength(2);
    expect(await bakery.balance(ann)).toBe(10_000 - 1600);
    await bakery.expectInvariants();
  });

  it('right after the POST answered, before the saga ran: the order is not lost', async () => {
    const bob = await bakery.signIn('bob');
    await bakery.deposit(bob, 10_000);
    const placed = await bakery.place(bob, bread);
    expect(placed.status).toBe(202);
    await bakery.restart();
    expect(await bakery.final(bob, placed.json.id)).toMatchObject({ status: 'completed' });
    expect(await bakery.balance(bob)).toBe(10_000 - 1600);
    await bakery.expectInvariants();
  });

  it('a declined order across a restart: nothing charged, the loaves back', async () => {
    const cy = await bakery.signIn('cy');
    await bakery.deposit(cy, 100);
    const before = (await bakery.shelf('bread')).available;
    bakery.runtime.bus.hold('pos', 'bank');
    const placed = await bakery.place(cy, bread);
    await bakery.quiet();
    await bakery.restart();
    expect(await bakery.final(cy, placed.json.id)).toMatchObject({
      status: 'cancelled',
      reason: 'insufficient-funds',
    });
    expect((await bakery.shelf('bread')).available).toBe(before);
    expect(await bakery.balance(cy)).toBe(100);
    await bakery.expectInvariants();
  });
});
