import { Cron } from 'croner';
import type { HostApi, RegisteredFunction, TriggerExtension } from '../host/host-api';
import { resolveSetting } from '../host/settings';
import { invokeWithRetries, RetryPause } from './retry';

/**
 * Timer trigger on the virtual clock. Schedules are six-field NCRONTAB
 * (`{second} {minute} {hour} {day} {month} {day-of-week}`), evaluated in `WEBSITE_TIME_ZONE` (or
 * `TZ`), UTC by default. As in Azure: invocations of one timer never overlap; the schedule status
 * (last, next) is persisted, so an occurrence missed while the app was down runs once at start with
 * `isPastDue: true`; `runOnStartup` runs it once at every start. A registration's `retry` policy
 * retries a failing occurrence (attempts 0, 1, … with `context.retryContext`, real-time pauses) before
 * the next one is scheduled.
 */
interface TimerStatus {
  last: string;
  next: string;
  lastUpdated: string;
}

const STATUS = 'timers:status';

export function timerTriggerExtension(): TriggerExtension {
  const runners: TimerRunner[] = [];
  let journal: HostApi['journal'] | undefined;
  return {
    name: 'timer',
    triggerTypes: ['timerTrigger'],
    async start(host) {
      journal = host.journal;
      const zone = host.settings.WEBSITE_TIME_ZONE || host.settings.TZ || 'UTC';
      for (const fn of host.functions) {
        if (fn.trigger.type?.toLowerCase() !== 'timertrigger') continue;
        const schedule = resolveSetting(fn.trigger.schedule, host.settings);
        const runner = new TimerRunner(host, fn, ncrontab(fn.name, schedule, zone));
        runners.push(runner);
        runner.start(Boolean(fn.trigger.runOnStartup));
      }
    },
    async stop() {
      await Promise.all(runners.map((r) => r.stop()));
    },
    isIdle: () => runners.every((r) => !r.running),
    // As the host's TimerTriggerBinding: the schedule and its persisted status, not past due. The run
    // is outside the schedule: it neither waits for a scheduled one nor changes the status.
    manualTriggerData: (fn) => ({
      json: JSON.stringify(timerPayload(journal?.get(STATUS, fn.name) as TimerStatus | undefined, false)),
    }),
  };
}

/** The trigger data the host gives a timer function (PascalCase, as the host serialises TimerInfo). */
function timerPayload(status: TimerStatus | undefined, isPastDue: boolean) {
  return {
    Schedule: { AdjustForDST: true },
    ScheduleStatus:
      status && Date.parse(status.last) > 0
        ? { Last: status.last, Next: status.next, LastUpdated: status.lastUpdated }
        : null,
    IsPastDue: isPastDue,
  };
}

/** A six-field NCRONTAB schedule in `zone`; a bad one stops the start, naming the function. */
export function ncrontab(functionName: string, schedule: string, zone: string): Cron {
  if (schedule.trim().split(/\s+/).length !== 6) {
    throw new Error(
      `Function "${functionName}": schedule "${schedule}" must have six fields (NCRONTAB: second minute hour day month day-of-week)`,
    );
  }
  try {
    // domAndDow false: day-of-month OR day-of-week, as NCRONTAB reads them.
    return new Cron(schedule, { timezone: zone, paused: true, domAndDow: false });
  } catch (error) {
    throw new Error(
      `Function "${functionName}": invalid schedule "${schedule}": ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

class TimerRunner {
  private cancel: () => void = () => undefined;
  private current: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly pause = new RetryPause();
  running = false;

  constructor(
    private readonly host: HostApi,
    private readonly fn: RegisteredFunction,
    private readonly cron: Cron,
  ) {}

  start(runOnStartup: boolean): void {
    const now = this.host.clock.now();
    let status = this.host.journal.get(STATUS, this.fn.name) as TimerStatus | undefined;
    if (!status) {
      // Like Azure's schedule monitor, record the first status at once: an occurrence missed before
      // the first run (the app stopped in between) is then still found at the next start.
      status = {
        last: new Date(0).toISOString(),
        next: new Date(this.nextAfter(now)).toISOString(),
        lastUpdated: new Date(now).toISOString(),
      };
      this.host.journal.commit([{ collection: STATUS, key: this.fn.name, value: status }]);
    }
    const missed = Date.parse(status.next) <= now;
    if (runOnStartup || missed) this.arm(now, missed);
    else this.arm(this.nextAfter(now), false);
  }

  /** Stops scheduling and waits for a running invocation to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel();
    this.pause.cut();
    await this.current;
  }

  private nextAfter(time: number): number {
    const next = this.cron.nextRun(new Date(time));
    if (!next) throw new Error(`Function "${this.fn.name}": schedule never fires again`);
    return next.getTime();
  }

  private arm(at: number, isPastDue: boolean): void {
    this.cancel = this.host.clock.schedule(
      at,
      () => {
        this.current = this.fire(at, isPastDue);
        return this.current;
      },
      `timer ${this.fn.name}`,
    );
  }

  /** One occurrence: the first attempt and the retries its registration's policy allows. */
  private async invokeWithRetries(payload: ReturnType<typeof timerPayload>): Promise<void> {
    const result = await invokeWithRetries({
      retry: this.fn.retryOptions,
      invoke: (retryContext) =>
        this.host.invoke(this.fn.name, {
          inputData: [{ name: this.fn.triggerBindingName, data: { json: JSON.stringify(payload) } }],
          retryContext,
          reason: `Timer fired at ${dotNetRoundTrip(this.host.clock.now())}`,
        }),
      stopped: () => this.stopped,
      pause: this.pause,
      label: `Timer function "${this.fn.name}"`,
      warn: (message) => this.host.log('warn', message),
    });
    if (result.outcome !== 'succeeded' && result.message !== undefined)
      this.host.log('error', `Timer function "${this.fn.name}" failed: ${result.message}`);
  }

  private async fire(scheduledAt: number, isPastDue: boolean): Promise<void> {
    if (this.stopped) return;
    this.running = true;
    const last = this.host.journal.get(STATUS, this.fn.name) as TimerStatus | undefined;
    const next = this.nextAfter(scheduledAt);
    const payload = timerPayload(last, isPastDue);
    try {
      await this.invokeWithRetries(payload);
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    const now = this.host.clock.now();
    const status: TimerStatus = {
      last: new Date(scheduledAt).toISOString(),
      next: new Date(next).toISOString(),
      lastUpdated: new Date(now).toISOString(),
    };
    this.host.journal.commit([{ collection: STATUS, key: this.fn.name, value: status }]);
    // An invocation that overran its next occurrence is followed at once by one past-due run.
    if (next <= now) this.arm(now, true);
    else this.arm(next, false);
  }
}

/** An instant as .NET's round-trip format ("o") writes it in UTC, as the host's timer reason shows it. */
export function dotNetRoundTrip(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '0000+00:00');
}
