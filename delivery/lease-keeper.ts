/**
 * Keeps this instance's claims alive while it is still working on them, so a claim's lease can
 * be short (seconds): while the sender lives, every claim it holds is renewed every third of a
 * lease; when it dies, renewals stop and the others may take its claims over within one lease,
 * instead of waiting out a long fixed lease (issue 15 item 7: 55 messages waited ten minutes).
 *
 * Renewals run on real timers (a dead process renews nothing, which is the point); the lease
 * itself is measured on the ledger's clock.
 */
import { errorName } from '../kernel/errors';
import type { Logger } from '../ports/logger';
import type { Ledger } from './ledger';

export interface LeaseKeeperOptions {
  ledger: Ledger;
  owner: string;
  leaseMs: number;
  logger?: Logger;
  /** Renewal period (default a third of the lease). */
  everyMs?: number;
}

export class LeaseKeeper {
  private readonly held = new Set<string>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private renewing: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: LeaseKeeperOptions) {}

  get leaseMs(): number {
    return this.options.leaseMs;
  }

  /** A claim was taken: keep it alive until `release`. */
  hold(key: string): void {
    if (this.stopped) return;
    this.held.add(key);
    if (!this.timer) {
      const every = this.options.everyMs ?? Math.max(50, Math.floor(this.options.leaseMs / 3));
      this.timer = setInterval(() => void this.renewAll(), every);
      this.timer.unref?.();
    }
  }

  /** Its outcome is recorded (or it was given up): no more renewals. */
  release(key: string): void {
    this.held.delete(key);
    if (this.held.size === 0) this.clearTimer();
  }

  /** Stops renewing everything (the instance is going, or, in tests, has "died"). */
  stop(): void {
    this.stopped = true;
    this.held.clear();
    this.clearTimer();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  get size(): number {
    return this.held.size;
  }

  private clearTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async renewAll(): Promise<void> {
    if (this.renewing) return; // the previous round is still writing
    const round = (async () => {
      const { ledger, owner, leaseMs, logger } = this.options;
      for (const key of [...this.held]) {
        if (this.stopped) return;
        try {
          if (!(await ledger.renew(key, owner, leaseMs))) this.held.delete(key);
        } catch (err) {
          // The store is down: the lease may lapse and another instance resend (at most once).
          logger?.warn('ledger.renew-failed', { key, code: errorName(err) });
        }
      }
    })();
    this.renewing = round;
    try {
      await round;
    } finally {
      this.renewing = null;
    }
  }
}
