import type { EmbeddedDocumentStore } from '../store/embedded-store';
import type { HostApi, RegisteredFunction, TriggerExtension } from '../host/host-api';
import { resolveSetting } from '../host/settings';
import { invokeWithRetries, RetryPause } from './retry';

/**
 * Cosmos DB change-feed trigger on the embedded store. Each function keeps a lease (its change-feed
 * continuation) in the journal, advanced only after the function succeeded on a batch, so a crash
 * redelivers the batch (at-least-once, as in Azure). Changes are pushed by the store: no polling.
 *
 * As in Azure, a failing batch is retried only when the registration has a retry policy
 * (`retry: { strategy, maxRetryCount, ... }`); without one, or once it is spent, the error is logged
 * and the lease moves past the batch.
 */
const LEASES = 'cosmos:leases';

export function cosmosTriggerExtension(options: { store: EmbeddedDocumentStore }): TriggerExtension {
  const pumps: ChangeFeedPump[] = [];
  return {
    name: 'cosmosDB',
    triggerTypes: ['cosmosDBTrigger'],
    async start(host) {
      for (const fn of host.functions) {
        if (fn.trigger.type?.toLowerCase() !== 'cosmosdbtrigger') continue;
        const containerName = resolveSetting(fn.trigger.containerName, host.settings);
        if (!containerName) throw new Error(`Function "${fn.name}": cosmosDB trigger needs containerName`);
        const pump = new ChangeFeedPump(host, fn, options.store, containerName);
        pumps.push(pump);
        await pump.start();
      }
    },
    async stop() {
      await Promise.all(pumps.map((p) => p.stop()));
    },
    isIdle: () => pumps.every((p) => p.idle),
    describe: () => ({ leases: Object.fromEntries(pumps.map((p) => [p.fn.name, p.containerName])) }),
  };
}

class ChangeFeedPump {
  private continuation: string | undefined;
  private running = false;
  private kicked = false;
  private stopped = false;
  private unsubscribe: () => void = () => undefined;
  private done: Promise<void> = Promise.resolve();
  private readonly pause = new RetryPause();

  constructor(
    private readonly host: HostApi,
    readonly fn: RegisteredFunction,
    private readonly store: EmbeddedDocumentStore,
    readonly containerName: string,
  ) {}

  get idle(): boolean {
    return !this.running && !this.kicked;
  }

  async start(): Promise<void> {
    const lease = this.host.journal.get(LEASES, this.fn.name) as { continuation?: string | null } | undefined;
    if (lease) this.continuation = lease.continuation ?? undefined;
    else if (!this.fn.trigger.startFromBeginning) this.continuation = await this.endOfFeed();
    this.host.journal.commit([
      { collection: LEASES, key: this.fn.name, value: { continuation: this.continuation ?? null } },
    ]);
    this.unsubscribe = this.store.onChange(this.containerName, () => this.kick());
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.pause.cut();
    await this.done;
  }

  private kick(): void {
    this.kicked = true;
    if (this.running || this.stopped) return;
    this.running = true;
    this.done = this.drain()
      .catch((error: unknown) => {
        if (!(error instanceof PumpStopped))
          this.host.log(
            'error',
            `Change feed of "${this.containerName}" for "${this.fn.name}" stopped: ${String(error)}`,
          );
      })
      .finally(() => {
        this.running = false;
        // A change pushed after drain() saw an empty page but before this line found the pump still
        // running and only set `kicked`: drain again, or it would wait for the next write (and the
        // runtime would never be idle).
        if (this.kicked && !this.stopped) this.kick();
      });
  }

  private async drain(): Promise<void> {
    while (this.kicked && !this.stopped) {
      this.kicked = false;
      for (;;) {
        const container = this.store.findContainer(this.containerName);
        if (!container || this.stopped) return;
        const max = Number(this.fn.trigger.maxItemsPerInvocation ?? 100);
        const page = await container.readChangeFeed({ continuation: this.continuation, maxItemCount: max });
        if (page.items.length === 0) break;
        await this.deliver(page.items);
        this.continuation = page.continuation;
        this.host.journal.commit([
          { collection: LEASES, key: this.fn.name, value: { continuation: this.continuation } },
        ]);
      }
    }
  }

  private async deliver(items: unknown[]): Promise<void> {
    const result = await invokeWithRetries({
      retry: this.fn.retryOptions,
      invoke: (retryContext) =>
        this.host.invoke(this.fn.name, {
          inputData: [{ name: this.fn.triggerBindingName, data: { json: JSON.stringify(items) } }],
          retryContext,
          reason: `New changes on container ${this.containerName} at ${new Date(this.host.clock.now()).toISOString().replace('Z', '0000Z')}`,
        }),
      stopped: () => this.stopped,
      pause: this.pause,
      label: `Change-feed function "${this.fn.name}"`,
      warn: (message) => this.host.log('warn', message),
    });
    // Stopping is not giving up: leave the lease where it is, so the batch comes again after a restart.
    if (result.outcome === 'stopped') throw new PumpStopped();
    if (result.outcome === 'gave-up')
      this.host.log(
        'error',
        `Change-feed function "${this.fn.name}" failed on ${items.length} document(s), moving past them: ${result.message}`,
      );
  }

  private async endOfFeed(): Promise<string | undefined> {
    const container = this.store.findContainer(this.containerName);
    if (!container) return undefined;
    let continuation: string | undefined;
    for (;;) {
      const page = await container.readChangeFeed({ continuation, maxItemCount: 1000 });
      if (page.items.length === 0) return continuation ?? page.continuation;
      continuation = page.continuation;
    }
  }
}

class PumpStopped extends Error {
  constructor() {
    super('the runtime is stopping');
  }
}
