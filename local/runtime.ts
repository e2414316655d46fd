import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { readAppPackage, readEntries, readHostConfig, readLocalSettings } from './host/app-config';
import { resolveTopology, type TopologySource } from './host/topology-source';
import { hostSide } from './host/functions-core';
import type { HostApi, InputBindingProvider, RegisteredFunction, TriggerExtension } from './host/host-api';
import { HttpServer } from './host/http-server';
import { invokeThroughProgrammingModel } from './host/invoker';
import { InvocationFaults, type FunctionFaults } from './host/faults';
import { createLogger, type LogLevel } from './host/logger';
import { installFunctionsCoreHook } from './host/module-hook';
import { loadRegistrations } from './host/registry';
import { negotiateCapabilities } from './host/capabilities';
import { VirtualClock, type VirtualClockOptions } from './clock/virtual-clock';
import { Journal } from './persistence/journal';
import { EmbeddedDocumentStore } from './store/embedded-store';
import { EmbeddedBus } from './bus/embedded-bus';
import type { MessagePublisher } from '../shared/bus/port';
import { httpTriggerExtension } from './triggers/http-trigger';
import { timerTriggerExtension } from './triggers/timer-trigger';
import { serviceBusTriggerExtension } from './triggers/service-bus-trigger';
import { cosmosTriggerExtension } from './triggers/cosmos-trigger';
import { adminRoutes } from './admin/admin-routes';
import { functionRunRoutes } from './admin/function-runs';
import type { Topology } from './bus/topology-types';
import { LiveHub } from './live/live-hub';
import { realClock } from '../shared/clock';
import { RuntimeMetrics, type CounterSnapshot } from './metrics';

export interface RuntimeOptions {
  /** Folder holding host.json, package.json and (optionally) local.settings.json. */
  appRoot: string;
  /** App entry module; default: package.json "main" (a glob loads every file it matches). */
  entry?: string;
  port?: number;
  hostname?: string;
  /** Where state is kept; absent = in memory only. */
  stateDir?: string;
  /** Start from empty: deletes what stateDir holds. */
  fresh?: boolean;
  clock?: VirtualClockOptions;
  /** App settings laid over local.settings.json Values and the process environment. */
  settings?: Record<string, string>;
  /**
   * The Service Bus topics and subscriptions, as the app deploys them: a topology, or a JSON file
   * (relative to appRoot). Absent: the file package.json `localRuntime.topology` names, else one
   * derived from the app's Service Bus triggers (see host/topology-source.ts).
   */
  topology?: Topology | string;
  /** Extra trigger extensions (e.g. Durable). */
  extensions?: TriggerExtension[];
  logLevel?: LogLevel;
}

