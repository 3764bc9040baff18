/**
 * The interval loop around runTick: one tick every `intervalSeconds`, never two at once on
 * this instance (a slow tick delays the next one instead of overlapping it), and a graceful
 * stop() that lets the running tick finish what it has claimed and claim nothing new.
 * Several instances may run side by side: the ledger keeps each notification to one send.
 */
import { errorName } from '../kernel/errors';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { runTick, type TickDeps, type TickReport } from './tick';

export interface SchedulerOptions {
  /** Seconds between the start of one tick and the next (default 60). */
  intervalSeconds?: number;
  /** Injectable timer (tests use a fake one). */
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
  onReport?: (report: TickReport) => void;
  /**
   * Runs after each tick on this instance (errors logged, never fatal): time-driven steps of
   * use-cases that live outside the plan, e.g. lapsing unanswered triage swap offers. What
   * they send must go through the ledger so several instances still send once.
   */
  afterTick?: () => Promise<void>;
  /**
   * Asked before each tick; false skips it (another instance holds the tick lease:
   * scheduler/tick-lease.ts). Errors count as false: no store, no tick.
   */
  gate?: () => Promise<boolean>;
}

export function instanceId(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

const realTimer = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return { cancel: () => clearTimeout(t) };
};

export class Scheduler {
  private running: Promise<TickReport | null> | null = null;
  private timer: { cancel(): void } | null = null;
  private stopping = false;
  /** A tick was asked for while one ran: run one more right after it. */
  private again = false;
  private readonly intervalMs: number;

  constructor(
    private readonly deps: Omit<TickDeps, 'shouldStop'>,
    private readonly options: SchedulerOptions = {},
  ) {
    const s = options.intervalSeconds ?? 60;
    if (!(s > 0)) throw new RangeError('scheduler: intervalSeconds must be positive');
    this.intervalMs = s * 1000;
  }

  start(): void {
    this.stopping = false;
    this.schedule(0);
  }

  /** Runs one tick now unless one is already running (then returns null: no overlap). */
  async tickOnce(): Promise<TickReport | null> {
    if (this.running || this.stopping) return null;
    // `running` covers the after-tick step too: stop() must wait for it (it writes to the
    // store and hands messages to delivery), and no second tick may start beside it.
    this.running = this.runOnce().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.tickOnce();
      }
    });
    return this.running;
  }

  /**
   * Asks for a tick as soon as possible (someone opened the chat for the first time: what
   * waited for them goes now, not at the next interval). One running already: one more after
   * it, however many ask meanwhile.
   */
  requestTick(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.tickOnce();
  }

  private async runOnce(): Promise<TickReport | null> {
    if (this.options.gate) {
      const go = await this.options.gate().catch((err: unknown) => {
        this.deps.logger.error('scheduler.gate-failed', { code: errorName(err) });
        return false;
      });
      if (!go) return null;
    }
    const report = await runTick({ ...this.deps, shouldStop: () => this.stopping }).catch(
      (err: unknown) => {
        this.deps.logger.error('scheduler.tick-failed', { code: errorName(err) });
        return null;
      },
    );
    if (report) this.options.onReport?.(report);
    if (this.options.afterTick && !this.stopping) {
      await this.options.afterTick().catch((err: unknown) => {
        this.deps.logger.error('scheduler.after-tick-failed', { code: errorName(err) });
      });
    }
    return report;
  }

  private schedule(ms: number): void {
    if (this.stopping) return;
    const set = this.options.setTimer ?? realTimer;
    this.timer = set(() => {
      void this.tickOnce().finally(() => this.schedule(this.intervalMs));
    }, ms);
  }

  /** Stops the loop; resolves when the running tick (if any) has finished. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.timer?.cancel();
    this.timer = null;
    if (this.running) await this.running;
  }

  get isRunning(): boolean {
    return this.running !== null;
  }
}
