import type { ClosingDiscount } from './closing-discount';
import type { Container, Stored } from '../../shared/store/port';
import { daysToCheck, nextWindowState, type WindowState } from './discount-window';
import {
  CALENDAR_PARTITION,
  MAX_ATTEMPTS,
  isLostRace,
  windowDocumentId,
  type WindowDocument,
} from './menu-container';

export async function readWindow(container: Container, day: string): Promise<WindowState | undefined> {
  const doc = (await container.read(windowDocumentId(day), CALENDAR_PARTITION)) as
    Stored<WindowDocument> | undefined;
  return doc?.state;
}

export interface WindowChange {
  day: string;
  state: WindowState;
}

/**
 * Brings the window records up to `now`: today's, and every day missed since the newest record
 * (the timer was down). Each transition is written once: a create that loses to a concurrent run
 * (409) or a replace whose ETag moved (412) re-reads and finds nothing left to do.
 */
export async function recordDiscountWindows(
  container: Container,
  discount: ClosingDiscount,
  now: number,
): Promise<WindowChange[]> {
  const [latest] = await container.query<WindowDocument>({
    where: [{ field: 'kind', op: '=', value: 'discount-window' }],
    orderBy: [{ field: 'day', direction: 'DESC' }],
    limit: 1,
    partitionKey: CALENDAR_PARTITION,
  });
  const changes: WindowChange[] = [];
  for (const day of daysToCheck(latest, discount.calendar.dayOf(now))) {
    const state = await advanceDay(container, discount, day, now);
    if (state) changes.push({ day, state });
  }
  return changes;
}

async function advanceDay(
  container: Container,
  discount: ClosingDiscount,
  day: string,
  now: number,
): Promise<WindowState | undefined> {
  const times = discount.window(day);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const doc = (await container.read(windowDocumentId(day), CALENDAR_PARTITION)) as
      Stored<WindowDocument> | undefined;
    const next = nextWindowState(doc?.state, times, now);
    if (!next) return undefined;
    const body: WindowDocument = {
      id: windowDocumentId(day),
      kind: 'discount-window',
      productId: CALENDAR_PARTITION,
      day,
      startsAt: new Date(times.startsAt).toISOString(),
      endsAt: new Date(times.endsAt).toISOString(),
      state: next,
    };
    try {
      if (doc) await container.replace(body, { ifMatch: doc._etag });
      else await container.create(body);
      return next;
    } catch (error) {
      if (!isLostRace(error)) throw error;
    }
  }
  throw new Error(`discount window of ${day} kept changing under us; the next run will catch up`);
}
