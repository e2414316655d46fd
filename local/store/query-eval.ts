import type { Condition, Query } from '../../shared/store/port';
import { fieldSegments, validateQuery } from '../../shared/store/query-shape';
import { compareForOrder, compareForWhere, deepEqual, equalForWhere, kindOf, valueAt } from './json-values';
import { assertNever } from '../../shared/assert-never';

/** Runs the port's structured Query over documents in memory, with Cosmos's comparison rules. */
export function runQuery<D>(docs: Iterable<D>, query: Query): D[] {
  validateQuery(query);
  const predicates = (query.where ?? []).map(compile);
  const orderBy = (query.orderBy ?? []).map((o) => ({
    segments: fieldSegments(o.field),
    sign: o.direction === 'DESC' ? -1 : 1,
  }));
  const limit = query.limit ?? Infinity;
  // Without ORDER BY the first `limit` matches are the answer: stop scanning there.
  const stopAt = orderBy.length === 0 ? limit : Infinity;
  const matches: D[] = [];
  if (stopAt === 0) return matches;
  for (const doc of docs) {
    if (predicates.every((p) => p(doc))) {
      matches.push(doc);
      if (matches.length >= stopAt) break;
    }
  }
  if (orderBy.length > 0) {
    matches.sort((a, b) => {
      for (const { segments, sign } of orderBy) {
        const c = compareForOrder(valueAt(a, segments), valueAt(b, segments));
        if (c !== 0) return c * sign;
      }
      return 0;
    });
  }
  return matches.length > limit ? matches.slice(0, limit) : matches;
}

type Predicate = (doc: unknown) => boolean;

function compile(condition: Condition): Predicate {
  const segments = fieldSegments(condition.field);
  const at = (doc: unknown) => valueAt(doc, segments);
  switch (condition.op) {
    case '=': {
      const value = condition.value;
      return (doc) => equalForWhere(at(doc), value) === true;
    }
    case '!=': {
      const value = condition.value;
      return (doc) => equalForWhere(at(doc), value) === false;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const { op, value } = condition;
      return (doc) => {
        const c = compareForWhere(at(doc), value);
        if (c === undefined) return false;
        return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
      };
    }
    case 'in': {
      const values = condition.value;
      return (doc) => {
        const v = at(doc);
        const kind = kindOf(v);
        return (
          kind !== 'undefined' &&
          values.some((candidate) => kindOf(candidate) === kind && deepEqual(v, candidate))
        );
      };
    }
    case 'exists':
      return (doc) => at(doc) !== undefined;
    case 'not-exists':
      return (doc) => at(doc) === undefined;
    default:
      return assertNever(condition, 'unknown query operator in');
  }
}
