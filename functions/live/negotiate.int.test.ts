import type { LiveUpdates } from '../../shared/live/port';
import { startBakery, type Bakery } from '../../test/support/bakery-harness';
import { http } from '../../test/support/runtime-harness';
import { connectLive, refusalStatus, type LiveClient } from '../../local/live/live-test-kit';

/**
 * GET /api/live/negotiate on the real app (local runtime): anonymous and signed-in callers get a
 * WebSocket URL on the app's own port; the socket is tied to the token's user, so only their own
 * messages reach it. The test publishes as a service would, through the hub's adapter.
 */
// Each start loads the whole app afresh; on a busy machine that alone can take seconds.
jest.setTimeout(30_000);

let bakery: Bakery;
let live: LiveUpdates;
const sockets: LiveClient[] = [];

beforeAll(async () => {
  bakery = await startBakery({ settings: { BAKERY_SERVICES: 'health' } });
  live = bakery.runtime.live.hub('bakery', () => bakery.runtime.baseUrl);
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close().catch(() => undefined)));
  await bakery.stop();
});

async function negotiate(headers: Record<string, string> = {}) {
  return http(bakery.runtime.baseUrl, 'GET', '/api/live/negotiate', undefined, headers);
}

async function socketFor(headers: Record<string, string> = {}): Promise<LiveClient> {
  const res = await negotiate(headers);
  expect(res.status).toBe(200);
  const socket = await connectLive(res.json.url);
  sockets.push(socket);
  return socket;
}

const bearer = async (sub: string) => ({ authorization: `Bearer ${await bakery.customerToken(sub)}` });

describe('GET /api/live/negotiate', () => {
  it('is registered on every app with live updates, even one with no service but health', () => {
    expect(bakery.runtime.functions.map((f) => f.name)).toContain('live-negotiate');
  });

  it("answers an anonymous caller with a URL on the app's own port, not to be cached", async () => {
    const res = await negotiate();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(res.json)).toEqual(['url']);
    const url = new URL(res.json.url);
    expect(url.protocol).toBe('ws:');
    expect(url.host).toBe(new URL(bakery.runtime.baseUrl).host);
    expect(url.pathname).toBe('/client/hubs/bakery');
  });

  it('gives an anonymous socket what is sent to all, and no user its messages', async () => {
    const anonymous = await socketFor();
    await live.toUser('customer-a', { type: 'order.updated', orderId: 'o-1', status: 'paid' });
    await live.toAll({ type: 'menu.changed', asOf: 'now', items: [] });
    await expect(anonymous.next()).resolves.toEqual({ type: 'menu.changed', asOf: 'now', items: [] });
  });

  it("ties a signed-in caller's socket to their user id: their orders reach them, nobody else's do", async () => {
    const a = await socketFor(await bearer('customer-a'));
    const b = await socketFor(await bearer('customer-b'));
    await live.toUser('customer-a', { type: 'order.updated', orderId: 'o-a', status: 'reserved' });
    await live.toUser('customer-b', { type: 'order.updated', orderId: 'o-b', status: 'paid' });
    await expect(a.next()).resolves.toEqual({ type: 'order.updated', orderId: 'o-a', status: 'reserved' });
    await expect(b.next()).resolves.toEqual({ type: 'order.updated', orderId: 'o-b', status: 'paid' });
    // Had either socket received the other's update, it would come before this.
    await live.toAll({ type: 'marker' });
    await expect(a.next()).resolves.toEqual({ type: 'marker' });
    await expect(b.next()).resolves.toEqual({ type: 'marker' });
  });

  it('refuses a bad bearer token with 401 instead of handing out an anonymous URL', async () => {
    const res = await negotiate({ authorization: 'Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.json).toMatchObject({ code: 'BAKERY_UNAUTHORIZED' });
    expect(res.json.url).toBeUndefined();
  });

  it("refuses a socket whose token was not the runtime's (401) and answers 404 off the hub's path", async () => {
    const url = new URL((await negotiate()).json.url);
    url.searchParams.set('access_token', 'e30.e30.c2ln');
    expect(await refusalStatus(url.toString())).toBe(401);
    url.pathname = '/client/elsewhere';
    expect(await refusalStatus(url.toString())).toBe(404);
  });

  it('lets a client that lost its socket negotiate again and carry on', async () => {
    const first = await socketFor(await bearer('customer-c'));
    await first.close();
    const again = await socketFor(await bearer('customer-c'));
    await live.toUser('customer-c', { type: 'order.updated', orderId: 'o-c', status: 'received' });
    await expect(again.next()).resolves.toEqual({
      type: 'order.updated',
      orderId: 'o-c',
      status: 'received',
    });
  });

  it('shows the connected sockets in /api/health-style runtime facts', () => {
    expect(bakery.runtime.describe().live).toMatchObject({ bakery: { connections: expect.any(Number) } });
  });
});
