import { ShelfCommandError } from './shelf';
import { toCommand } from './shelf.entity';

const now = '2026-11-30T20:00:00.000Z';

describe('shelf entity: operations into commands', () => {
  it('maps each operation to its command', () => {
    expect(toCommand('reserve', { orderId: 'o1', quantity: 2, now })).toEqual({
      type: 'Reserve',
      orderId: 'o1',
      quantity: 2,
      now,
    });
    expect(toCommand('handOver', { orderId: 'o1', now })).toEqual({ type: 'HandOver', orderId: 'o1', now });
    expect(toCommand('discard', { now, closingAt: now })).toEqual({ type: 'Discard', now, closingAt: now });
  });

  it('refuses an unknown operation and a malformed input, saying what is wrong', () => {
    expect(() => toCommand('bake', {})).toThrow(new ShelfCommandError('shelf: unknown operation "bake"'));
    expect(() => toCommand(undefined, {})).toThrow(ShelfCommandError);
    expect(() => toCommand('reserve', { orderId: 'o1', now })).toThrow(/shelf reserve: quantity: /);
    expect(() => toCommand('expire', { now: 'yesterday' })).toThrow(/shelf expire: now: /);
    expect(() => toCommand('stock', undefined)).toThrow(/shelf stock: input: /);
  });
});
