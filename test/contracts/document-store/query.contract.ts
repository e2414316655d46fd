import type { Container, Query } from '../../../shared/store/port';
import {
  docs,
  expectStoreError,
  ids,
  sortedIds,
  unique,
  type ContractContext,
  type ContractDoc,
} from './support';

/**
 * One partition of five fruit documents with a number field that is sometimes a string and
 * sometimes missing, so the Cosmos rule "different types never compare" is exercised.
 */
async function seed(c: Container<ContractDoc>) {
  const pk = unique('query');
  const tag = unique('tag');
  const id = (name: string) => `${pk}-${name}`;
  const bodies = [
    { id: id('a'), n: 1, s: 'apple', nested: { v: 'x' }, kind: 'fruit' },
    { id: id('b'), n: 2, s: 'banana', nested: { v: 'y' }, kind: 'fruit', opt: null },
    { id: id('c'), n: 3, s: 'cherry', kind: 'berry', flag: true },
    { id: id('d'), n: '4', s: 'date', kind: 'fruit', flag: false },
    { id: id('e'), s: 'elder', kind: 'berry' },
  ];
  for (const body of bodies) await c.create({ ...body, pk, tag });
  // The same shapes in a second partition, to prove partition scoping.
  const otherPk = `${pk}-other`;
  await c.create({ id: `${otherPk}-a`, pk: otherPk, tag, n: 1, s: 'apple', kind: 'fruit' });
  return { pk, tag, otherPk, id };
}

