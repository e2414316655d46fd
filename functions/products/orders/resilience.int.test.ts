import { tempDir } from '../../../test/support/runtime-harness';
import { CLOSING, MINUTE, OPENING, startBakery } from '../../../test/support/bakery-harness';
import { iso, PRODUCTS_ONLY, productsKit } from '../products-test-kit';

jest.setTimeout(60_000);

describe('products under failure', () => {
  it('hands a paid order over even when Service Bus was down for minutes in the middle of it', async () => {
    const kit = productsKit(await startBakery({ startAt: OPENING + 60 * MINUTE, settings: PRODUCTS_ONLY }));
    try {
      await kit.bake('bread', [{ bakedAt: OPENING, expiresAt: CLOSING }]);
      const orderId = await kit.placeOrder([{ productId: 'bread', quantity: 1 }]);
      expect(kit.of('bakery.order.reserved.v1', orderId)).toHaveLength(1);

      const bus = kit.bakery.runtime.bus;
      const send = bus.send.bind(bus);
      let down = true;
      bus.send = (topic, messages) =>
        down && topic === 'products'
          ? Promise.reject(new Error('ServiceBusError: ServiceUnavailable'))
          : send(topic, messages);
      const paid = {
        orderId,
        userId: 'customer-1',
        total: { amount: 800, currency: 'AUD' },
        paidAt: iso(kit.bakery.runtime.clock.now()),
      };
      await kit.send('bakery.order.paid.v1', paid, 'paid-1');
      await kit.advanceTo(kit.bakery.runtime.clock.now() + 5 * MINUTE);
      down = false;
      await kit.send('bakery.order.paid.v1', paid, 'paid-2');
      await kit.advanceTo(kit.bakery.runtime.clock.now() + 10 * MINUTE);
      expect(kit.of('bakery.order.handed-over.v1', orderId)).toHaveLength(1);
    } finally {
      await kit.stop();
    }
  });

  it("never sells a closed day's leftovers: an item released the next morning is thrown out, not put back", async () => {
    const dir = tempDir('products-release-');
    let kit = productsKit(
      await startBakery({ startAt: CLOSING - 10 * MINUTE, settings: PRODUCTS_ONLY, stateDir: dir }),
    );
    // A product whose shelf life outlasts the night (the configuration allows up to 7 days).
    const [item] = await kit.bake('croissant', [
      { bakedAt: CLOSING - 60 * MINUTE, expiresAt: CLOSING + 24 * 60 * MINUTE },
    ]);
    const orderId = await kit.placeOrder([{ productId: 'croissant', quantity: 1 }]);
    await kit.stop();
    const nextMorning = OPENING + 24 * 60 * MINUTE + 5 * MINUTE;
    kit = productsKit(await startBakery({ startAt: nextMorning, settings: PRODUCTS_ONLY, stateDir: dir }));
    try {
      await kit.quiet();
      await kit.send('bakery.order.cancelled.v1', {
        orderId,
        userId: 'customer-1',
        reason: 'payment-timeout',
        cancelledAt: iso(nextMorning),
      });
      const shelf = await kit.shelf('croissant');
      expect(shelf.items.filter((i) => i.id === item && i.sellable)).toEqual([]);
      const again = await kit.placeOrder([{ productId: 'croissant', quantity: 1 }]);
      expect(kit.of('bakery.order.reserved.v1', again)).toHaveLength(0);
    } finally {
      await kit.stop();
    }
  });
});
