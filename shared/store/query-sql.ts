import type { Condition, JsonValue, Query } from './port';
import { fieldSegments, validateQuery } from './query-shape';
import { assertNever } from '../assert-never';

/**
 * Compiles the port's structured Query into parameterised Cosmos DB SQL. Values never appear in
 * the text (no injection, and Cosmos can reuse the plan); field names are bracket-quoted because a
 * property may be a reserved word (`c.value`, `c.order`) or contain characters a dotted path cannot.
 * The partition key scope is not part of the SQL: it travels as a feed option.
 */

export interface SqlQuery {
  query: string;
  parameters: Array<{ name: string; value: JsonValue }>;
}

export function toSql(query: Query): SqlQuery {
  validateQuery(query);
  const parameters: SqlQuery['parameters'] = [];
  const bind = (value: JsonValue): string => {
    const name = `@p${parameters.length}`;
    parameters.push({ name, value });
    return name;
  };

  let text = 'SELECT * FROM c';
  const where = (query.where ?? []).map((condition) => predicate(condition, bind));
  if (where.length > 0) text += ` WHERE ${where.join(' AND ')}`;
  const orderBy = (query.orderBy ?? []).map((o) => `${sqlPath(o.field)} ${o.direction ?? 'ASC'}`);
  if (orderBy.length > 0) text += ` ORDER BY ${orderBy.join(', ')}`;
  if (query.limit !== undefined) {
    text += ' OFFSET 0 LIMIT @limit';
    parameters.push({ name: '@limit', value: query.limit });
  }
  return { query: text, parameters };
}

/** `customer.id` → `c["customer"]["id"]` (JSON string escaping is valid Cosmos SQL escaping). */
export function sqlPath(field: string): string {
  return (
    'c' +
    fieldSegments(field)
      .map((s) => `[${JSON.stringify(s)}]`)
      .join('')
  );
}

function predicate(condition: Condition, bind: (value: JsonValue) => string): string {
  const path = sqlPath(condition.field);
  switch (condition.op) {
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return `${path} ${condition.op} ${bind(condition.value)}`;
    case 'in':
      return `ARRAY_CONTAINS(${bind(condition.value)}, ${path})`;
    case 'exists':
      return `IS_DEFINED(${path})`;
    case 'not-exists':
      return `NOT IS_DEFINED(${path})`;
    default:
      return assertNever(condition, 'unknown query operator in');
  }
}
