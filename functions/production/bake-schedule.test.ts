import { BakeryCalendar } from '../../shared/time/bakery-calendar';
import { decideBake, nextBakeAt, nextSlot } from './bake-schedule';
import { changeRecipe, seedRecipe, type Recipe } from './recipe';

const calendar = new BakeryCalendar({
  timeZone: 'Australia/Sydney',
  opensAt: '07:00',
  closesAt: '17:00',
});
/** 2026-12-01 in Sydney (UTC+11). */
const at = (hhmm: string, day = '2026-12-01') => Date.parse(`${day}T${hhmm}:00+11:00`);
const today = { opening: at('07:00'), closing: at('17:00') };

const bread = (): Recipe =>
  seedRecipe({
    id: 'bread',
    name: 'Bread',
    description: '',
    price: 800,
    bakeEveryMinutes: 30,
    batchSize: 5,
    shelfLifeMinutes: null,
    closingDiscountPercent: 50,
  });
const baked = (recipe: Recipe, hhmm: string): Recipe => ({ ...recipe, lastBakedAt: at(hhmm) });

describe('nextSlot', () => {
  it('starts at opening and steps by the interval', () => {
    expect(nextSlot(bread(), today)).toBe(at('07:00'));
    expect(nextSlot(baked(bread(), '07:00'), today)).toBe(at('07:30'));
    expect(nextSlot(baked(bread(), '16:00'), today)).toBe(at('16:30'));
  });

  it('has no slot at or after closing', () => {
    expect(nextSlot(baked(bread(), '16:30'), today)).toBeUndefined();
    const baguette = { ...bread(), bakeEveryMinutes: 45 };
    expect(nextSlot(baked(baguette, '16:00'), today)).toBe(at('16:45'));
    expect(nextSlot(baked(baguette, '16:45'), today)).toBeUndefined();
  });

  it('ignores what was baked on an earlier day', () => {
    expect(nextSlot({ ...bread(), lastBakedAt: at('16:30', '2026-11-30') }, today)).toBe(at('07:00'));
  });

  it('after an interval change, takes the new grid from opening but nothing before the change or already baked', () => {
    const changed = changeRecipe(baked(bread(), '10:00'), { bakeEveryMinutes: 20 }, at('10:05'), 'staff-1');
    expect(nextSlot(changed, today)).toBe(at('10:20'));
    const to7 = changeRecipe(baked(bread(), '10:00'), { bakeEveryMinutes: 7 }, at('10:05'), 'staff-1');
    expect(nextSlot(to7, today)).toBe(at('10:09')); // 10:02 is on the new grid but before the change
    const to45 = changeRecipe(baked(bread(), '10:00'), { bakeEveryMinutes: 45 }, at('10:05'), 'staff-1');
    expect(nextSlot(to45, today)).toBe(at('10:45')); // 10:00 is on both grids and already baked
  });

  it('applies a change made on an earlier day from the next opening', () => {
    const yesterday = { ...bread(), lastBakedAt: at('16:30', '2026-11-30') };
    const changed = changeRecipe(yesterday, { bakeEveryMinutes: 20 }, at('16:45', '2026-11-30'), 'staff-1');
    expect(nextSlot(changed, today)).toBe(at('07:00'));
  });
});

const run = (from: string, to: string, slots: number, day = '2026-12-01') => ({
  day,
  from: at(from, day),
  to: at(to, day),
  slots,
});
const donut = (): Recipe => ({ ...bread(), productId: 'donut', bakeEveryMinutes: 1, shelfLifeMinutes: 25 });

