import { newOrder } from './order';
import { orderUpdated } from './order-live';

const placed = newOrder('o-1', 'alex', [{ productId: 'bread', quantity: 2 }], '2026-12-01T00:00:00.000Z');

describe('orderUpdated', () => {
  it('says the new status when it moved', () => {
    expect(orderUpdated(placed, { ...placed, status: 'reserved' })).toEqual({
      type: 'order.updated',
      orderId: 'o-1',
      status: 'reserved',
    });
  });

  it('carries the reason of a rejection or a cancellation', () => {
    expect(orderUpdated(placed, { ...placed, status: 'rejected', reason: 'out-of-stock' })).toEqual({
      type: 'order.updated',
      orderId: 'o-1',
      status: 'rejected',
      reason: 'out-of-stock',
    });
  });

  it('is nothing when the status did not move (a payment recorded, a refund noted)', () => {
    expect(orderUpdated(placed, { ...placed, updatedAt: '2026-12-01T00:01:00.000Z' })).toBeUndefined();
  });
});
