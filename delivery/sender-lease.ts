/**
 * One sender at a time for the whole app: Teams' 50 messages a second is per app per tenant,
 * across every instance. Rather than each of N instances pacing itself to a fixed 50/N share
 * (which wastes the budget whenever fewer than N have something to send, and cannot reach 50/s
 * together), the instance whose tick has notifications to send takes a lease on the sender in
 * the state store (namespace `sender`, one entry), renews it while it sends at the full rate,
 * and gives it up when its batch is done. Another instance's tick meanwhile finds the sender
 * busy and sends nothing (its due notifications are planned again next tick; the ledger keeps
 * each to one send anyway). If the sender dies, its lease lapses within `leaseMs`.
 *
 * Event messages (a press's follow-ups, delivery/outbox.ts) still go from the instance that
 * has them: a handful at a time, and the queue's 429 handling covers the overlap.
 */
import { errorName } from '../kernel/errors';
import type { Clock } from '../ports/clock';
import type { Json, KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';

export const SENDER_NS = 'sender';
const KEY = 'lease';

interface LeaseDoc {
  owner: string;
  until: number;
}

export class SenderLease {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly kv: KvStore,
    private readonly owner: string,
    private readonly clock: Clock,
    private readonly leaseMs: number,
    private readonly logger?: Logger,
    /** False once this instance has stopped working (its claims' keeper stopped). */
    private readonly alive: () => boolean = () => true,
  ) {}

  /** Takes (or keeps) the sender; false while another instance holds a live lease. */
  async acquire(): Promise<boolean> {
    if (!(await this.take())) return false;
    if (!this.timer) {
      this.timer = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.leaseMs / 3)));
      this.timer.unref?.();
    }
    return true;
  }

  /** Gives the sender up (only if still ours), so the next tick on any instance may take it. */
  async release(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const current = await this.kv.get(SENDER_NS, KEY).catch(() => null);
    if (current && (current.value as unknown as LeaseDoc).owner === this.owner)
      await this.kv.delete(SENDER_NS, KEY, current.etag).catch(() => false);
  }

  private async renew(): Promise<void> {
    if (!this.alive()) {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      return;
    }
    try {
      if (!(await this.take())) this.logger?.warn('sender.lease-lost', { owner: this.owner });
    } catch (err) {
      this.logger?.warn('sender.renew-failed', { code: errorName(err) });
    }
  }

  private async take(): Promise<boolean> {
    const now = this.clock.now().getTime();
    const doc: LeaseDoc = { owner: this.owner, until: now + this.leaseMs };
    const current = await this.kv.get(SENDER_NS, KEY);
    if (!current) {
      const w = await this.kv.insert(SENDER_NS, KEY, doc as unknown as Json);
      return w.ok;
    }
    const held = current.value as unknown as LeaseDoc;
    if (held.owner !== this.owner && held.until > now) return false;
    const w = await this.kv.replace(SENDER_NS, KEY, doc as unknown as Json, current.etag);
    return w.ok;
  }
}