export function queryContract(ctx: ContractContext): void {
  describe('queries', () => {
    const run = async (c: Container<ContractDoc>, pk: string, query: Query) =>
      c.query<ContractDoc>({ partitionKey: pk, ...query });

    it('filters with = and != (mixed types and missing fields never match)', async () => {
      const c = await docs(ctx);
      const { pk, id } = await seed(c);
      expect(sortedIds(await run(c, pk, { where: [{ field: 'n', op: '=', value: 2 }] }))).toEqual([id('b')]);
      expect(sortedIds(await run(c, pk, { where: [{ field: 'n', op: '=', value: '4' }] }))).toEqual([
        id('d'),
      ]);
      expect(sortedIds(await run(c, pk, { where: [{ field: 'nested.v', op: '=', value: 'y' }] }))).toEqual([
        id('b'),
      ]);
      expect(sortedIds(await run(c, pk, { where: [{ field: 'n', op: '!=', value: 2 }] }))).toEqual([
        id('a'),
        id('c'),
      ]);
      expect(sortedIds(await run(c, pk, { where: [{ field: 'opt', op: '=', value: null }] }))).toEqual([
        id('b'),
      ]);
    });

    it('compares with < <= > >= within one type only', async () => {
      const c = await docs(ctx);
      const { pk, id } = await seed(c);
      expect(sortedIds(await run(c, pk, { where: [{ field: 'n', op: '<', value: 3 }] }))).toEqual([
        id('a'),
        id('b'),
      ]);
      expect(sortedIds(await run(c, pk, { where: [{ field: 'n', op: '<=', value: 3 }] }))).toEqual([
        id('a'),
        id('b'),
        id('c'),
      ]);
      expect(sortedIds(await run(c, pk, { where: [{ field: 'n', op: '>', value: 1 }] }))).toEqual([
        id('b'),
        id('c'),
      ]);
      expect(sortedIds(await run(c, pk, { where: [{ field: 'n', op: '>=', value: 3 }] }))).toEqual([id('c')]);
      expect(sortedIds(await run(c, pk, { where: [{ field: 's', op: '>', value: 'c' }] }))).toEqual([
        id('c'),
        id('d'),
        id('e'),
      ]);
      expect(sortedIds(await run(c, pk, { where: [{ field: 'flag', op: '<', value: true }] }))).toEqual([
        id('d'),
      ]);
    });

    it('matches "in", "exists" and "not-exists", and ANDs conditions', async () => {
      const c = await docs(ctx);
      const { pk, id } = await seed(c);
      expect(sortedIds(await run(c, pk, { where: [{ field: 'kind', op: 'in', value: ['berry'] }] }))).toEqual(
        [id('c'), id('e')],
      );
      expect(sortedIds(await run(c, pk, { where: [{ field: 'n', op: 'in', value: [1, '4'] }] }))).toEqual([
        id('a'),
        id('d'),
      ]);
      expect(await run(c, pk, { where: [{ field: 'n', op: 'in', value: [] }] })).toEqual([]);
      expect(sortedIds(await run(c, pk, { where: [{ field: 'opt', op: 'exists' }] }))).toEqual([id('b')]);
      expect(sortedIds(await run(c, pk, { where: [{ field: 'n', op: 'not-exists' }] }))).toEqual([id('e')]);
      expect(sortedIds(await run(c, pk, { where: [{ field: 'nested.v', op: 'not-exists' }] }))).toEqual([
        id('c'),
        id('d'),
        id('e'),
      ]);
      const both: Query = {
        where: [
          { field: 'kind', op: '=', value: 'fruit' },
          { field: 'n', op: '<', value: 2 },
        ],
      };
      expect(sortedIds(await run(c, pk, both))).toEqual([id('a')]);
    });

    it('orders by one or more fields and limits', async () => {
      const c = await docs(ctx);
      const { pk, id } = await seed(c);
      const fruit: Query = { where: [{ field: 'kind', op: '=', value: 'fruit' }] };
      expect(ids(await run(c, pk, { ...fruit, orderBy: [{ field: 's', direction: 'DESC' }] }))).toEqual([
        id('d'),
        id('b'),
        id('a'),
      ]);
      expect(ids(await run(c, pk, { ...fruit, orderBy: [{ field: 's' }] }))).toEqual([
        id('a'),
        id('b'),
        id('d'),
      ]);
      expect(
        ids(
          await run(c, pk, {
            orderBy: [
              { field: 'kind', direction: 'ASC' },
              { field: 's', direction: 'DESC' },
            ],
          }),
        ),
      ).toEqual(['e', 'c', 'd', 'b', 'a'].map(id));
      expect(ids(await run(c, pk, { orderBy: [{ field: 's', direction: 'ASC' }], limit: 2 }))).toEqual([
        id('a'),
        id('b'),
      ]);
      // The limit applies after sorting, not to the first matches found.
      expect(ids(await run(c, pk, { orderBy: [{ field: 's', direction: 'DESC' }], limit: 2 }))).toEqual([
        id('e'),
        id('d'),
      ]);
      expect(await run(c, pk, { limit: 0 })).toEqual([]);
      expect(
        await run(c, pk, { where: [{ field: 'kind', op: '=', value: 'berry' }], limit: 1 }),
      ).toHaveLength(1);
    });

    it('scopes to one partition when asked, spans partitions otherwise', async () => {
      const c = await docs(ctx);
      const { pk, tag, otherPk, id } = await seed(c);
      const apples: Query = {
        where: [
          { field: 'tag', op: '=', value: tag },
          { field: 's', op: '=', value: 'apple' },
        ],
      };
      expect(sortedIds(await c.query(apples))).toEqual([id('a'), `${otherPk}-a`].sort());
      expect(sortedIds(await c.query({ ...apples, partitionKey: pk }))).toEqual([id('a')]);
      expect(sortedIds(await c.query({ ...apples, partitionKey: otherPk }))).toEqual([`${otherPk}-a`]);
      expect(await c.query({ ...apples, partitionKey: unique('empty') })).toEqual([]);
    });

    it('returns stored documents with their system properties', async () => {
      const c = await docs(ctx);
      const { pk, id } = await seed(c);
      const [found] = await run(c, pk, { where: [{ field: 'n', op: '=', value: 1 }] });
      expect(found).toMatchObject({ id: id('a'), pk, s: 'apple', _etag: (await c.read(id('a'), pk))?._etag });
    });

    it('rejects malformed queries with bad-request', async () => {
      const c = await docs(ctx);
      await expectStoreError(c.query({ where: [{ field: '', op: 'exists' }] }), 'bad-request');
      await expectStoreError(c.query({ where: [{ field: 'a..b', op: '=', value: 1 }] }), 'bad-request');
      await expectStoreError(
        c.query({ where: [{ field: 'a', op: 'in', value: 'x' as never }] }),
        'bad-request',
      );
      await expectStoreError(c.query({ limit: -1 }), 'bad-request');
      await expectStoreError(c.query({ orderBy: [{ field: 'a', direction: 'UP' as never }] }), 'bad-request');
    });
  });
}
