import type { Runtime } from '../../local/runtime';

/**
 * Waits until one service is quiet — nothing queued or in flight on its own subscriptions or on its
 * topic, three idle checks in a row — and fails on anything dead-lettered on the given
 * subscriptions. For the slice test kits that play a service's neighbours on the bus.
 */
export async function quietService(
  runtime: Runtime,
  service: string,
  watched: ReadonlyArray<readonly [topic: string, subscription: string]>,
): Promise<void> {
  for (let calm = 0; calm < 3;) {
    await runtime.idle();
    await new Promise((resolve) => setImmediate(resolve));
    const busy = runtime.bus
      .stats()
      .some((s) => (s.subscription === service || s.topic === service) && (s.active > 0 || s.inFlight > 0));
    calm = busy ? 0 : calm + 1;
  }
  for (const [topic, subscription] of watched) {
    const dead = runtime.bus.deadLetters(topic, subscription);
    if (dead.length > 0)
      throw new Error(
        `dead-lettered on ${topic}/${subscription}: ${dead.map((d) => d.deadLetterErrorDescription).join('; ')}`,
      );
  }
}
