import type { Topology } from '../shared/events/topology';

/**
 * What the code actually runs, read from its text so infra/ can be checked against it without
 * starting the app (functions/index.ts calls app.setup and reads the environment when imported).
 */

/**
 * The service names functions/index.ts registers: the keys of its `const services ... = { ... }`
 * map (`production: production.register,`), in source order. Throws when the map is not found, so a
 * refactor of functions/index.ts breaks the infra test loudly instead of silently deploying nothing.
 */
export function registeredServices(indexSource: string): string[] {
  const start = /const services\b[^=]*=\s*\{/.exec(indexSource);
  if (!start) throw new Error('registeredServices: no `const services ... = {` in functions/index.ts');
  const body = indexSource.slice(
    start.index + start[0].length,
    indexSource.indexOf('}', start.index + start[0].length),
  );
  return [...body.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '').matchAll(/^\s*([a-z][a-z0-9]*)\s*:/gm)].map(
    (m) => m[1],
  );
}

/** `subscribe('<consumer>', '<topic>', ...)` calls under a service's folder (shared/messaging/subscribe.ts). */
export function subscriptionsInCode(sources: readonly string[]): Array<{ consumer: string; topic: string }> {
  return sources.flatMap((text) =>
    [...text.matchAll(/(?<![.\w])subscribe\(\s*'([a-z]+)'\s*,\s*'([a-z]+)'/g)].map((m) => ({
      consumer: m[1],
      topic: m[2],
    })),
  );
}

/**
 * The TypeScript twin of the cut in infra/modules/servicebus.bicep (`topicsInUse` / `deployedTopics`):
 * a subscription only for a deployed consumer; a topic when its publisher is deployed or a deployed
 * consumer reads it. Keep the two in step (infra/infra.test.ts checks the Bicep text too).
 */
export function deployedTopology(topology: Topology, deployed: readonly string[]): Topology {
  const isDeployed = (name: string) => deployed.includes(name);
  return {
    topics: topology.topics
      .filter((t) => isDeployed(t.name) || t.subscriptions.some((s) => isDeployed(s.name)))
      .map((t) => ({ ...t, subscriptions: t.subscriptions.filter((s) => isDeployed(s.name)) })),
  };
}
