import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LiveUpdates } from '../../shared/live/port';
import { HubTokens } from './hub-token';
import { LiveHub } from './live-hub';
import { connectLive, refusalStatus, type LiveClient } from './live-test-kit';

/**
 * The local hub at its edges: the LiveUpdates adapter the app sends through, and plain WebSocket
 * clients connecting with the URLs it hands out. The token clock is a hand-held one, so expiry is
 * tested without waiting.
 */
let now = Date.parse('2026-12-01T00:00:00Z');
const clock = { now: () => now };
let server: http.Server;
let hub: LiveHub;
let bakery: LiveUpdates;
let baseUrl: string;
const open: LiveClient[] = [];

async function client(userId?: string, url?: string): Promise<LiveClient> {
  const connected = await connectLive(url ?? (await bakery.clientUrl(userId)));
  open.push(connected);
  return connected;
}

beforeEach(async () => {
  now = Date.parse('2026-12-01T00:00:00Z');
  hub = new LiveHub({ clock, tokenMinutes: 60 });
  server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => {
    if (!hub.upgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  bakery = hub.hub('bakery', () => baseUrl);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close().catch(() => undefined)));
  await hub.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('client URLs', () => {
  it("have Web PubSub's client endpoint shape on the hub's own port", async () => {
    const url = new URL(await bakery.clientUrl('alex'));
    expect(url.protocol).toBe('ws:');
    expect(url.host).toBe(new URL(baseUrl).host);
    expect(url.pathname).toBe('/client/hubs/bakery');
    expect(url.searchParams.get('access_token')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});

describe('toAll', () => {
  it('reaches every client, anonymous and signed in, as one JSON text frame each', async () => {
    const anonymous = await client();
    const alex = await client('alex');
    const message = { type: 'menu.changed', asOf: '2026-12-01T00:00:00.000Z', items: [] };
    await bakery.toAll(message);
    await expect(anonymous.next()).resolves.toEqual(message);
    await expect(alex.next()).resolves.toEqual(message);
  });

  it('keeps the order of the messages sent', async () => {
    const reader = await client();
    for (let i = 1; i <= 5; i++) await bakery.toAll({ type: 'tick', n: i });
    const got = [];
    for (let i = 1; i <= 5; i++) got.push(await reader.next());
    expect(got).toEqual([1, 2, 3, 4, 5].map((n) => ({ type: 'tick', n })));
  });

  it('does not cross hubs', async () => {
    const other = hub.hub('otherhub', () => baseUrl);
    const outsider = await client(undefined, await other.clientUrl(undefined));
    const insider = await client();
    await bakery.toAll({ type: 'for-bakery' });
    await other.toAll({ type: 'for-other' });
    await expect(outsider.next()).resolves.toEqual({ type: 'for-other' });
    await expect(insider.next()).resolves.toEqual({ type: 'for-bakery' });
  });
});

describe('toUser', () => {
  it("reaches every socket of that user and nobody else's", async () => {
    const alexPhone = await client('alex');
    const alexLaptop = await client('alex');
    const sam = await client('sam');
    const anonymous = await client();
    await bakery.toUser('alex', { type: 'order.updated', orderId: 'o-1', status: 'paid' });
    // Sent after, on the same sockets: whoever was not meant to get the first sees this one first.
    await bakery.toAll({ type: 'marker' });
    for (const c of [alexPhone, alexLaptop]) {
      await expect(c.next()).resolves.toEqual({ type: 'order.updated', orderId: 'o-1', status: 'paid' });
      await expect(c.next()).resolves.toEqual({ type: 'marker' });
    }
    for (const c of [sam, anonymous]) await expect(c.next()).resolves.toEqual({ type: 'marker' });
  });

  it('to a user with no socket is a no-op, not an error', async () => {
    await expect(bakery.toUser('nobody', { type: 'order.updated' })).resolves.toBeUndefined();
  });
});

describe('refused connections', () => {
  const withToken = (url: string, token: string) => {
    const u = new URL(url);
    u.searchParams.set('access_token', token);
    return u.toString();
  };

  it('without a token: 401', async () => {
    const url = new URL(await bakery.clientUrl('alex'));
    url.searchParams.delete('access_token');
    expect(await refusalStatus(url.toString())).toBe(401);
  });

  it('with a tampered token (another user id, same signature): 401', async () => {
    const url = await bakery.clientUrl('alex');
    const [head, , signature] = new URL(url).searchParams.get('access_token')!.split('.');
    const payload = JSON.parse(
      Buffer.from(new URL(url).searchParams.get('access_token')!.split('.')[1], 'base64url').toString(),
    ) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...payload, sub: 'sam' })).toString('base64url');
    expect(await refusalStatus(withToken(url, `${head}.${forged}.${signature}`))).toBe(401);
  });

  it('with a token signed by another run (another key): 401', async () => {
    const url = await bakery.clientUrl('alex');
    const iat = Math.floor(now / 1000);
    const foreign = new HubTokens().sign({
      aud: `${baseUrl}/client/hubs/bakery`,
      sub: 'alex',
      iat,
      exp: iat + 600,
    });
    expect(await refusalStatus(withToken(url, foreign))).toBe(401);
  });

  it("with another hub's token: 401", async () => {
    const otherToken = new URL(await hub.hub('otherhub', () => baseUrl).clientUrl('alex')).searchParams.get(
      'access_token',
    )!;
    expect(await refusalStatus(withToken(await bakery.clientUrl('alex'), otherToken))).toBe(401);
  });

  it('with an expired token: 401 — while a socket opened in time stays open', async () => {
    const url = await bakery.clientUrl('alex');
    const early = await client(undefined, url);
    now += 60 * 60_000;
    expect(await refusalStatus(url)).toBe(401);
    await bakery.toUser('alex', { type: 'still-here' });
    await expect(early.next()).resolves.toEqual({ type: 'still-here' });
  });

  it('a token one second short of expiry still connects', async () => {
    const url = await bakery.clientUrl('alex');
    now += 60 * 60_000 - 1_000;
    const late = await client(undefined, url);
    await bakery.toAll({ type: 'ok' });
    await expect(late.next()).resolves.toEqual({ type: 'ok' });
  });

  it('another path is not the hub', async () => {
    const url = new URL(await bakery.clientUrl('alex'));
    url.pathname = '/client/hubs/bakery/extra';
    expect(await refusalStatus(url.toString())).toBe(404);
  });
});

describe('reconnecting', () => {
  it('a client that dropped its socket reconnects (same URL, or a new one) and gets messages again', async () => {
    const url = await bakery.clientUrl('alex');
    const first = await client(undefined, url);
    await first.close();
    // Sent while alex has no socket: lost, as on Web PubSub (the page polls meanwhile).
    await bakery.toUser('alex', { type: 'missed' });
    const again = await client(undefined, url);
    const fresh = await client('alex');
    await bakery.toUser('alex', { type: 'after' });
    await expect(again.next()).resolves.toEqual({ type: 'after' });
    await expect(fresh.next()).resolves.toEqual({ type: 'after' });
  });

  it('when the hub stops, clients are told 1001 (going away) so they reconnect elsewhere', async () => {
    const c = await client();
    await hub.close();
    await expect(c.closed).resolves.toBe(1001);
    expect(await refusalStatus(await bakery.clientUrl(undefined))).toBe(503);
  });
});
