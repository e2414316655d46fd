import { isStoreError, type Query } from './port';
import { sqlPath, toSql } from './query-sql';

describe('toSql', () => {
  it('selects everything when the query is empty', () => {
    expect(toSql({})).toEqual({ query: 'SELECT * FROM c', parameters: [] });
  });

  it('binds every value as a parameter and quotes every property name', () => {
    const query: Query = {
      where: [
        { field: 'customer.id', op: '=', value: 'c-1' },
        { field: 'status', op: '!=', value: 'cancelled' },
        { field: 'total.amount', op: '>=', value: 500 },
        { field: 'total.amount', op: '<', value: 10_000 },
        { field: 'lines', op: '<=', value: 3 },
        { field: 'placedAt', op: '>', value: '2030-01-01' },
      ],
    };
    expect(toSql(query)).toEqual({
      query:
        'SELECT * FROM c WHERE c["customer"]["id"] = @p0 AND c["status"] != @p1 AND c["total"]["amount"] >= @p2' +
        ' AND c["total"]["amount"] < @p3 AND c["lines"] <= @p4 AND c["placedAt"] > @p5',
      parameters: [
        { name: '@p0', value: 'c-1' },
        { name: '@p1', value: 'cancelled' },
        { name: '@p2', value: 500 },
        { name: '@p3', value: 10_000 },
        { name: '@p4', value: 3 },
        { name: '@p5', value: '2030-01-01' },
      ],
    });
  });

  it('compiles in, exists and not-exists to Cosmos functions', () => {
    expect(
      toSql({
        where: [
          { field: 'status', op: 'in', value: ['placed', 'paid'] },
          { field: 'paidAt', op: 'exists' },
          { field: 'refund.id', op: 'not-exists' },
        ],
      }),
    ).toEqual({
      query:
        'SELECT * FROM c WHERE ARRAY_CONTAINS(@p0, c["status"]) AND IS_DEFINED(c["paidAt"]) AND NOT IS_DEFINED(c["refund"]["id"])',
      parameters: [{ name: '@p0', value: ['placed', 'paid'] }],
    });
  });

  it('orders by several fields (ASC by default) and limits with OFFSET 0 LIMIT', () => {
    expect(
      toSql({
        where: [{ field: 'kind', op: '=', value: 'bread' }],
        orderBy: [{ field: 'expiresAt' }, { field: 'bakedAt', direction: 'DESC' }],
        limit: 5,
      }),
    ).toEqual({
      query:
        'SELECT * FROM c WHERE c["kind"] = @p0 ORDER BY c["expiresAt"] ASC, c["bakedAt"] DESC OFFSET 0 LIMIT @limit',
      parameters: [
        { name: '@p0', value: 'bread' },
        { name: '@limit', value: 5 },
      ],
    });
  });

  it('keeps the partition key out of the SQL (it is a feed option)', () => {
    expect(toSql({ partitionKey: 'p1' })).toEqual({ query: 'SELECT * FROM c', parameters: [] });
  });

  it('escapes property names so they cannot break out of the quoted path', () => {
    expect(sqlPath('value')).toBe('c["value"]');
    expect(sqlPath('we"ird.x\\y')).toBe('c["we\\"ird"]["x\\\\y"]');
    expect(toSql({ where: [{ field: 'a"] OR 1=1 --', op: 'exists' }] }).query).toBe(
      'SELECT * FROM c WHERE IS_DEFINED(c["a\\"] OR 1=1 --"])',
    );
  });

  it.each<[string, Query]>([
    ['an empty field', { where: [{ field: '', op: 'exists' }] }],
    ['an empty path segment', { where: [{ field: 'a.', op: '=', value: 1 }] }],
    ['"in" without an array', { where: [{ field: 'a', op: 'in', value: 1 as never }] }],
    ['a comparison without a value', { where: [{ field: 'a', op: '=' } as never] }],
    ['an unknown operator', { where: [{ field: 'a', op: 'like', value: 'x' } as never] }],
    ['an unknown direction', { orderBy: [{ field: 'a', direction: 'down' as never }] }],
    ['a negative limit', { limit: -1 }],
    ['a fractional limit', { limit: 1.5 }],
    ['an object partition key', { partitionKey: {} as never }],
  ])('rejects %s with bad-request', (_, query) => {
    let caught: unknown;
    try {
      toSql(query);
    } catch (error) {
      caught = error;
    }
    expect(isStoreError(caught, 'bad-request')).toBe(true);
  });
});