export interface Runtime {
  /** The app's name (package.json "name"). */
  readonly appName: string;
  readonly baseUrl: string;
  readonly clock: VirtualClock;
  readonly journal: Journal;
  readonly store: EmbeddedDocumentStore;
  readonly bus: EmbeddedBus;
  /** The WebSocket hub (Web PubSub's client protocol) on the runtime's own port. */
  readonly live: LiveHub;
  readonly functions: readonly RegisteredFunction[];
  readonly topologySource: TopologySource;
  readonly stateLocation: string;
  /** Test fault tool: make a function's next invocations fail (host/faults.ts). */
  readonly faults: FunctionFaults;
  /** What the runtime has done so far (executions, messages, store calls): see local/metrics.ts. */
  counters(): CounterSnapshot;
  /** Resolves once no trigger has queued or running work (messages, change feed, timers, HTTP). */
  idle(): Promise<void>;
  describe(): Record<string, unknown>;
  stop(): Promise<void>;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const appRoot = path.resolve(options.appRoot);
  const hostConfig = readHostConfig(appRoot);
  const appName = readAppPackage(appRoot).name;
  const settings: Record<string, string | undefined> = {
    ...readLocalSettings(appRoot),
    ...process.env,
    ...options.settings,
  };
  // Like `func start`: app settings are the app's environment.
  const addedToEnv: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    if (value !== undefined && process.env[key] === undefined) {
      process.env[key] = value;
      addedToEnv.push(key);
    }
  }
  const logger = createLogger(options.logLevel ?? 'info');

  const journal = Journal.open({ directory: options.stateDir, fresh: options.fresh });
  const clock = new VirtualClock({ ...options.clock, held: true });
  const metrics = new RuntimeMetrics();
  const store = new EmbeddedDocumentStore({ journal, clock, metrics });
  // The bus is made once the app is loaded, when its topology may be derived from its triggers; the
  // app only sends after it is loaded, so its publisher finds the bus by then.
  let bus: EmbeddedBus | undefined;
  const theBus = () => {
    if (!bus) throw new Error('the Service Bus is not ready: the app sent a message while it was loading');
    return bus;
  };
  const publisher: MessagePublisher = {
    send: (topic, messages) => theBus().send(topic, messages),
    close: async () => undefined,
  };
  const started = clock.now();

  const http = new HttpServer({
    maxRequestBodyBytes: hostConfig.maxRequestBodyBytes,
    routePrefix: hostConfig.routePrefix,
    onError: (m, e) => logger.error(`${m}: ${String(e)}`),
  });
  // Client tokens live on the real clock, like every other token (they protect people, not loaves).
  const live = new LiveHub({ clock: realClock });
  http.onUpgrade(live.upgrade);
  let baseUrl = '';
  const extensions: TriggerExtension[] = [
    httpTriggerExtension(hostConfig.routePrefix),
    timerTriggerExtension(),
    serviceBusTriggerExtension({ bus: theBus, maxConcurrentCalls: hostConfig.maxConcurrentCalls }),
    cosmosTriggerExtension({ store }),
    ...(options.extensions ?? []),
  ];

  let topologySource: TopologySource | undefined;
  const describe = (): Record<string, unknown> => ({
    runtime: 'bakery-local',
    app: appName,
    topology: topologySource,
    node: process.version,
    clock: {
      now: new Date(clock.now()).toISOString(),
      mode: clock.mode,
      speed: clock.speed,
      startedAt: new Date(started).toISOString(),
    },
    state: journal.location,
    live: live.describe(),
    extensions: Object.fromEntries(extensions.map((e) => [e.name, e.describe?.() ?? {}])),
  });
  hostSide.reset();
  hostSide.setLocalInfrastructure({
    store,
    publisher,
    clock,
    live: (hub) => live.hub(hub, () => baseUrl),
    describe,
  });
  hostSide.setLogSink((level, category, message) => logger.fromFunctions(level, category, message));
  installFunctionsCoreHook();

  let functions: RegisteredFunction[];
  try {
    functions = loadRegistrations(options.entry ? [options.entry] : readEntries(appRoot), extensions);
    const model = hostSide.programmingModel();
    if (model) await negotiateCapabilities(model);
    const resolved = resolveTopology(appRoot, options.topology, functions, settings);
    topologySource = resolved.source;
    bus = new EmbeddedBus({ journal, clock, topology: resolved.topology, metrics });
  } catch (error) {
    // A refused app: release what was opened for it, so the process (or test) is left as it was.
    await bus?.close();
    await live.close();
    clock.close();
    journal.close();
    hostSide.setLocalInfrastructure(undefined);
    for (const key of addedToEnv) delete process.env[key];
    throw error;
  }
  const liveBus = theBus();
  const registrations = new Map(hostSide.registrations().map((r) => [r.metadata.name, r]));
  const inputProviders = new Map<string, InputBindingProvider>();
  const faults = new InvocationFaults((name) => functions.some((f) => f.name === name));

  const hostApi: HostApi = {
    functions,
    get baseUrl() {
      return baseUrl;
    },
    journal,
    clock,
    settings,
    invoke: (name, request) => {
      const fn = functions.find((f) => f.name === name);
      const registration = registrations.get(name);
      if (!fn || !registration) return Promise.reject(new Error(`no function named "${name}"`));
      const invocationId = randomUUID();
      const inputData = [...request.inputData];
      for (const [bindingName, binding] of Object.entries(fn.bindings)) {
        const provider =
          binding.direction === 'in' && bindingName !== fn.triggerBindingName
            ? inputProviders.get(String(binding.type).toLowerCase())
            : undefined;
        if (provider && !inputData.some((d) => d.name === bindingName))
          inputData.push({ name: bindingName, data: provider(binding, fn) });
      }
      // The host's own lines around every invocation, worded as the WebJobs SDK logs them (tools that
      // read `func start` output look for them).
      logger.info(
        `Executing 'Functions.${fn.name}' (Reason='${request.reason ?? '(null)'}', Id=${invocationId})`,
      );
      const began = performance.now();
      const executed = (status: 'Succeeded' | 'Failed') => {
        const ms = performance.now() - began;
        metrics.functionExecuted(fn.name, String(fn.trigger.type), ms, status === 'Failed');
        return `Executed 'Functions.${fn.name}' (${status}, Id=${invocationId}, Duration=${Math.round(ms)}ms)`;
      };
      return invokeThroughProgrammingModel(
        registration,
        fn,
        { ...request, inputData },
        (...args) => logger.fromFunction(...args),
        invocationId,
        faults.take(fn.name),
      ).then(
        (response) => {
          logger.info(executed('Succeeded'));
          return response;
        },
        (error: unknown) => {
          logger.error(executed('Failed'));
          throw error;
        },
      );
    },
    provideInputBinding: (type, provider) => void inputProviders.set(type.toLowerCase(), provider),
    route: (method, template, handler, options) =>
      http.add(method === '*' ? undefined : method.split(','), template, handler, options),
    fallback: (handler) => http.setFallback(handler),
    log: (level, message) => logger[level](message),
  };

  // POST /admin/functions/{name}: runs a non-HTTP function once, as the host's admin API does.
  const runs = functionRunRoutes(hostApi, extensions);
  /** No HTTP request, no trigger work queued or running, no admin-API run in flight. */
  const quiet = () => http.inFlight === 0 && extensions.every((e) => e.isIdle?.() ?? true) && runs.isIdle();
  baseUrl = await http.listen(options.port ?? 7071, options.hostname ?? '127.0.0.1');
  const runtime: Runtime = {
    appName,
    baseUrl,
    clock,
    journal,
    store,
    bus: liveBus,
    live,
    functions,
    topologySource,
    stateLocation: journal.location,
    faults,
    counters: () => metrics.snapshot(),
    idle: () => waitForIdle(() => quiet() && !clock.hasDue()),
    describe,
    stop: async () => {
      await runs.stop();
      const terminate = { hookData: hostSide.appLevelOnlyHookData(), appHookData: hostSide.appHookData() };
      for (const hook of hostSide.hooks('appTerminate')) await hook(terminate);
      for (const extension of [...extensions].reverse()) await extension.stop();
      // Upgraded sockets keep the HTTP server open: close them first.
      await live.close();
      await http.close();
      await liveBus.close();
      clock.close();
      journal.close();
      hostSide.setLocalInfrastructure(undefined);
      for (const key of addedToEnv) delete process.env[key];
    },
  };
  adminRoutes(hostApi, runtime);
  try {
    // As the worker: appStart and appTerminate share one `hookData` (app-level only) and one
    // `appHookData`, which every invocation's hooks get too.
    const appStart = {
      hookData: hostSide.appLevelOnlyHookData(),
      appHookData: hostSide.appHookData(),
      functionAppDirectory: appRoot,
    };
    for (const hook of hostSide.hooks('appStart')) await hook(appStart);
    for (const extension of extensions) await extension.start(hostApi);
  } catch (error) {
    await runtime.stop().catch(() => undefined);
    throw error;
  }
  // While the clock is being stepped, other callbacks due at the same instant are the stepper's to
  // run next: settling must not wait for them.
  clock.quiesce = () => waitForIdle(quiet);
  clock.start();
  return runtime;
}

/** Quiescence: idle on several consecutive turns of the event loop, so chained work has landed. */
async function waitForIdle(isIdle: () => boolean): Promise<void> {
  let quietTurns = 0;
  // Spin on the event loop while work is landing quickly; past that, check every millisecond so
  // waiting on slow work (a retry pause, a held handler) does not burn a core.
  for (let turns = 0; quietTurns < 3; turns++) {
    await new Promise((resolve) => (turns < 1000 ? setImmediate(resolve) : setTimeout(resolve, 1)));
    quietTurns = isIdle() ? quietTurns + 1 : 0;
  }
}
