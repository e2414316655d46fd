/** The one source of time. Domain code takes a Clock; only composition roots pick the implementation. */
export interface Clock {
  /** Milliseconds since the epoch, like Date.now(). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function isoNow(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}

/** Durations in milliseconds, the unit of every Clock. */
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;

/** An epoch-milliseconds instant as ISO 8601 UTC. */
export const toIso = (t: number): string => new Date(t).toISOString();
