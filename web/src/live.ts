import type { Api, OrderStatus } from './api';

/** Server → client messages (the live contract: ../shared/api.md "Live updates"). */
export type LiveMessage =
  | {
      type: 'menu.changed';
      asOf: string;
      items: {
        productId: string;
        available: number;
        currentPrice?: { amount: number; currency: string };
        discounted?: boolean;
      }[];
    }
  | { type: 'order.updated'; orderId: string; status: OrderStatus; reason?: string };

/** 'live': the socket is open; 'polling': it is not (absent or dropped), so pages poll every 2 s. */
export type LiveMode = 'connecting' | 'live' | 'polling';

export const POLL_MS = 2_000;
const BACKOFF_START_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

/** The next reconnect delay: 1 s, 2 s, 4 s … at most 30 s. */
export function nextBackoff(previousMs: number | undefined): number {
  return previousMs === undefined ? BACKOFF_START_MS : Math.min(previousMs * 2, BACKOFF_MAX_MS);
}

export function parseLiveMessage(data: unknown): LiveMessage | undefined {
  if (typeof data !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const message = value as Record<string, unknown>;
  if (message.type === 'menu.changed' && Array.isArray(message.items)) return message as LiveMessage;
  if (
    message.type === 'order.updated' &&
    typeof message.orderId === 'string' &&
    typeof message.status === 'string'
  )
    return message as LiveMessage;
  return undefined;
}

/**
 * One WebSocket to the live hub (Azure Web PubSub, or the local runtime's hub): negotiated through
 * the API (with the bearer token when signed in, so my orders' progress comes too), reconnected with
 * backoff. While it is not open the mode is 'polling' and the pages poll instead.
 */
export class LiveConnection {
  private socket: WebSocket | undefined;
  private backoff: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  private generation = 0;
  private modeNow: LiveMode = 'connecting';
  private readonly messageListeners = new Set<(message: LiveMessage) => void>();
  private readonly modeListeners = new Set<(mode: LiveMode) => void>();

  constructor(private readonly api: Api) {}

  get mode(): LiveMode {
    return this.modeNow;
  }

  onMessage(listener: (message: LiveMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onMode(listener: (mode: LiveMode) => void): () => void {
    this.modeListeners.add(listener);
    return () => this.modeListeners.delete(listener);
  }

  /** (Re)connects, e.g. after signing in or out: the socket is tied to the user it was negotiated for. */
  restart(): void {
    this.stop();
    this.stopped = false;
    this.backoff = undefined;
    void this.connect(this.generation);
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000, 'client restart');
  }

  private async connect(generation: number): Promise<void> {
    if (this.stopped || generation !== this.generation) return;
    let url: string;
    try {
      ({ url } = await this.api.negotiate());
    } catch {
      return this.dropped(generation);
    }
    if (this.stopped || generation !== this.generation) return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(new URL(url, location.href).toString());
    } catch {
      return this.dropped(generation);
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (generation !== this.generation) return;
      this.backoff = undefined;
      this.setMode('live');
    });
    socket.addEventListener('message', (event: MessageEvent) => {
      const message = parseLiveMessage(event.data);
      if (message) for (const listener of this.messageListeners) listener(message);
    });
    socket.addEventListener('close', () => {
      if (this.socket === socket) this.socket = undefined;
      this.dropped(generation);
    });
  }

  private dropped(generation: number): void {
    if (this.stopped || generation !== this.generation) return;
    this.setMode('polling');
    this.backoff = nextBackoff(this.backoff);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(generation), this.backoff);
  }

  private setMode(mode: LiveMode): void {
    if (mode === this.modeNow) return;
    this.modeNow = mode;
    for (const listener of this.modeListeners) listener(mode);
  }
}
