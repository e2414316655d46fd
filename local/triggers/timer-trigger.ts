import { Cron } from 'croner';
import type { HostApi, RegisteredFunction, TriggerExtension } from '../host/host-api';
import { resolveSetting } from '../host/settings';

/**
 * Timer trigger on the virtual clock. Schedules are six-field NCRONTAB
 * (`{second} {minute} {hour} {day} {month} {day-of-week}`), evaluated in `WEBSITE_TIME_ZONE` (or
 * `TZ`), UTC by default. As in Azure: invocations of one timer never overlap; the schedule status
 * (last, next) is persisted, so an occurrence missed while the app was down runs once at start with
 * `isPastDue: true`; `runOnStartup` runs it once at every start.
 */
interface TimerStatus {
  last: string;
  next: string;
  lastUpdated: string;
}

const STATUS = 'timers:status';

export function timerTriggerExtension(): TriggerExtension {
  const cancels: Array<() => void> = [];
  let running = 0;
  let stopped = false;

  return {
    name: 'timer',
    triggerTypes: ['timerTrigger'],
    async start(host) {
      const zone = host.settings.WEBSITE_TIME_ZONE ?? host.settings.TZ ?? 'UTC';
      for (const fn of host.functions) {
        if (fn.trigger.type?.toLowerCase() !== 'timertrigger') continue;
        const schedule = resolveSetting(String(fn.trigger.schedule ?? ''), host.settings);
        let cron: Cron;
        try {
          cron = new Cron(schedule, { timezone: zone, paused: true, legacyMode: true });
        } catch (error) {
          throw new Error(`Function "${fn.name}": invalid schedule "${schedule}": ${(error as Error).message}`);
        }
        if (schedule.trim().split(/\s+/).length !== 6) {
          throw new Error(`Function "${fn.name}": schedule "${schedule}" must have six fields (NCRONTAB: second minute hour day month day-of-week)`);
        }
        const timer = new TimerRunner(host, fn, cron, cancels, {
          begin: () => running++,
          end: () => running--,
          stopped: () => stopped,
        });
        timer.start(Boolean(fn.trigger.runOnStartup));
      }
    },
    async stop() {
      stopped = true;
      cancels.forEach((cancel) => cancel());
    },
    isIdle: () => running === 0,
  };
}

class TimerRunner {
  constructor(
    private readonly host: HostApi,
    private readonly fn: RegisteredFunction,
    private readonly cron: Cron,
    private readonly cancels: Array<() => void>,
    private readonly life: { begin(): void; end(): void; stopped(): boolean },
  ) {}

  start(runOnStartup: boolean): void {
    const now = this.host.clock.now();
    const status = this.host.journal.get(STATUS, this.fn.name) as TimerStatus | undefined;
    const missed = status !== undefined && Date.parse(status.next) <= now;
    if (runOnStartup || missed) this.arm(now, missed);
    else this.arm(this.nextAfter(now), false);
  }

  private nextAfter(time: number): number {
    const next = this.cron.nextRun(new Date(time));
    if (!next) throw new Error(`Function "${this.fn.name}": schedule never fires again`);
    return next.getTime();
  }

  private arm(at: number, isPastDue: boolean): void {
    this.cancels.push(this.host.clock.schedule(at, () => this.fire(at, isPastDue), `timer ${this.fn.name}`));
  }

  private async fire(scheduledAt: number, isPastDue: boolean): Promise<void> {
    if (this.life.stopped()) return;
    this.life.begin();
    const last = this.host.journal.get(STATUS, this.fn.name) as TimerStatus | undefined;
    const next = this.nextAfter(scheduledAt);
    const payload = {
      Schedule: { AdjustForDST: true },
      ScheduleStatus: last ? { Last: last.last, Next: last.next, LastUpdated: last.lastUpdated } : null,
      IsPastDue: isPastDue,
    };
    try {
      await this.host.invoke(this.fn.name, {
        inputData: [{ name: this.fn.triggerBindingName, data: { json: JSON.stringify(payload) } }],
      });
    } catch (error) {
      this.host.log('error', `Timer function "${this.fn.name}" failed: ${(error as Error).message ?? String(error)}`);
    } finally {
      this.life.end();
    }
    const now = this.host.clock.now();
    const status: TimerStatus = { last: new Date(scheduledAt).toISOString(), next: new Date(next).toISOString(), lastUpdated: new Date(now).toISOString() };
    this.host.journal.commit([{ collection: STATUS, key: this.fn.name, value: status }]);
    if (this.life.stopped()) return;
    // An invocation that overran its next occurrence is followed at once by one past-due run.
    if (next <= now) this.arm(now, true);
    else this.arm(next, false);
  }
}
