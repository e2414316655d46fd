import type { IndexingPolicy } from '@azure/cosmos';
import manifest from './services.json';

/**
 * The Cosmos DB indexing policy of every container in infra/services.json, for the app to pass to
 * CosmosDocumentStore when it creates a container itself (emulator, throwaway account with a key).
 * In Azure the containers come from infra/modules/cosmos.bicep with the same policy; the app's
 * identity cannot create containers there.
 *
 * The default policy (every path range-indexed: `includedPaths: /*`, `_etag` excluded) serves any
 * filter and any single-property ORDER BY; an ORDER BY on two or more properties needs a composite
 * index with the same paths in the same order and the same directions (or all of them inverted).
 * Those are declared per container in services.json (`compositeIndexes`, the Bicep shape) and
 * infra/cosmos-indexing.test.ts ties every `orderBy` in the services' code to them.
 *
 * This file and services.json are uploaded for the remote build (.funcignore), which compiles the
 * JSON into dist/ (resolveJsonModule): the list is read at build time, not at run time.
 */

export type IndexOrder = 'ascending' | 'descending';

export interface CompositePath {
  /** JSON path of the property, e.g. `/day` or `/customer/id`. */
  path: string;
  order: IndexOrder;
}

export interface ContainerIndexing {
  name: string;
  partitionKeyPath: string;
  compositeIndexes?: CompositePath[][];
}

interface IndexingManifest {
  leases: ContainerIndexing;
  services: Array<{ name: string; containers: ContainerIndexing[] }>;
}

/** services.json as far as indexing goes (its `order` strings checked, not just asserted). */
// Through unknown: JSON infers `order: string`, which checked() narrows at load.
const raw: unknown = manifest;
export const indexingManifest: IndexingManifest = checked(raw as IndexingManifest);

/** The default policy plus the container's composite indexes, as the Bicep module declares it. */
export function indexingPolicyOf(container: ContainerIndexing): IndexingPolicy {
  return {
    indexingMode: 'consistent',
    automatic: true,
    includedPaths: [{ path: '/*' }],
    excludedPaths: [{ path: '/"_etag"/?' }],
    compositeIndexes: (container.compositeIndexes ?? []).map((index) =>
      index.map(({ path, order }) => ({ path, order })),
    ),
  };
}

/** Container name → indexing policy, for `new CosmosDocumentStore({ indexingPolicies })`. */
export function cosmosIndexingPolicies(
  from: IndexingManifest = indexingManifest,
): Record<string, IndexingPolicy> {
  const containers = [...from.services.flatMap((s) => s.containers), from.leases];
  return Object.fromEntries(containers.map((c) => [c.name, indexingPolicyOf(c)]));
}

function checked(m: IndexingManifest): IndexingManifest {
  for (const c of [...m.services.flatMap((s) => s.containers), m.leases])
    for (const index of c.compositeIndexes ?? []) {
      if (index.length < 2)
        throw new Error(`infra/services.json: ${c.name}: a composite index needs 2+ paths`);
      for (const p of index)
        if (
          !/^(\/[A-Za-z_][A-Za-z0-9_]*)+$/.test(p.path) ||
          (p.order !== 'ascending' && p.order !== 'descending')
        )
          throw new Error(`infra/services.json: ${c.name}: bad composite path ${JSON.stringify(p)}`);
    }
  return m;
}
