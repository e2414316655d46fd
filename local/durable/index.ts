import type { HostApi, TriggerExtension } from '../host/host-api';
import { ActivityDispatcher } from './activities';
import { adminRoutes } from './admin';
import { clientBindingData, clientRoutes } from './client-api';
import { EntityDispatcher } from './entities';
import { OrchestrationDispatcher } from './orchestrations';
import { isEntityId } from './protocol';
import { FunctionIndex, type DurableOptions, type Services } from './services';
import { DurableStore } from './store';
import { TimerService } from './timers';

export type { DurableOptions } from './services';

/**
 * Durable Functions on the local runtime: the host side of the protocol that `durable-functions`
 * speaks, so its replay engine, entity dispatcher and client run the app's code unchanged.
 * Orchestration history, entity state and all pending work live in the runtime's journal
 * (collections `durable:*`); stopping and starting again resumes where it was.
 */
export function createDurableExtension(options: DurableOptions = {}): TriggerExtension {
  const opts: Required<DurableOptions> = {
    hubName: 'TestHubName',
    maxEntityBatchSize: 100,
    maxConcurrentActivities: 200,
    stopTimeoutMs: 10_000,
    ...options,
  };
  let running: Running | undefined;

  return {
    name: 'durable',
    triggerTypes: ['orchestrationTrigger', 'entityTrigger', 'activityTrigger'],
    inputBindingTypes: ['durableClient', 'orchestrationClient'],
    async start(host) {
      running = new Running(host, opts);
    },
    async stop() {
      await running?.stop();
    },
    describe: () => running?.describe() ?? {},
    isIdle: () => running?.idle ?? true,
    // An orchestrator's or entity's trigger data is the replay protocol: start or signal them through
    // the Durable client API. An activity takes `input` as its input.
    manualTriggerData: (fn, input) =>
      String(fn.trigger.type).toLowerCase() === 'activitytrigger' ? { string: input } : undefined,
  };
}

class Running {
  private readonly store: DurableStore;
  private readonly services: Services;
  private readonly orchestrations: OrchestrationDispatcher;
  private readonly entities: EntityDispatcher;
  private readonly activities: ActivityDispatcher;
  private readonly timers: TimerService;
  private closed = false;
  private readonly hostnameWeSet: string | undefined;

  constructor(host: HostApi, options: Required<DurableOptions>) {
    this.store = new DurableStore(host.journal);
    const base = {
      host,
      store: this.store,
      functions: new FunctionIndex(host.functions),
      options,
      now: () => host.clock.now(),
      closed: () => this.closed,
    };
    this.timers = new TimerService(base);
    this.services = {
      ...base,
      startActivity: (work) => this.activities.start(work),
      armTimer: (timer) => this.timers.arm(timer),
      dropTimers: (tx, instanceId) => this.timers.drop(tx, instanceId),
    };
    this.orchestrations = new OrchestrationDispatcher(this.services);
    this.entities = new EntityDispatcher(this.services);
    this.activities = new ActivityDispatcher(this.services);
    this.store.onMessage = (m) =>
      isEntityId(m.target) ? this.entities.kick(m.target) : this.orchestrations.kick(m.target);

    const binding = () => ({ json: JSON.stringify(clientBindingData(host.baseUrl, options.hubName)) });
    host.provideInputBinding('durableClient', binding);
    host.provideInputBinding('orchestrationClient', binding);
    clientRoutes(this.services);
    adminRoutes(this.services, () => this.describe());

    // The Functions host sets WEBSITE_HOSTNAME; without it the library rewrites management URLs to
    // localhost:7071 (getClient.js), which is wrong when the runtime listens elsewhere.
    if (!process.env.WEBSITE_HOSTNAME) {
      this.hostnameWeSet = new URL(host.baseUrl).host;
      process.env.WEBSITE_HOSTNAME = this.hostnameWeSet;
    }

    // Resume what was pending when the runtime last stopped.
    for (const timer of this.store.timers()) this.timers.arm(timer);
    for (const work of this.store.activities()) this.activities.start(work);
    for (const target of this.store.targets()) this.store.onMessage(this.store.inbox(target)[0]);
  }

  get idle(): boolean {
    return this.orchestrations.idle && this.entities.idle && this.activities.idle;
  }

  describe(): Record<string, unknown> {
    const byStatus: Record<string, number> = {};
    for (const r of this.store.instances()) byStatus[r.runtimeStatus] = (byStatus[r.runtimeStatus] ?? 0) + 1;
    const functions = this.services.functions;
    let entities = 0;
    for (const _ of this.store.entities()) entities++;
    const next = this.timers.nextDue();
    return {
      functions: {
        orchestrators: functions.count('orchestrationtrigger'),
        activities: functions.count('activitytrigger'),
        entities: functions.count('entitytrigger'),
      },
      orchestrations: byStatus,
      entities,
      runningActivities: this.activities.running,
      queuedMessages: this.store.queuedMessages,
      pendingTimers: this.timers.pending,
      nextTimerAt: next === undefined ? null : new Date(next).toISOString(),
    };
  }

  async stop(): Promise<void> {
    this.timers.stop();
    let timeout: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => {
      timeout = setTimeout(resolve, this.services.options.stopTimeoutMs);
      timeout.unref?.();
    });
    await Promise.race([
      Promise.all([this.orchestrations.stop(), this.entities.stop(), this.activities.stop()]),
      gaveUp,
    ]);
    clearTimeout(timeout);
    // Anything still running now finishes unrecorded; its work is redone at the next start.
    this.closed = true;
    if (this.hostnameWeSet !== undefined && process.env.WEBSITE_HOSTNAME === this.hostnameWeSet)
      delete process.env.WEBSITE_HOSTNAME;
  }
}
