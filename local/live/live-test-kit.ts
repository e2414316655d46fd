import { WebSocket } from 'ws';

/** A plain WebSocket client, as a browser would be: every text frame parsed as JSON, in order. */
export interface LiveClient {
  /** The next message (waits for it); fails if a frame was binary or not JSON. */
  next(): Promise<unknown>;
  /** Messages received and not yet taken by next(). */
  pending(): number;
  close(): Promise<void>;
  /** Resolves with the close code when the server closes the socket. */
  closed: Promise<number>;
}

export function connectLive(url: string): Promise<LiveClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const queue: unknown[] = [];
    const waiting: Array<{ resolve: (m: unknown) => void; reject: (e: Error) => void }> = [];
    const closed = new Promise<number>((done) => socket.once('close', (code) => done(code)));
    socket.on('message', (data, isBinary) => {
      let message: unknown;
      try {
        if (isBinary) throw new Error('a binary frame, where JSON text frames were expected');
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        message = JSON.parse(bytes.toString('utf8'));
      } catch (error) {
        message = error instanceof Error ? error : new Error(String(error));
      }
      const waiter = waiting.shift();
      if (!waiter) return void queue.push(message);
      if (message instanceof Error) waiter.reject(message);
      else waiter.resolve(message);
    });
    socket.once('unexpected-response', (_request, response) =>
      reject(new RefusedError(response.statusCode ?? 0)),
    );
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        next: () => {
          if (queue.length > 0) {
            const message = queue.shift();
            return message instanceof Error ? Promise.reject(message) : Promise.resolve(message);
          }
          return new Promise((res, rej) => waiting.push({ resolve: res, reject: rej }));
        },
        pending: () => queue.length,
        close: async () => {
          socket.close();
          await closed;
        },
        closed,
      }),
    );
  });
}

export class RefusedError extends Error {
  constructor(readonly status: number) {
    super(`the WebSocket upgrade was refused with HTTP ${status}`);
  }
}

/** The HTTP status a refused upgrade was answered with (fails the test if it was accepted). */
export async function refusalStatus(url: string): Promise<number> {
  try {
    const client = await connectLive(url);
    await client.close();
  } catch (error) {
    if (error instanceof RefusedError) return error.status;
    throw error;
  }
  throw new Error(`the hub accepted ${url}`);
}
