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

describe('decideBake', () => {
  it('waits before opening', () => {
    expect(decideBake(bread(), calendar, at('06:59'))).toEqual({ type: 'wait', nextSlot: at('07:00') });
  });

  it('bakes a slot once it is due, the oldest missed one first', () => {
    expect(decideBake(bread(), calendar, at('07:00'))).toEqual({ type: 'bake', slot: at('07:00') });
    expect(decideBake(baked(bread(), '07:00'), calendar, at('08:05'))).toEqual({
      type: 'bake',
      slot: at('07:30'),
    });
    expect(decideBake(baked(bread(), '07:30'), calendar, at('08:05'))).toEqual({
      type: 'bake',
      slot: at('08:00'),
    });
    expect(decideBake(baked(bread(), '08:00'), calendar, at('08:05'))).toEqual({
      type: 'wait',
      nextSlot: at('08:30'),
    });
  });

  it('catches up after closing on the same day but never bakes yesterday on a new day', () => {
    expect(decideBake(baked(bread(), '16:00'), calendar, at('18:00'))).toEqual({
      type: 'bake',
      slot: at('16:30'),
    });
    expect(decideBake(baked(bread(), '16:00'), calendar, at('06:00', '2026-12-02'))).toEqual({
      type: 'wait',
      nextSlot: at('07:00', '2026-12-02'),
    });
  });
});

describe('nextBakeAt', () => {
  it('is the next unbaked slot of today', () => {
    expect(nextBakeAt(bread(), calendar, at('06:30'))).toBe(at('07:00'));
    expect(nextBakeAt(baked(bread(), '07:00'), calendar, at('07:10'))).toBe(at('07:30'));
  });

  it('is the next opening after the last slot of the day', () => {
    expect(nextBakeAt(baked(bread(), '16:30'), calendar, at('16:40'))).toBe(at('07:00', '2026-12-02'));
    expect(nextBakeAt(baked(bread(), '16:30'), calendar, at('23:59'))).toBe(at('07:00', '2026-12-02'));
  });
});
