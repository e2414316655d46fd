import { randomUUID } from 'node:crypto';
import { checkBuyingInvariants } from '../scripts/buying-invariants';
import {
  ALL_BUT_PRODUCTION,
  DAY,
  MINUTE,
  OPENING,
  startBuyingBakery,
  type BuyingBakery,
} from './support/buying-harness';

/**
 * The invariant checker against a real bakery: it reads what it must (a clean bakery passes) and it
 * sees a real fault through the services' own state (scripts/buying-rules.test.ts proves each rule
 * on hand-made snapshots; this proves the reading).
 */
jest.setTimeout(120_000);

let bakery: BuyingBakery;
beforeAll(async () => {
  bakery = await startBuyingBakery({ startAt: OPENING + 30 * MINUTE, services: ALL_BUT_PRODUCTION });
  await bakery.bake('bread', 10);
}, 120_000);
afterAll(() => bakery?.stop());

describe('checkBuyingInvariants on a real bakery', () => {
  it('passes a clean day and counts it', async () => {
    const ann = await bakery.signIn('ann');
    await bakery.deposit(ann, 5000);
    await bakery.buy(ann, [{ productId: 'bread', quantity: 2 }]);
    const bob = await bakery.signIn('bob');
    await bakery.buy(bob, [{ productId: 'bread', quantity: 1 }]);
    const { figures } = await bakery.expectInvariants();
    expect(figures).toMatchObject({
      customers: 2,
      orders: { total: 2, completed: 1, cancelled: 1 },
      itemsSold: 2,
      deposits: 5000,
      balances: 5000 - 1600,
      takings: 1600,
      days: [{ date: DAY, posNet: 1600, bankNet: 1600 }],
    });
  });

  it("sees money held by a customer it was not told about (the bank's total is larger)", async () => {
    const stranger = await bakery.signIn('stranger');
    await bakery.deposit(stranger, 100);
    const others = (await bakery.check()).violations;
    expect(others).toEqual([]);
    const staffToken = await bakery.staffToken();
    const { violations } = await checkBuyingInvariants(bakery.runtime, {
      customers: [], // nobody: the bank's customers total is not theirs
      staffToken,
      dates: [],
    });
    expect(violations.some((v) => /balances add up to 0, the bank's customers total is 3500/.test(v))).toBe(
      true,
    );
  });

  it("sees an item products' history says it sold to a second order", async () => {
    const container = bakery.runtime.store.findContainer('products')!;
    const sold: any = (await container.query({ where: [{ field: 'status', op: '=', value: 'sold' }] }))[0];
    expect(sold).toBeDefined();
    const other = randomUUID();
    const { _etag, _ts, ...doc } = sold;
    void _ts;
    const last = doc.life[doc.life.length - 1];
    await container.replace(
      {
        ...doc,
        orderId: other,
        life: [...doc.life, { kind: 'sold', at: last.at, version: last.version + 100, orderId: other }],
      },
      { ifMatch: _etag },
    );
    const { violations } = await bakery.check();
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`item ${doc.id} .*handed to order ${other} and to order ${sold.orderId}`),
        ),
        expect.stringMatching(
          new RegExp(`item ${doc.id} of order ${sold.orderId} is sold for order ${other}`),
        ),
      ]),
    );
    // Put it back, so the bakery is clean again.
    const tampered: any = (await container.query({ where: [{ field: 'id', op: '=', value: doc.id }] }))[0];
    await container.replace(doc, { ifMatch: tampered._etag });
    expect((await bakery.check()).violations).toEqual([]);
  });

  it('refuses to check what it cannot read (a customer token that does not work)', async () => {
    await expect(
      checkBuyingInvariants(bakery.runtime, {
        customers: [{ userId: 'nobody', token: 'not-a-token' }],
        staffToken: await bakery.staffToken(),
        dates: [DAY],
      }),
    ).rejects.toThrow(/could not read GET \/api\/bank\/accounts\/me: 401/);
  });
});
