import type * as Http from 'node:http';
import type { ProgrammingModel } from './core-types';

// The module object itself (an ES namespace import is a read-only copy): its createServer is swapped
// for the duration of the negotiation.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const http = require('node:http') as typeof Http;

/**
 * Asks the programming model for its capabilities, as the worker does once the app is loaded (this
 * also locks `app.setup`), and refuses what the local runtime cannot do. `app.setup({
 * enableHttpStream: true })` makes `@azure/functions` open its own HTTP proxy and answer with its
 * `HttpUri`, to which a host that streams forwards each request; this host does not, so every request
 * would hang. The start is refused instead, and the proxy the library opened is closed.
 */
export async function negotiateCapabilities(model: ProgrammingModel): Promise<Record<string, string>> {
  const opened: Http.Server[] = [];
  const createServer = http.createServer;
  const recording = (...args: unknown[]): Http.Server => {
    const server = (createServer as (...a: unknown[]) => Http.Server)(...args);
    opened.push(server);
    return server;
  };
  (http as { createServer: unknown }).createServer = recording;
  let capabilities: Record<string, string>;
  try {
    capabilities = (await model.getCapabilities?.({})) ?? {};
  } finally {
    (http as { createServer: unknown }).createServer = createServer;
  }
  if (capabilities.HttpUri !== undefined) {
    for (const server of opened) server.close();
    throw new Error(
      'app.setup({ enableHttpStream: true }): HTTP streaming is not supported by the local runtime; remove the setting (or set it to false) to run the app here',
    );
  }
  return capabilities;
}
