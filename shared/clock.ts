/** The one source of time. Domain code takes a Clock; only composition roots pick the implementation. */
export interface Clock {
  /** Milliseconds since the epoch, like Date.now(). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * The second of the design's two clocks (section 7): real time, for what protects people (token
 * lifetimes, sign-in sessions, rate-limit windows). The bakery clock (`Infrastructure.clock`) can be
 * sped up or held locally; this one never is, so a sped-up day neither logs everyone out nor keeps
 * a token alive for ever. Injected like the other (`ServiceContext.realClock`).
 */
export const realClock: Clock = systemClock;

export function isoNow(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}

/** Durations in milliseconds, the unit of every Clock. */
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;

/** An epoch-milliseconds instant as ISO 8601 UTC. */
export const toIso = (t: number): string => new Date(t).toISOString();
