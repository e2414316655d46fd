/**
 * Test fault tool: make a named function's next invocations fail, whatever triggers them (a Service
 * Bus message, a timer, an activity, HTTP), so a test can show that a transient failure is retried
 * and changes nothing twice. `before`: the function does not run (a crash on the way in); `after`:
 * it runs to the end and its result is then thrown away as failed (a crash after the work, before
 * the trigger settles: the broker redelivers a message whose effects already happened).
 */
export type FaultPoint = 'before' | 'after';

export interface FaultOptions {
  /** Default `before`. */
  when?: FaultPoint;
  /** The thrown error's message. */
  message?: string;
}

export interface PlannedFault {
  readonly when: FaultPoint;
  error(): Error;
}

export interface FunctionFaults {
  /** The next `count` invocations of `functionName` fail (added to any already planned). */
  failNext(functionName: string, count?: number, options?: FaultOptions): void;
  /** Planned failures not yet used. */
  pending(functionName: string): number;
  /** Failures injected so far (by function). */
  injected(functionName: string): number;
  /** Drops every planned failure and zeroes the counts. */
  clear(): void;
}

export class InvocationFaults implements FunctionFaults {
  private readonly planned = new Map<string, PlannedFault[]>();
  private readonly used = new Map<string, number>();

  constructor(private readonly isFunction: (name: string) => boolean) {}

  failNext(functionName: string, count = 1, options: FaultOptions = {}): void {
    if (!this.isFunction(functionName)) throw new Error(`no function named "${functionName}"`);
    if (!Number.isInteger(count) || count < 1) throw new Error(`count must be an integer >= 1, got ${count}`);
    const when = options.when ?? 'before';
    const message =
      options.message ?? `injected fault (${when}) in ${functionName}: the runtime's faults.failNext`;
    const queue = this.planned.get(functionName) ?? [];
    for (let i = 0; i < count; i++) queue.push({ when, error: () => new Error(message) });
    this.planned.set(functionName, queue);
  }

  pending(functionName: string): number {
    return this.planned.get(functionName)?.length ?? 0;
  }

  injected(functionName: string): number {
    return this.used.get(functionName) ?? 0;
  }

  clear(): void {
    this.planned.clear();
    this.used.clear();
  }

  /** The runtime's side: the fault for this invocation, if one is planned (used up by taking it). */
  take(functionName: string): PlannedFault | undefined {
    const fault = this.planned.get(functionName)?.shift();
    if (fault) this.used.set(functionName, this.injected(functionName) + 1);
    return fault;
  }
}
