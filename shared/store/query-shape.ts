import { StoreError, type Condition, type Query } from './port';

/**
 * Checks a structured Query before any adapter runs it, so both adapters reject the same bad
 * queries with the same `bad-request` error instead of one compiling nonsense SQL.
 */

/** Splits a dotted field path (`customer.id`) into property names. */
export function fieldSegments(field: string): string[] {
  if (typeof field !== 'string' || field === '') {
    throw new StoreError('bad-request', 'query field must be a non-empty dotted path');
  }
  const segments = field.split('.');
  if (segments.some((s) => s === '')) {
    throw new StoreError('bad-request', `query field "${field}" has an empty segment`);
  }
  return segments;
}

export function validateQuery(query: Query): void {
  for (const condition of query.where ?? []) validateCondition(condition);
  for (const order of query.orderBy ?? []) {
    fieldSegments(order.field);
    if (order.direction !== undefined && order.direction !== 'ASC' && order.direction !== 'DESC') {
      throw new StoreError(
        'bad-request',
        `orderBy direction must be ASC or DESC, got "${String(order.direction)}"`,
      );
    }
  }
  if (query.limit !== undefined && !(Number.isInteger(query.limit) && query.limit >= 0)) {
    throw new StoreError(
      'bad-request',
      `query limit must be a non-negative integer, got ${String(query.limit)}`,
    );
  }
  if (
    query.partitionKey !== undefined &&
    typeof query.partitionKey !== 'string' &&
    typeof query.partitionKey !== 'number'
  ) {
    throw new StoreError('bad-request', 'query partitionKey must be a string or a number');
  }
}

function validateCondition(condition: Condition): void {
  fieldSegments(condition.field);
  switch (condition.op) {
    case '=':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (condition.value === undefined) {
        throw new StoreError('bad-request', `condition on "${condition.field}" needs a value`);
      }
      return;
    case 'in':
      if (!Array.isArray(condition.value)) {
        throw new StoreError('bad-request', `"in" condition on "${condition.field}" needs an array value`);
      }
      return;
    case 'exists':
    case 'not-exists':
      return;
    default: {
      const unknownOp: never = condition;
      throw new StoreError('bad-request', `unknown query operator in ${JSON.stringify(unknownOp)}`);
    }
  }
}
