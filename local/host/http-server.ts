import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { HostRequest, HostResponse, HostRouteHandler } from './host-api';
import { compareRoutes, RouteTemplate, splitPath } from './route-template';

/**
 * The runtime's single HTTP server. Host routes (`/admin/...`, `/runtime/webhooks/...`) and function
 * routes (under the route prefix) share one table, ranked so that literal segments win over
 * parameters. A path that matches with the wrong method gets 405 with `Allow`. No match gets 404:
 * with no body under the route prefix, as the Functions host answers; as RFC 9457 problem+json for
 * the host's own paths, like every other host-made error here.
 */
export interface HttpServerOptions {
  maxRequestBodyBytes: number;
  /** host.json `extensions.http.routePrefix` (no slashes): the function routes' paths. */
  routePrefix: string;
  onError: (message: string, error: unknown) => void;
}

interface Route {
  /** Waiting routes (admin idle / clock steps) do not count as work in flight. */
  waits: boolean;
  methods: Set<string> | 'any';
  template: RouteTemplate;
  handler: HostRouteHandler;
}

/** Takes a WebSocket upgrade request it serves (answering it) and returns true, or returns false. */
export type UpgradeHandler = (request: http.IncomingMessage, socket: Duplex, head: Buffer) => boolean;

export class HttpServer {
  private routes: Route[] = [];
  private upgrades: UpgradeHandler[] = [];
  private server: http.Server | undefined;
  private active = 0;

  constructor(private readonly options: HttpServerOptions) {}

  /** `methods` undefined = every method. */
  add(
    methods: string[] | undefined,
    template: string,
    handler: HostRouteHandler,
    options: { waits?: boolean } = {},
  ): void {
    const route: Route = {
      waits: options.waits ?? false,
      methods: methods ? new Set(methods.map((m) => m.toUpperCase())) : 'any',
      template: new RouteTemplate(template),
      handler,
    };
    this.routes.push(route);
    this.routes.sort((a, b) => compareRoutes(a.template, b.template));
  }

  /** WebSocket upgrades on the same port (the local Web PubSub hub); an unclaimed one gets 404. */
  onUpgrade(handler: UpgradeHandler): void {
    this.upgrades.push(handler);
  }

  get inFlight(): number {
    return this.active;
  }

  listen(port: number, host: string): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      try {
        if (this.upgrades.some((handler) => handler(req, socket, head))) return;
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      } catch (error) {
        this.options.onError(`upgrade ${req.url} failed`, error);
        socket.destroy();
      }
    });
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => {
        const address = this.server!.address() as AddressInfo;
        resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
      });
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  /** Under the route prefix (with an empty prefix: anything but the host's `/admin` and `/runtime`). */
  private isFunctionPath(segments: string[]): boolean {
    const first = (segments[0] ?? '').toLowerCase();
    const prefix = this.options.routePrefix.toLowerCase();
    if (prefix === '') return first !== 'admin' && first !== 'runtime';
    const wanted = prefix.split('/');
    return wanted.every((part, i) => (segments[i] ?? '').toLowerCase() === part);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.active++;
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const segments = splitPath(url.pathname);
      const method = (req.method ?? 'GET').toUpperCase();
      let allowed: string[] = [];
      for (const route of this.routes) {
        const params = route.template.match(segments);
        if (!params) continue;
        if (route.methods !== 'any' && !route.methods.has(method)) {
          allowed = allowed.concat([...route.methods]);
          continue;
        }
        const body = await readBody(req, this.options.maxRequestBodyBytes);
        if (body === 'too-large') {
          // As Kestrel: answer as soon as the limit is passed, read no more, close the connection.
          const response = problem(
            413,
            'Payload Too Large',
            `The request body exceeds ${this.options.maxRequestBodyBytes} bytes.`,
            'BAKERY_PAYLOAD_TOO_LARGE',
          );
          response.headers = { ...response.headers, connection: 'close' };
          send(res, response);
          res.once('finish', () => req.socket.destroySoon());
          return;
        }
        const request: HostRequest = {
          method,
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body,
        };
        if (route.waits) this.active--;
        try {
          return send(res, await route.handler(request, params));
        } finally {
          if (route.waits) this.active++;
        }
      }
      if (allowed.length > 0) {
        const response = problem(
          405,
          'Method Not Allowed',
          `${method} is not allowed on ${url.pathname}.`,
          'BAKERY_METHOD_NOT_ALLOWED',
        );
        response.headers = { ...response.headers, allow: [...new Set(allowed)].join(', ') };
        return send(res, response);
      }
      if (this.isFunctionPath(segments)) return send(res, { status: 404 });
      send(res, problem(404, 'Not Found', `No host endpoint answers ${url.pathname}.`, 'BAKERY_NOT_FOUND'));
    } catch (error) {
      this.options.onError(`HTTP ${req.method} ${req.url} failed`, error);
      if (!res.headersSent)
        send(
          res,
          problem(500, 'Internal Server Error', 'The request failed inside the host.', 'BAKERY_INTERNAL'),
        );
      else res.destroy();
    } finally {
      this.active--;
    }
  }
}

export function problem(status: number, title: string, detail: string, code: string): HostResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: { type: 'about:blank', title, status, detail, code },
  };
}

/**
 * The request body, or 'too-large' as soon as it passes `limit` (a declared Content-Length at once, a
 * chunked body at the chunk that passes it): the rest is not read.
 */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      resolve('too-large');
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, response: HostResponse): void {
  const headers: Record<string, string | string[]> = { ...(response.headers ?? {}) };
  let payload: Buffer | undefined;
  if (Buffer.isBuffer(response.body)) payload = response.body;
  else if (typeof response.body === 'string') payload = Buffer.from(response.body);
  else if (response.body !== undefined) {
    payload = Buffer.from(JSON.stringify(response.body));
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json; charset=utf-8';
  }
  if (payload) headers['content-length'] = String(payload.length);
  else if (response.status !== 204 && response.status !== 304) headers['content-length'] = '0';
  res.writeHead(response.status, headers);
  res.end(payload);
}
