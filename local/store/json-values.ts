import { StoreError } from '../../shared/store/port';

/**
 * JSON value helpers for the embedded store: a copy with JSON's semantics (what Cosmos would store
 * after serialising the body) without a stringify/parse round trip, and Cosmos's comparison rules.
 */

/** Deep copy with JSON.stringify semantics: drops undefined/functions, calls toJSON, non-finite → null. */
export function cloneJson<T>(value: T): T {
  return copy(value, 0) as T;
}

const maxDepth = 256;

function copy(value: unknown, depth: number): unknown {
  if (value === null) return null;
  // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- function, symbol and undefined are not JSON and share the default
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      throw new StoreError('bad-request', 'a BigInt cannot be stored as JSON');
    case 'object':
      return copyObject(value, depth);
    default:
      return undefined; // undefined, function, symbol: omitted exactly as JSON.stringify omits them
  }
}

function copyObject(value: object, depth: number): unknown {
  if (depth > maxDepth)
    throw new StoreError('bad-request', `document nests deeper than ${maxDepth} levels (cyclic?)`);
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return copy(withJson.toJSON(), depth + 1);
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i], depth + 1) ?? null;
    return out;
  }
  const out: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const v = copy(source[key], depth + 1);
    if (v === undefined) continue;
    // A plain assignment to "__proto__" would change the prototype instead of adding the property.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out;
}

type Kind = 'undefined' | 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export function kindOf(value: unknown): Kind {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'boolean' || t === 'number' || t === 'string' ? t : 'object';
}

/** Cosmos's ORDER BY puts mixed types in this order (ascending). */
const kindRank: Record<Kind, number> = {
  undefined: 0,
  null: 1,
  boolean: 2,
  number: 3,
  string: 4,
  array: 5,
  object: 6,
};

/**
 * Cosmos comparison: values of different types (or a missing field) do not compare — the result
 * is "undefined", which a WHERE clause treats as false. Arrays and objects only compare for equality.
 */
export function compareForWhere(a: unknown, b: unknown): number | undefined {
  const kind = kindOf(a);
  if (kind === 'undefined' || kind !== kindOf(b)) return undefined;
  if (kind === 'array' || kind === 'object') return undefined;
  return compareSameKind(a, b);
}

export function equalForWhere(a: unknown, b: unknown): boolean | undefined {
  const kind = kindOf(a);
  if (kind === 'undefined' || kind !== kindOf(b)) return undefined;
  return deepEqual(a, b);
}

/** Total order for ORDER BY: by type rank first, then by value within a type. */
export function compareForOrder(a: unknown, b: unknown): number {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== kb) return kindRank[ka] - kindRank[kb];
  return ka === 'array' || ka === 'object' ? 0 : compareSameKind(a, b);
}

function compareSameKind(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return 0;
  // Same primitive kind here: numbers numerically, strings by UTF-16 code unit, false < true.
  return (a as number | string | boolean) < (b as number | string | boolean) ? -1 : 1;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const kind = kindOf(a);
  if (kind !== kindOf(b)) return false;
  if (kind === 'array') {
    const x = a as unknown[];
    const y = b as unknown[];
    return x.length === y.length && x.every((v, i) => deepEqual(v, y[i]));
  }
  if (kind === 'object') {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const keys = Object.keys(x);
    return (
      keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && deepEqual(x[k], y[k]))
    );
  }
  return false;
}

/** Reads a property path; undefined when any step is missing or not an object. */
export function valueAt(doc: unknown, segments: readonly string[]): unknown {
  let current: unknown = doc;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    const record = current as Record<string, unknown>;
    if (!Object.hasOwn(record, segment)) return undefined;
    current = record[segment];
  }
  return current;
}
