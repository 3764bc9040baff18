/**
 * Which bot instance may replay the pending Graph writes right now. Pending writes live in the
 * shared state store, and replaying one is "look in SharePoint, then create": two instances
 * doing that at once could both find nothing and both POST. So one lease entry in the store
 * says who replays: claimed with a conditional insert, taken over with a conditional replace
 * only once it has run out (its holder died), renewed before every write and released when
 * done. The same pattern as the notification ledger's claims (delivery/ledger.ts).
 */
import { errorCode } from '../kernel/errors';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../ports/clock';
import type { Json, KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';

export const REPLAY_LEASE_NS = 'graph.replay';
export const REPLAY_LEASE_KEY = 'pending';
/** Longer than one replayed write can take (four retries, each wait capped at 30 s). */
export const REPLAY_LEASE_MS = 5 * 60_000;

interface LeaseEntry {
  owner: string;
  /** Epoch ms until which the owner may replay. */
  leaseUntil: number;
}

export class ReplayLease {
  /** The etag of the entry while we hold it; null when we do not. */
  private etag: string | null = null;

  constructor(
    private readonly kv: KvStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly owner: string = randomUUID(),
    private readonly leaseMs: number = REPLAY_LEASE_MS,
  ) {}

  /** True when this instance now holds the lease. */
  async acquire(): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const inserted = await this.kv.insert(REPLAY_LEASE_NS, REPLAY_LEASE_KEY, this.entry());
      if (inserted.ok) return this.hold(inserted.etag);
      const current = await this.kv.get(REPLAY_LEASE_NS, REPLAY_LEASE_KEY);
      if (!current) continue; // released in between: claim it afresh
      const held = current.value as unknown as Partial<LeaseEntry> | null;
      const live =
        typeof held?.leaseUntil === 'number' && held.leaseUntil > this.clock.now().getTime();
      if (live && held?.owner !== this.owner) return false;
      // Run out (or ours from a release that failed): exactly one of the racing takers wins.
      const taken = await this.kv.replace(
        REPLAY_LEASE_NS,
        REPLAY_LEASE_KEY,
        this.entry(),
        current.etag,
      );
      return taken.ok ? this.hold(taken.etag) : false;
    }
    return false;
  }

  /** Extends the lease; false when it was lost (we stalled past it and another took over). */
  async renew(): Promise<boolean> {
    if (!this.etag) return false;
    const w = await this.kv.replace(REPLAY_LEASE_NS, REPLAY_LEASE_KEY, this.entry(), this.etag);
    this.etag = w.ok ? w.etag : null;
    return w.ok;
  }

  /** Lets go at once, so another instance need not wait for the lease to run out. */
  async release(): Promise<void> {
    const etag = this.etag;
    this.etag = null;
    if (!etag) return;
    try {
      await this.kv.delete(REPLAY_LEASE_NS, REPLAY_LEASE_KEY, etag);
    } catch (e) {
      // Not fatal: the lease simply runs out.
      this.logger.warn('graph.replay-lease-release-failed', {
        code: errorCode(e, 'error'),
      });
    }
  }

  private hold(etag: string): true {
    this.etag = etag;
    return true;
  }

  private entry(): Json {
    const e: LeaseEntry = {
      owner: this.owner,
      leaseUntil: this.clock.now().getTime() + this.leaseMs,
    };
    return e as unknown as Json;
  }
}
