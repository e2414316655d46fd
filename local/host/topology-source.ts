import * as path from 'node:path';
import type { Topology } from '../bus/topology-types';
import { readAppPackage, readJson } from './app-config';
import type { RegisteredFunction } from './host-api';
import { resolveSetting } from './settings';

/** Where the Service Bus topology came from, for the banner and `GET /admin/host/status`. */
export type TopologySource =
  | { kind: 'given' }
  /** `file` as given, relative to the app root. */
  | { kind: 'file'; file: string; declaredIn: 'option' | 'package.json' }
  | { kind: 'triggers' };

export interface ResolvedTopology {
  topology: Topology;
  source: TopologySource;
}

/**
 * The app's Service Bus topics and subscriptions, first found of: the topology (or file) the caller
 * passes (`--topology FILE`); the file package.json `localRuntime.topology` names; else one derived
 * from the app's Service Bus triggers — each trigger's topic with its subscription, no filter rules,
 * the bus's default delivery count, lock duration and duplicate window.
 */
export function resolveTopology(
  appRoot: string,
  given: Topology | string | undefined,
  functions: readonly RegisteredFunction[],
  settings: Readonly<Record<string, string | undefined>>,
): ResolvedTopology {
  if (typeof given === 'object') return { topology: given, source: { kind: 'given' } };
  if (typeof given === 'string') return fromFile(appRoot, given, 'option');
  const declared = readAppPackage(appRoot).topologyFile;
  if (declared !== undefined) return fromFile(appRoot, declared, 'package.json');
  return { topology: topologyOfTriggers(functions, settings), source: { kind: 'triggers' } };
}

function fromFile(appRoot: string, file: string, declaredIn: 'option' | 'package.json'): ResolvedTopology {
  const full = path.resolve(appRoot, file);
  const json = readJson(full) as { topics?: unknown };
  if (!Array.isArray(json.topics)) throw new Error(`${full}: a Service Bus topology needs a "topics" array`);
  return { topology: json as Topology, source: { kind: 'file', file, declaredIn } };
}

/** One topic per topic name the triggers use, one subscription per (topic, subscription), sorted. */
export function topologyOfTriggers(
  functions: readonly RegisteredFunction[],
  settings: Readonly<Record<string, string | undefined>>,
): Topology {
  const topics = new Map<string, Set<string>>();
  for (const fn of functions) {
    if (String(fn.trigger.type).toLowerCase() !== 'servicebustrigger') continue;
    if (typeof fn.trigger.topicName !== 'string') continue; // a queue trigger: refused by its extension
    const topic = resolveSetting(fn.trigger.topicName, settings);
    const subscription = resolveSetting(fn.trigger.subscriptionName, settings);
    topics.set(topic, (topics.get(topic) ?? new Set()).add(subscription));
  }
  const sorted = <T>(values: Iterable<T>, key: (v: T) => string) =>
    [...values].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return {
    topics: sorted(topics.entries(), ([name]) => name).map(([name, subscriptions]) => ({
      name,
      subscriptions: sorted(subscriptions, (s) => s).map((s) => ({ name: s })),
    })),
  };
}

/** One line for people: where the topology is from. */
export function describeTopologySource(source: TopologySource): string {
  switch (source.kind) {
    case 'given':
      return 'given by the caller';
    case 'file':
      return source.declaredIn === 'option'
        ? `${source.file} (--topology)`
        : `${source.file} (package.json "localRuntime.topology")`;
    case 'triggers':
      return "derived from the app's Service Bus triggers (topic + subscription, no filters)";
  }
}
