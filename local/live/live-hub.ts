import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { Clock } from '../../shared/clock';
import type { LiveMessage, LiveUpdates } from '../../shared/live/port';
import { HubTokens } from './hub-token';

/**
 * The local runtime's stand-in for Azure Web PubSub: plain WebSocket clients connect to
 * `ws://<host>/client/hubs/<hub>?access_token=<token>` on the runtime's own HTTP port (the path of
 * Web PubSub's client endpoint), and the app sends through the same port as in Azure (`hub(name)`
 * is its LiveUpdates adapter). Each message goes out as one JSON text frame, as Web PubSub sends
 * JSON to clients without a subprotocol. Messages from clients are ignored (Web PubSub would hand
 * them to an event handler, and the bakery configures none).
 */
export interface LiveHubOptions {
  /** Token lifetimes are the real clock's business (they protect people): injected for tests. */
  clock: Clock;
  /** How long a client URL is good for connecting; an open socket is not cut when it expires. */
  tokenMinutes?: number;
  tokens?: HubTokens;
}

const CLIENT_PATH = /^\/client\/hubs\/([A-Za-z][A-Za-z0-9_`,.[\]]{0,127})\/?$/;
/** Clients only listen: a large frame from one is refused rather than buffered. */
const MAX_CLIENT_FRAME_BYTES = 16 * 1024;

interface Connection {
  socket: WebSocket;
  userId: string | undefined;
}

export class LiveHub {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  private readonly hubs = new Map<string, Set<Connection>>();
  private readonly tokens: HubTokens;
  private closed = false;

  constructor(private readonly options: LiveHubOptions) {
    this.tokens = options.tokens ?? new HubTokens();
  }

  /** The app's adapter for one hub; `baseUrl()` is the runtime's (known once it listens). */
  hub(name: string, baseUrl: () => string): LiveUpdates {
    if (!CLIENT_PATH.test(`/client/hubs/${name}`)) throw new Error(`"${name}" is not a valid hub name`);
    return {
      kind: 'local',
      toAll: (message) => Promise.resolve(this.send(name, message, () => true)),
      toUser: (userId, message) => Promise.resolve(this.send(name, message, (c) => c.userId === userId)),
      clientUrl: (userId) => Promise.resolve(this.clientUrl(name, baseUrl(), userId)),
    };
  }

  /** For the HTTP server's `upgrade` event: true when the request was for a hub (answered here). */
  readonly upgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = CLIENT_PATH.exec(url.pathname);
    if (!match) return false;
    const hub = match[1];
    const admitted = this.authorize(hub, url, request);
    if (!admitted.ok) {
      refuse(socket, admitted.status, admitted.detail);
      return true;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.admit(hub, ws, admitted.userId));
    return true;
  };

  describe(): Record<string, unknown> {
    return Object.fromEntries(
      [...this.hubs].map(([hub, connections]) => [
        hub,
        {
          connections: connections.size,
          users: new Set([...connections].flatMap((c) => (c.userId ? [c.userId] : []))).size,
        },
      ]),
    );
  }

  /** Closes every socket (1001 going away, so clients reconnect) and refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    const sockets = [...this.hubs.values()].flatMap((set) => [...set].map((c) => c.socket));
    this.hubs.clear();
    await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === WebSocket.CLOSED) return resolve();
            socket.once('close', () => resolve());
            // A client that does not answer the close handshake is not waited for.
            socket.close(1001, 'server stopping');
            setTimeout(() => socket.terminate(), 1_000).unref();
          }),
      ),
    );
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private authorize(
    hub: string,
    url: URL,
    request: http.IncomingMessage,
  ): { ok: true; userId: string | undefined } | { ok: false; status: 401 | 503; detail: string } {
    if (this.closed) return { ok: false, status: 503, detail: 'The hub is stopping.' };
    const token = url.searchParams.get('access_token') ?? bearer(request.headers.authorization);
    if (!token) return { ok: false, status: 401, detail: 'No access token.' };
    const check = this.tokens.verify(
      token,
      (aud) => audiencePath(aud) === `/client/hubs/${hub}`,
      Math.floor(this.options.clock.now() / 1000),
    );
    if (!check.ok) return { ok: false, status: 401, detail: `Access token refused: ${check.reason}.` };
    return { ok: true, userId: check.claims.sub };
  }

  private clientUrl(hub: string, baseUrl: string, userId: string | undefined): string {
    const path = `/client/hubs/${hub}`;
    const iat = Math.floor(this.options.clock.now() / 1000);
    const token = this.tokens.sign({
      aud: `${baseUrl}${path}`,
      ...(userId === undefined ? {} : { sub: userId }),
      iat,
      exp: iat + 60 * (this.options.tokenMinutes ?? 60),
    });
    return `${baseUrl.replace(/^http/, 'ws')}${path}?access_token=${token}`;
  }

  private admit(hub: string, socket: WebSocket, userId: string | undefined): void {
    const connections = this.hubs.get(hub) ?? new Set<Connection>();
    this.hubs.set(hub, connections);
    const connection: Connection = { socket, userId };
    connections.add(connection);
    socket.on('close', () => connections.delete(connection));
    // A broken client socket is dropped like a closed one.
    socket.on('error', () => socket.terminate());
  }

  private send(hub: string, message: LiveMessage, to: (c: Connection) => boolean): void {
    const frame = JSON.stringify(message);
    for (const connection of this.hubs.get(hub) ?? []) {
      if (to(connection) && connection.socket.readyState === WebSocket.OPEN) connection.socket.send(frame);
    }
  }
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function audiencePath(aud: string): string | undefined {
  try {
    return new URL(aud).pathname;
  } catch {
    return undefined;
  }
}

/** Answers the upgrade request with a plain HTTP error (problem+json), as Web PubSub answers 401. */
function refuse(socket: Duplex, status: 401 | 503, detail: string): void {
  const title = status === 401 ? 'Unauthorized' : 'Service Unavailable';
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
