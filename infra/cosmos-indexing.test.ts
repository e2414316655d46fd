import * as fs from 'node:fs';
import * as path from 'node:path';
import { cosmosIndexingPolicies, indexingManifest, type CompositePath } from './cosmos-indexing';
import { compositeIndexFor, isServed, orderByUses } from './order-by-text';
import { scanBicep } from './bicep-text';

/**
 * Bicep creates every container, so an index a query needs exists only if infra/services.json
 * declares it: every `orderBy` in a service's code (functions/<service>/, not tests) must be served
 * by its service's container, by the default range index (one property) or a declared composite
 * index (two or more). Each service owns exactly one container, so the folder names the container.
 */
const root = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(file, 'utf8');

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

const serviceFiles = walk(path.join(root, 'functions')).filter(
  (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('-test-kit.ts'),
);
const uses = serviceFiles.flatMap((file) => {
  const relative = path.relative(root, file).split(path.sep).join('/');
  const scan = orderByUses(read(file));
  return [
    ...scan.uses.map((use) => ({ file: relative, service: relative.split('/')[1], ...use })),
    ...scan.unreadable.map((u) => ({ file: relative, service: relative.split('/')[1], unreadable: u })),
  ];
});

describe('Cosmos DB indexes for the queries (infra/services.json compositeIndexes)', () => {
  it('finds the queries that order results (the scan is not empty)', () => {
    expect(uses.length).toBeGreaterThan(0);
  });

  it('reads every orderBy in the services as a literal (a computed one cannot be checked here)', () => {
    expect(uses.filter((u) => 'unreadable' in u)).toEqual([]);
  });

  it('serves every orderBy from its service container: default index for one field, a declared composite index for more', () => {
    for (const use of uses) {
      if (!('fields' in use)) continue;
      const service = indexingManifest.services.find((s) => s.name === use.service);
      // Only a deployed service's folder orders anything; `health` has no container.
      expect({ file: use.file, service: service?.name }).toEqual({ file: use.file, service: use.service });
      expect(service!.containers).toHaveLength(1);
      const indexes = service!.containers[0].compositeIndexes ?? [];
      expect({
        at: `${use.file}:${use.line}`,
        needs: compositeIndexFor(use.fields),
        served: isServed(use.fields, indexes),
      }).toEqual({ at: `${use.file}:${use.line}`, needs: compositeIndexFor(use.fields), served: true });
    }
  });

  it('passes every container its policy through cosmos.bicep: default paths kept, composite indexes from services.json, TTL unchanged', () => {
    const bicep = scanBicep(read(path.join(root, 'infra/modules/cosmos.bicep'))).code;
    const containerResource = bicep.slice(bicep.indexOf("resource sqlContainers '"));
    expect(containerResource).toMatch(/indexingPolicy:\s*\{/);
    expect(containerResource).toMatch(/includedPaths:\s*\[\s*\{\s*path:\s*'\/\*'\s*\}\s*\]/);
    expect(containerResource).toMatch(/compositeIndexes:\s*c\.\?compositeIndexes\s*\?\?\s*\[\]/);
    expect(containerResource).toMatch(/defaultTtl:\s*-1/);
  });

  it('gives the app the same policy for the containers it creates itself (emulator, key-based account)', () => {
    const policies = cosmosIndexingPolicies();
    for (const c of [...indexingManifest.services.flatMap((s) => s.containers), indexingManifest.leases]) {
      expect(policies[c.name]?.includedPaths).toEqual([{ path: '/*' }]);
      expect(policies[c.name]?.compositeIndexes).toEqual(c.compositeIndexes ?? []);
    }
  });
});

describe('the orderBy matcher', () => {
  const dayThenProduct = orderByUses(
    "container.query({ orderBy: [{ field: 'day', direction: 'DESC' }, { field: 'product.id' }], limit: 1 })",
  ).uses[0].fields;
  const index = (...paths: Array<[string, CompositePath['order']]>) =>
    paths.map(([p, order]) => ({ path: p, order }));

  it('reads fields and directions from the literal (ASC by default)', () => {
    expect(dayThenProduct).toEqual([
      { field: 'day', direction: 'DESC' },
      { field: 'product.id', direction: 'ASC' },
    ]);
    expect(compositeIndexFor(dayThenProduct)).toEqual(
      index(['/day', 'descending'], ['/product/id', 'ascending']),
    );
  });

  it('fails a two-field ORDER BY without a composite index', () => {
    expect(isServed(dayThenProduct, [])).toBe(false);
  });

  it('fails an index with other paths, another sequence, or only some directions inverted', () => {
    expect(isServed(dayThenProduct, [index(['/day', 'descending'], ['/productId', 'ascending'])])).toBe(
      false,
    );
    expect(isServed(dayThenProduct, [index(['/product/id', 'ascending'], ['/day', 'descending'])])).toBe(
      false,
    );
    expect(isServed(dayThenProduct, [index(['/day', 'descending'], ['/product/id', 'descending'])])).toBe(
      false,
    );
  });

  it('accepts the same directions or all of them inverted', () => {
    expect(isServed(dayThenProduct, [index(['/day', 'descending'], ['/product/id', 'ascending'])])).toBe(
      true,
    );
    expect(isServed(dayThenProduct, [index(['/day', 'ascending'], ['/product/id', 'descending'])])).toBe(
      true,
    );
  });

  it('needs no composite index for one field', () => {
    expect(isServed([{ field: 'day', direction: 'DESC' }], [])).toBe(true);
  });

  it('reports an orderBy it cannot read instead of passing it', () => {
    expect(orderByUses('query({ orderBy: sortOrder })').unreadable).toHaveLength(1);
    expect(orderByUses('query({ orderBy: [{ field: name }] })').unreadable).toHaveLength(1);
  });
});
