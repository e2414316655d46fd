import type { Runtime } from '../runtime';
import { http, startFixture } from '../../test/support/runtime-harness';

type Feed = { docId: string; seq: number; attempts: number };

describe('Cosmos DB change-feed trigger on the embedded store', () => {
  let runtime: Runtime;
  const write = (doc: Record<string, unknown>) =>
    http(runtime.baseUrl, 'POST', '/api/docs', { pk: 'p', ...doc });
  const feed = async () =>
    ((await http(runtime.baseUrl, 'GET', '/api/seen/feed')).json as Feed[]).sort((a, b) => a.seq - b.seq);

  beforeAll(async () => {
    runtime = await startFixture();
  });
  afterAll(() => runtime.stop());

  it('delivers every change in commit order, pushed as it is written', async () => {
    for (let i = 0; i < 5; i++) await write({ id: `order-${i}` });
    await runtime.idle();
    expect((await feed()).map((f) => f.docId)).toEqual([
      'order-0',
      'order-1',
      'order-2',
      'order-3',
      'order-4',
    ]);
  });

  it('retries a failing batch under the registration retry policy, then delivers it once', async () => {
    await write({ id: 'flaky', failTimes: 2 });
    await runtime.idle();
    const rows = (await feed()).filter((f) => f.docId === 'flaky');
    expect(rows).toEqual([expect.objectContaining({ attempts: 3 })]);
  });

  it('moves past a batch once the retry policy is spent, and keeps going', async () => {
    await write({ id: 'poison', failTimes: 100 });
    await runtime.idle();
    await write({ id: 'after-poison' });
    await runtime.idle();
    const ids = (await feed()).map((f) => f.docId);
    expect(ids).not.toContain('poison');
    expect(ids).toContain('after-poison');
  });
});
