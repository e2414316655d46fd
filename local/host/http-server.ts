import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HostRequest, HostResponse, HostRouteHandler } from './host-api';
import { compareRoutes, RouteTemplate, splitPath } from './route-template';

/**
 * The runtime's single HTTP server. Host routes (`/admin/...`, `/runtime/webhooks/...`) and function
 * routes (under the route prefix) share one table, ranked so that literal segments win over
 * parameters. A path that matches with the wrong method gets 405 with `Allow`; no match gets 404;
 * both, like every host-made error, as RFC 9457 problem+json.
 */
export interface HttpServerOptions {
  maxRequestBodyBytes: number;
  onError: (message: string, error: unknown) => void;
}

interface Route {
  /** Waiting routes (admin idle / clock steps) do not count as work in flight. */
  waits: boolean;
  methods: Set<string> | 'any';
  template: RouteTemplate;
  handler: HostRouteHandler;
}

export class HttpServer {
  private routes: Route[] = [];
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

  get inFlight(): number {
    return this.active;
  }

  listen(port: number, host: string): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
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
          return send(
            res,
            problem(
              413,
              'Payload Too Large',
              `The request body exceeds ${this.options.maxRequestBodyBytes} bytes.`,
              'BAKERY_PAYLOAD_TOO_LARGE',
            ),
          );
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
      send(
        res,
        problem(
          404,
          'Not Found',
          `No function or host endpoint answers ${url.pathname}.`,
          'BAKERY_NOT_FOUND',
        ),
      );
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

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
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
  res.writeHead(response.status, headers);
  res.end(payload);
}
