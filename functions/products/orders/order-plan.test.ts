import { BakeryCalendar } from '../../../shared/time/bakery-calendar';
import { planOrder } from './order-plan';
import { lastClosing, previousDay, slotId, sweepSchedule, sweepSlot } from '../upkeep/slots';

const products = new Set(['bread', 'donut', 'croissant']);

describe('planOrder', () => {
  it('merges repeated lines and sorts by product id, so every order takes the shelves in one order', () => {
    expect(
      planOrder(
        [
          { productId: 'donut', quantity: 2 },
          { productId: 'bread', quantity: 1 },
          { productId: 'donut', quantity: 3 },
        ],
        products,
      ),
    ).toEqual({
      kind: 'reserve',
      lines: [
        { productId: 'bread', quantity: 1 },
        { productId: 'donut', quantity: 5 },
      ],
    });
  });

  it('names every problem: unknown product types, quantities that are not positive whole numbers, no lines', () => {
    expect(
      planOrder(
        [
          { productId: 'pretzel', quantity: 1 },
          { productId: 'bread', quantity: 0 },
          { productId: 'donut', quantity: -2 },
          { productId: 'donut', quantity: 0.5 },
        ],
        products,
      ),
    ).toEqual({
      kind: 'invalid',
      problems: [
        'lines[0].productId: "pretzel" is not a product of this bakery',
        'lines[1].quantity: must be a positive whole number',
        'lines[2].quantity: must be a positive whole number',
        'lines[3].quantity: must be a positive whole number',
      ],
    });
    expect(planOrder([], products)).toEqual({ kind: 'invalid', problems: ['the order has no lines'] });
  });
});

describe('timer slots', () => {
  const calendar = new BakeryCalendar({
    timeZone: 'Australia/Sydney',
    opensAt: '07:00',
    closesAt: '17:00',
  });
  const OPENING = Date.parse('2026-11-30T20:00:00Z');
  const CLOSING = Date.parse('2026-12-01T06:00:00Z');
  const MIN = 60_000;

  it('sweeps on a cron that divides the hour, else every minute', () => {
    expect(sweepSchedule(15)).toBe('0 */15 * * * *');
    expect(sweepSchedule(1)).toBe('0 */1 * * * *');
    expect(sweepSchedule(45)).toBe('0 * * * * *');
    expect(sweepSchedule(60)).toBe('0 * * * * *');
  });

  it('puts a sweep in the slot counted from opening, and none while closed', () => {
    expect(sweepSlot(calendar, OPENING, 15)).toBe('2026-11-30T20:00:00.000Z');
    expect(sweepSlot(calendar, OPENING + 29 * MIN + 59_999, 15)).toBe('2026-11-30T20:15:00.000Z');
    expect(sweepSlot(calendar, OPENING + 50 * MIN, 45)).toBe('2026-11-30T20:45:00.000Z');
    expect(sweepSlot(calendar, OPENING - 1, 15)).toBeUndefined();
    expect(sweepSlot(calendar, CLOSING, 15)).toBeUndefined();
    expect(slotId('2026-11-30T20:15:00.000Z')).toBe('2026-11-30T20:15Z');
  });

  it("knows the last closing: today's once it has passed, else yesterday's", () => {
    expect(lastClosing(calendar, CLOSING)).toEqual({ day: '2026-12-01', closingAt: CLOSING });
    expect(lastClosing(calendar, CLOSING - 1)).toEqual({
      day: '2026-11-30',
      closingAt: CLOSING - 24 * 60 * MIN,
    });
    expect(lastClosing(calendar, OPENING + 24 * 60 * MIN)).toEqual({ day: '2026-12-01', closingAt: CLOSING });
    expect(previousDay('2026-03-01')).toBe('2026-02-28');
  });
});
