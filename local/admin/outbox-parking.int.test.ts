import * as path from 'node:path';
import * as fs from 'node:fs';
import type { Runtime } from '../runtime';
import { http, repoRoot, startFixture } from '../../test/support/runtime-harness';
import type { Topology } from '../bus/topology-types';

const appRoot = path.join(repoRoot, 'test/fixtures/outbox-app');
const topology = JSON.parse(fs.readFileSync(path.join(appRoot, 'topology.json'), 'utf8')) as Topology;

interface Parked {
  container: string;
  id: string;
  partitionKey: string;
  topic: string;
  eventId: string;
  eventType: string;
  attempts: number;
  lastError: string;
  lastAttemptAt: string;
  parkedAt: string;
}

/**
 * A stuck outbox document (its publish always fails) is parked after maxPublishAttempts (3 in the
 * fixture), kept and listed on the admin API; the documents behind it are published; a retry from
 * the admin API publishes it once the publisher takes it.
 */
// Each failed attempt waits out the relay's real-time retry backoff (1 s, then 2 s).
jest.setTimeout(30_000);

describe('outbox documents that cannot be published', () => {
  let runtime: Runtime;
  let logged: string[];
  let spies: jest.SpyInstance[];
  beforeEach(async () => {
    logged = [];
    const capture = (chunk: string | Uint8Array) => {
      logged.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    };
    spies = [process.stdout, process.stderr].map((s) => jest.spyOn(s, 'write').mockImplementation(capture));
    runtime = await startFixture({
      appRoot,
      entry: path.join(appRoot, 'index.ts'),
      topology,
      logLevel: 'error',
    });
  });
  afterEach(async () => {
    await runtime.stop();
    for (const spy of spies) spy.mockRestore();
  });

  const post = (p: string, body?: unknown) => http(runtime.baseUrl, 'POST', p, body);
  const get = async <T>(p: string) => (await http(runtime.baseUrl, 'GET', p)).json as T;
  const signUp = async (account: string, name: string) => {
    const res = await post(`/api/signups/${account}/${name}`);
    expect(res.status).toBe(201);
    return (res.json as { eventId: string }).eventId;
  };
  const published = async () => (await get<string[]>('/api/seen')).sort();
  const parked = () => get<Parked[]>('/admin/outbox/parked');
  const ledger = async () => (await get<string[]>('/api/ledger')).sort();

  it('parks the one that always fails, publishes those behind it, and publishes it on retry', async () => {
    const bad = 'signed-up:a:bob';
    expect((await post(`/api/publisher/refused/${bad}`)).status).toBe(204);
    // One partition, in order: the stuck one first, two behind it (same partition and another).
    expect(await signUp('a', 'bob')).toBe(bad);
    const behind = [await signUp('a', 'carol'), await signUp('b', 'dave')];
    await runtime.idle();

    expect(await published()).toEqual(behind.sort());
    const [entry, ...others] = await parked();
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      container: 'ledger',
      id: `outbox:${bad}`,
      partitionKey: 'a',
      topic: 'auth',
      eventId: bad,
      eventType: 'bakery.user.signed-up.v1',
      attempts: 3,
      lastError: `Error: the broker refuses ${bad}`,
    });
    expect(entry.parkedAt).toBe(entry.lastAttemptAt);
    // Logged as an error, once, naming the event.
    expect(logged.filter((l) => l.includes('outbox: parked'))).toEqual([
      expect.stringContaining(
        `outbox: parked bakery.user.signed-up.v1 ${bad} (ledger/outbox:${bad}) after 3 publish attempts: Error: the broker refuses ${bad}`,
      ),
    ]);
    // Kept, not lost: the outbox document is still there beside the state it came with.
    expect(await ledger()).toEqual(['outbox:signed-up:a:bob', 'user:bob', 'user:carol', 'user:dave']);

    // A retry while the publisher still refuses parks it again after another 3 attempts.
    expect((await post('/admin/outbox/parked/retry', {})).json).toEqual({ retried: 1 });
    await runtime.idle();
    expect(await published()).toEqual(behind.sort());
    expect((await parked()).map((p) => [p.eventId, p.attempts])).toEqual([[bad, 3]]);

    // Once the publisher takes it, a retry of that event publishes it and the outbox is empty.
    expect((await http(runtime.baseUrl, 'DELETE', `/api/publisher/refused/${bad}`)).status).toBe(204);
    expect((await post('/admin/outbox/parked/retry', { eventIds: ['someone-else'] })).json).toEqual({
      retried: 0,
    });
    expect((await post('/admin/outbox/parked/retry', { eventIds: [bad] })).json).toEqual({ retried: 1 });
    await runtime.idle();
    expect(await published()).toEqual([...behind, bad].sort());
    expect(await parked()).toEqual([]);
    expect(await ledger()).toEqual(['user:bob', 'user:carol', 'user:dave']);
  });

  it('publishes a document whose publish failed fewer than maxPublishAttempts times without parking it', async () => {
    const flaky = 'signed-up:a:erin';
    // Refused twice, taken on the third and last attempt.
    expect((await post(`/api/publisher/refused/${flaky}?times=2`)).status).toBe(204);
    await signUp('a', 'erin');
    await runtime.idle();
    expect(await published()).toEqual([flaky]);
    expect(await parked()).toEqual([]);
  });

  it('refuses a retry body that is not {} or { eventIds: [...] }', async () => {
    for (const body of [[], { eventIds: 'x' }, { eventIds: [1] }]) {
      const res = await post('/admin/outbox/parked/retry', body);
      expect(res.status).toBe(400);
      expect((res.json as { code: string }).code).toBe('BAKERY_VALIDATION');
    }
  });
});
