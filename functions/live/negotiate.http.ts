import { z } from 'zod';
import { defineRoute, type RouteHandler } from '../../shared/http';
import type { LiveConnections } from '../../shared/live/port';

export interface NegotiateDependencies {
  live: LiveConnections;
}

export const negotiateRoute = defineRoute({
  name: 'live-negotiate',
  method: 'GET',
  route: 'live/negotiate',
  auth: 'optional',
  summary: 'A WebSocket URL for live menu and order updates',
  description:
    "Anonymous callers get a connection that receives `menu.changed`. With a bearer token (optional here, but verified when sent: a bad one is answered 401, never downgraded to anonymous) the connection is tied to the caller and also receives `order.updated` for their own orders. In Azure the URL is an Azure Web PubSub client URL; locally, the local runtime's hub on the same port (`ws://<host>/client/hubs/bakery?access_token=...`). The URL carries a short-lived token: negotiate again to reconnect after it expires.",
  responses: {
    200: {
      body: z.object({
        url: z.string().describe('The WebSocket URL to connect to (plain WebSocket, JSON text frames)'),
      }),
      headers: { 'Cache-Control': '`no-store`' },
    },
  },
  errors: { 503: 'Live updates are not configured on this app.' },
});

/** GET /api/live/negotiate — optional bearer: the socket carries my orders' progress too. */
export function negotiate({ live }: NegotiateDependencies): RouteHandler<typeof negotiateRoute> {
  return async ({ principal }) => {
    return {
      status: 200,
      body: { url: await live.clientUrl(principal?.userId) },
      // The URL holds a token for this caller: never cached, never shared.
      headers: { 'cache-control': 'no-store' },
    };
  };
}
