import { http, startChild, tempDir } from './support/runtime-harness';

/**
 * Kill -9 the runtime while a Service Bus message and a change-feed batch are in flight and more
 * work is queued behind them; after a restart on the same state, everything is delivered exactly
 * once and in order, as if nothing had happened.
 */
jest.setTimeout(60_000);

type Row = { n?: number; docId?: string; seq: number; messageId?: string };

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('restart after a crash', () => {
  it('redelivers in-flight and queued messages and change-feed work, losing and repeating nothing', async () => {
    const state = tempDir();
    const args = ['--state', state, '--clock', 'manual', '--topology', 'topology.json', '--quiet'];
    const first = await startChild(args);
    const seen = async (baseUrl: string, kind: string) =>
      (await http(baseUrl, 'GET', `/api/seen/${kind}`)).json as Row[];

    await http(first.baseUrl, 'POST', '/api/docs', { id: 'd0', pk: 'p', holdKey: 'feed' });
    await http(first.baseUrl, 'POST', '/api/publish/orders', [
      { messageId: 'm0', subject: 'order.placed', body: { n: 0, holdKey: 'bus' } },
    ]);
    await http(
      first.baseUrl,
      'POST',
      '/api/publish/orders',
      Array.from({ length: 29 }, (_, i) => ({
        messageId: `m${i + 1}`,
        subject: 'order.placed',
        body: { n: i + 1 },
      })),
    );
    for (let i = 1; i < 10; i++) await http(first.baseUrl, 'POST', '/api/docs', { id: `d${i}`, pk: 'p' });
    await waitFor(async () => (await seen(first.baseUrl, 'billing')).length === 30, 'billing to drain');
    expect(await seen(first.baseUrl, 'audit')).toHaveLength(0);
    expect(await seen(first.baseUrl, 'feed')).toHaveLength(0);

    expect(await first.kill('SIGKILL')).toBeNull();

    const second = await startChild(args, { FIXTURE_NO_HOLD: '1' });
    try {
      expect((await http(second.baseUrl, 'POST', '/admin/idle')).status).toBe(200);
      const audit = (await seen(second.baseUrl, 'audit')).sort((a, b) => a.seq - b.seq);
      expect(audit.map((r) => r.n)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      expect(audit[0]).toMatchObject({ messageId: 'm0' });
      expect(await seen(second.baseUrl, 'billing')).toHaveLength(30);
      const feed = (await seen(second.baseUrl, 'feed')).sort((a, b) => a.seq - b.seq);
      expect(feed.map((r) => r.docId)).toEqual(Array.from({ length: 10 }, (_, i) => `d${i}`));
    } finally {
      await second.kill('SIGTERM');
    }
  });

  it('stops cleanly on SIGTERM and keeps what was written', async () => {
    const state = tempDir();
    const args = ['--state', state, '--clock', 'manual', '--topology', 'topology.json', '--quiet'];
    const first = await startChild(args);
    await http(first.baseUrl, 'POST', '/api/publish/orders', [
      { messageId: 'x1', subject: 'order.placed', body: { n: 1 } },
    ]);
    await http(first.baseUrl, 'POST', '/admin/idle');
    expect(await first.kill('SIGTERM')).toBe(0);
    const second = await startChild(args);
    try {
      expect((await http(second.baseUrl, 'GET', '/api/seen/billing')).json).toHaveLength(1);
    } finally {
      await second.kill('SIGTERM');
    }
  });

  it('--fresh starts a new bakery from an empty state folder', async () => {
    const state = tempDir();
    const args = ['--state', state, '--clock', 'manual', '--topology', 'topology.json', '--quiet'];
    const first = await startChild(args);
    expect(first.output()).toContain(`State: ${state}/journal.log`);
    await http(first.baseUrl, 'POST', '/api/publish/orders', [
      { messageId: 'f1', subject: 'order.placed', body: { n: 1 } },
    ]);
    await http(first.baseUrl, 'POST', '/admin/idle');
    await first.kill('SIGTERM');
    const second = await startChild([...args, '--fresh']);
    try {
      expect((await http(second.baseUrl, 'GET', '/api/seen/billing')).json).toEqual([]);
    } finally {
      await second.kill('SIGTERM');
    }
  });
});