describe('decideBake', () => {
  it('waits before opening', () => {
    expect(decideBake(bread(), calendar, at('06:59'))).toEqual({ type: 'wait', nextSlot: at('07:00') });
  });

  it('bakes a slot from its time until the next slot, once', () => {
    expect(decideBake(bread(), calendar, at('07:00'))).toEqual({
      type: 'bake',
      slot: at('07:00'),
      skipped: [],
    });
    expect(decideBake(bread(), calendar, at('07:29') + 59_999)).toEqual({
      type: 'bake',
      slot: at('07:00'),
      skipped: [],
    });
    expect(decideBake(baked(bread(), '07:00'), calendar, at('07:10'))).toEqual({
      type: 'wait',
      nextSlot: at('07:30'),
    });
  });

  it('after a gap shorter than an interval, still bakes the slot that is due, once', () => {
    // Down from 07:05 to 07:50: the 07:30 bread is 20 minutes late, still due until 08:00.
    expect(decideBake(baked(bread(), '07:00'), calendar, at('07:50'))).toEqual({
      type: 'bake',
      slot: at('07:30'),
      skipped: [],
    });
    expect(decideBake(baked(bread(), '07:30'), calendar, at('07:50'))).toEqual({
      type: 'wait',
      nextSlot: at('08:00'),
    });
  });

  it('after a longer gap, bakes only the slot due now and writes off the ones before it', () => {
    expect(decideBake(baked(bread(), '07:00'), calendar, at('09:05'))).toEqual({
      type: 'bake',
      slot: at('09:00'),
      skipped: [run('07:30', '08:30', 3)],
    });
    expect(decideBake(baked(donut(), '09:00'), calendar, at('11:00') + 30_000)).toEqual({
      type: 'bake',
      slot: at('11:00'),
      skipped: [run('09:01', '10:59', 119)],
    });
  });

  it('on a fresh oven in the middle of the day, does not bake the morning', () => {
    expect(decideBake(donut(), calendar, at('11:00'))).toEqual({
      type: 'bake',
      slot: at('11:00'),
      skipped: [run('07:00', '10:59', 240)],
    });
    expect(decideBake(bread(), calendar, at('11:01'))).toEqual({
      type: 'bake',
      slot: at('11:00'),
      skipped: [run('07:00', '10:30', 8)],
    });
  });

  it('goes on from where the skips left off', () => {
    const skippedMorning: Recipe = { ...donut(), skippedThrough: at('10:59'), lastBakedAt: null };
    expect(decideBake(skippedMorning, calendar, at('11:00'))).toEqual({
      type: 'bake',
      slot: at('11:00'),
      skipped: [],
    });
    expect(decideBake({ ...skippedMorning, lastBakedAt: at('11:00') }, calendar, at('11:00'))).toEqual({
      type: 'wait',
      nextSlot: at('11:01'),
    });
  });

  it('never bakes a batch whose items would be stale on arrival', () => {
    // Every 60 minutes, sellable for 20: at 09:25 the 09:00 batch would already be stale.
    const short = { ...bread(), bakeEveryMinutes: 60, shelfLifeMinutes: 20 };
    expect(decideBake({ ...short, lastBakedAt: at('08:00') }, calendar, at('09:19'))).toMatchObject({
      type: 'bake',
      slot: at('09:00'),
    });
    expect(decideBake({ ...short, lastBakedAt: at('08:00') }, calendar, at('09:25'))).toEqual({
      type: 'skip',
      skipped: [run('09:00', '09:00', 1)],
    });
    expect(
      decideBake({ ...short, lastBakedAt: at('08:00'), skippedThrough: at('09:00') }, calendar, at('09:25')),
    ).toEqual({ type: 'wait', nextSlot: at('10:00') });
  });

  it('bakes nothing at or after closing: missed slots of the evening are written off', () => {
    expect(decideBake(baked(bread(), '16:00'), calendar, at('16:45'))).toMatchObject({
      type: 'bake',
      slot: at('16:30'),
    });
    expect(decideBake(baked(bread(), '16:00'), calendar, at('18:00'))).toEqual({
      type: 'skip',
      skipped: [run('16:30', '16:30', 1)],
    });
    // A baguette (every 45) baked at 16:45 would be due until 17:30, but the shop is closed at 17:00.
    const baguette = { ...bread(), bakeEveryMinutes: 45 };
    expect(decideBake(baked(baguette, '16:00'), calendar, at('17:10'))).toEqual({
      type: 'skip',
      skipped: [run('16:45', '16:45', 1)],
    });
    expect(decideBake(baked(baguette, '16:45'), calendar, at('17:10'))).toEqual({
      type: 'wait',
      nextSlot: undefined,
    });
  });

  it("never bakes yesterday: on a new day it writes off yesterday's open slots, then bakes today's", () => {
    expect(decideBake(baked(bread(), '15:00'), calendar, at('06:00', '2026-12-02'))).toEqual({
      type: 'skip',
      skipped: [run('15:30', '16:30', 3)],
    });
    expect(decideBake(baked(bread(), '15:00'), calendar, at('08:10', '2026-12-02'))).toEqual({
      type: 'bake',
      slot: at('08:00', '2026-12-02'),
      skipped: [run('15:30', '16:30', 3), run('07:00', '07:30', 2, '2026-12-02')],
    });
    const done = { ...baked(bread(), '15:00'), skippedThrough: at('16:30') };
    expect(decideBake(done, calendar, at('06:00', '2026-12-02'))).toEqual({
      type: 'wait',
      nextSlot: at('07:00', '2026-12-02'),
    });
  });

  it('after an interval change, writes off only slots of the new grid after the change', () => {
    const changed = changeRecipe(baked(bread(), '10:00'), { bakeEveryMinutes: 20 }, at('10:05'), 'staff-1');
    expect(decideBake(changed, calendar, at('11:30'))).toEqual({
      type: 'bake',
      slot: at('11:20'),
      skipped: [run('10:20', '11:00', 3)],
    });
  });
});

describe('nextBakeAt', () => {
  it('is the next unbaked slot of today', () => {
    expect(nextBakeAt(bread(), calendar, at('06:30'))).toBe(at('07:00'));
    expect(nextBakeAt(baked(bread(), '07:00'), calendar, at('07:10'))).toBe(at('07:30'));
  });

  it('is the slot due now, else the next slot of the grid: missed slots will be skipped, not baked', () => {
    expect(nextBakeAt(bread(), calendar, at('11:10'))).toBe(at('11:00'));
    expect(nextBakeAt(baked(bread(), '07:00'), calendar, at('09:05'))).toBe(at('09:00'));
    const short = { ...bread(), bakeEveryMinutes: 60, shelfLifeMinutes: 20, lastBakedAt: at('08:00') };
    expect(nextBakeAt(short, calendar, at('09:25'))).toBe(at('10:00'));
    expect(nextBakeAt(baked(bread(), '15:00'), calendar, at('18:00'))).toBe(at('07:00', '2026-12-02'));
  });

  it('is the next opening after the last slot of the day', () => {
    expect(nextBakeAt(baked(bread(), '16:30'), calendar, at('16:40'))).toBe(at('07:00', '2026-12-02'));
    expect(nextBakeAt(baked(bread(), '16:30'), calendar, at('23:59'))).toBe(at('07:00', '2026-12-02'));
  });
});
