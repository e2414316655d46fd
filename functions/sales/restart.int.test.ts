import { tempDir } from '../../test/support/runtime-harness';
import { PAYMENT_TIMEOUT } from './sell-order.orchestration';
import { aud, someone, startSales } from './sales-test-kit';

jest.setTimeout(30_000);

describe('sell-order across a restart', () => {
  it('a saga waiting for its payment carries on after the bakery restarts, its timeout still armed', async () => {
    const stateDir = tempDir('sales-restart-');
    const user = someone();
    let world = await startSales({ stateDir });
    const orderId = await world.placed(user);
    const reserved = await world.reserve(orderId, user);
    const stoppedAt = world.bakery.runtime.clock.now();
    await world.stop();

    world = await startSales({ stateDir, startAt: stoppedAt });
    try {
      expect((await world.order(user, orderId)).json).toMatchObject({ status: 'reserved' });
      await world.pay(orderId, user, 1600);
      await world.send(reserved.type, reserved.data, reserved.id); // a redelivery from before the restart
      await world.handOver(reserved);
      expect((await world.order(user, orderId)).json).toMatchObject({
        status: 'completed',
        total: aud(1600),
      });

      // A second order is cancelled by its timer armed before a restart.
      const other = await world.placed(user);
      await world.reserve(other, user);
      const at = world.bakery.runtime.clock.now();
      await world.stop();
      world = await startSales({ stateDir, startAt: at });
      await world.advance(PAYMENT_TIMEOUT + 1_000);
      expect((await world.order(user, other)).json).toMatchObject({
        status: 'cancelled',
        reason: 'payment-timeout',
      });
    } finally {
      await world.stop();
    }
  });
});
