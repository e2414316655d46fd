import type { CompositePath } from './cosmos-indexing';

/**
 * Text-level reading of the services' queries for the indexing test: every `orderBy: [...]` literal
 * in a file, and whether a container's composite indexes serve it. Cosmos DB serves a single-property
 * ORDER BY from the default range index; two or more properties need a composite index with the same
 * paths in the same sequence, either with the same directions or with every direction inverted.
 */

export interface OrderByUse {
  line: number;
  /** The port's fields and directions (direction defaults to ASC, as shared/store/query-sql.ts does). */
  fields: Array<{ field: string; direction: 'ASC' | 'DESC' }>;
}

export interface OrderByScan {
  uses: OrderByUse[];
  /** `orderBy:` whose value is not an array literal of `{ field: '...', direction?: '...' }`. */
  unreadable: Array<{ line: number; text: string }>;
}

export function orderByUses(text: string): OrderByScan {
  const uses: OrderByUse[] = [];
  const unreadable: OrderByScan['unreadable'] = [];
  for (const m of text.matchAll(/\borderBy\s*:/g)) {
    const start = m.index + m[0].length;
    const line = text.slice(0, m.index).split('\n').length;
    const literal = /^\s*\[([^\]]*)\]/.exec(text.slice(start));
    const entries = literal ? [...literal[1].matchAll(/\{([^}]*)\}/g)].map((e) => e[1]) : [];
    const fields = entries.map(readEntry);
    const rest = literal ? literal[1].replace(/\{[^}]*\}/g, '').replace(/[\s,]/g, '') : '';
    if (!literal || entries.length === 0 || rest !== '' || fields.some((f) => f === undefined)) {
      unreadable.push({
        line,
        text: text
          .slice(start, start + 60)
          .split('\n')[0]
          .trim(),
      });
      continue;
    }
    uses.push({ line, fields: fields as OrderByUse['fields'] });
  }
  return { uses, unreadable };
}

function readEntry(body: string): OrderByUse['fields'][number] | undefined {
  const field = /\bfield\s*:\s*['"]([^'"]+)['"]/.exec(body);
  const direction = /\bdirection\s*:\s*['"](ASC|DESC)['"]/.exec(body);
  const keys = [...body.matchAll(/\b(\w+)\s*:/g)].map((k) => k[1]);
  if (!field || keys.some((k) => k !== 'field' && k !== 'direction')) return undefined;
  if (keys.includes('direction') && !direction) return undefined;
  return { field: field[1], direction: (direction?.[1] as 'ASC' | 'DESC' | undefined) ?? 'ASC' };
}

/** The composite index an ORDER BY needs, in the Bicep shape (`customer.id` → `/customer/id`). */
export function compositeIndexFor(fields: OrderByUse['fields']): CompositePath[] {
  return fields.map(({ field, direction }) => ({
    path: '/' + field.split('.').join('/'),
    order: direction === 'DESC' ? 'descending' : 'ascending',
  }));
}

/** True when the default index serves it (one field) or a declared composite index matches. */
export function isServed(fields: OrderByUse['fields'], indexes: CompositePath[][]): boolean {
  if (fields.length < 2) return true;
  const wanted = compositeIndexFor(fields);
  const invert = (o: CompositePath['order']) => (o === 'ascending' ? 'descending' : 'ascending');
  return indexes.some(
    (index) =>
      index.length === wanted.length &&
      index.every((p, i) => p.path === wanted[i].path) &&
      (index.every((p, i) => p.order === wanted[i].order) ||
        index.every((p, i) => p.order === invert(wanted[i].order))),
  );
}
