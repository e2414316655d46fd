/**
 * Our implementation of the worker-side module `@azure/functions-core`, which the real Node.js worker
 * injects into every Azure Functions app. `@azure/functions` requires it to hand over its programming
 * model and every `app.*` registration. The local runtime makes `require('@azure/functions-core')`
 * resolve to this file (see module-hook.ts; jest maps it in jest.config.js).
 *
 * Module-level state is the point here: like the real worker, there is one registry per process.
 */
import type { LocalInfrastructure } from '../../shared/hosting/infrastructure';
import type {
  FunctionCallback,
  FunctionMetadata,
  HookCallback,
  ProgrammingModel,
  RpcLogCategory,
  RpcLogLevel,
} from './core-types';

export const version = '3.10.1-bakery-local';
export const hostVersion = '4.1040.0-bakery-local';

export class Disposable {
  static from(...items: Array<{ dispose: () => unknown }>): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  private disposed = false;
  constructor(private readonly callOnDispose: () => unknown) {}
  dispose(): unknown {
    if (this.disposed) return undefined;
    this.disposed = true;
    return this.callOnDispose();
  }
}

export interface Registration {
  metadata: FunctionMetadata;
  callback: FunctionCallback;
}

interface CoreState {
  local: LocalInfrastructure | undefined;
  programmingModel: ProgrammingModel | undefined;
  registrations: Registration[];
  hooks: Map<string, HookCallback[]>;
  /** The worker's `appHookData`: one object for the app's lifetime, given to every hook. */
  appHookData: Record<string, unknown>;
  /** The worker's `appLevelOnlyHookData`: the `hookData` of appStart and appTerminate hooks. */
  appLevelOnlyHookData: Record<string, unknown>;
  logSink: (level: RpcLogLevel, category: RpcLogCategory, message: string) => void;
}

const state: CoreState = {
  local: undefined,
  programmingModel: undefined,
  registrations: [],
  hooks: new Map(),
  appHookData: {},
  appLevelOnlyHookData: {},
  logSink: () => undefined,
};

export function setProgrammingModel(model: ProgrammingModel): void {
  state.programmingModel = model;
}

export function getProgrammingModel(): ProgrammingModel {
  if (!state.programmingModel)
    throw new Error('no programming model registered: did the app import @azure/functions?');
  return state.programmingModel;
}

export function registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
  if (state.registrations.some((r) => r.metadata.name.toLowerCase() === metadata.name.toLowerCase())) {
    throw new Error(
      `A function named "${metadata.name}" is already registered (names are case-insensitive).`,
    );
  }
  const registration = { metadata, callback };
  state.registrations.push(registration);
  return new Disposable(() => {
    state.registrations = state.registrations.filter((r) => r !== registration);
  });
}

export function registerHook(hookName: string, callback: HookCallback): Disposable {
  const list = state.hooks.get(hookName) ?? [];
  list.push(callback);
  state.hooks.set(hookName, list);
  return new Disposable(() => {
    state.hooks.set(
      hookName,
      (state.hooks.get(hookName) ?? []).filter((c) => c !== callback),
    );
  });
}

export function log(level: RpcLogLevel, category: RpcLogCategory, message: string): void {
  state.logSink(level, category, message);
}

export function getLocalInfrastructure(): LocalInfrastructure | undefined {
  return state.local;
}

/** Host-side access (not part of the worker's public module surface). */
export const hostSide = {
  registrations: (): readonly Registration[] => state.registrations,
  hooks: (name: string): readonly HookCallback[] => state.hooks.get(name) ?? [],
  programmingModel: (): ProgrammingModel | undefined => state.programmingModel,
  appHookData: (): Record<string, unknown> => state.appHookData,
  appLevelOnlyHookData: (): Record<string, unknown> => state.appLevelOnlyHookData,
  setLogSink(sink: CoreState['logSink']): void {
    state.logSink = sink;
  },
  setLocalInfrastructure(local: LocalInfrastructure | undefined): void {
    state.local = local;
  },
  /** Forget everything (a runtime that loads a fresh app in the same process, e.g. tests). */
  reset(): void {
    state.programmingModel = undefined;
    state.registrations = [];
    state.hooks = new Map();
    state.appHookData = {};
    state.appLevelOnlyHookData = {};
  },
};
