/**
 * One scheduler at a time across every instance: a lease in the state store (`KvStore`,
 * namespace `scheduler.lease`, key `tick`) that an instance must hold to tick.
 *
 * - The holder renews it at the start of each tick (a conditional replace on the entry's etag,
 *   so two instances can never both believe they renewed or took it).
 * - Another instance takes it over only once it has expired: an instance that dies stops
 *   renewing, and within one lease period the next instance's tick takes over.
 * - A graceful stop releases it (a conditional delete), so the next instance takes over at its
 *   next tick rather than after the lease period.
 *
 * The ledger still keeps every message to one send (delivery/ledger.ts): the lease removes the
 * duplicated work of N instances planning the same tick, and the stampede on the store, not a
 * correctness hole. A tick that runs longer than the lease may overlap the next holder's; the
 * ledger makes that safe, and the default lease (2.5 intervals) makes it rare.
 */
import type { Clock } from '../ports/clock';
import type { KvStore } from '../ports/kv-store';

export const LEASE_NS = 'scheduler.lease';
export const LEASE_KEY = 'tick';

export interface LeaseState {
  owner: string;
  /** Epoch ms. */
  expiresAt: number;
}

export type LeaseOutcome = 'acquired' | 'renewed' | 'taken-over' | 'held-elsewhere';

export class TickLease {
  constructor(
    private readonly kv: KvStore,
    private readonly owner: string,
    private readonly clock: Clock,
    private readonly leaseMs: number,
  ) {
    if (!(leaseMs > 0)) throw new RangeError('tick lease: leaseMs must be positive');
  }

  /** Takes or renews the lease; `held-elsewhere` means another live instance ticks. */
  async acquire(): Promise<LeaseOutcome> {
    const now = this.clock.now().getTime();
    const mine: LeaseState = { owner: this.owner, expiresAt: now + this.leaseMs };
    const current = await this.kv.get(LEASE_NS, LEASE_KEY);
    if (!current) {
      const w = await this.kv.insert(LEASE_NS, LEASE_KEY, { ...mine });
      return w.ok ? 'acquired' : 'held-elsewhere';
    }
    const held = current.value as unknown as Partial<LeaseState>;
    const ours = held.owner === this.owner;
    const expired = typeof held.expiresAt !== 'number' || held.expiresAt <= now;
    if (!ours && !expired) return 'held-elsewhere';
    const w = await this.kv.replace(LEASE_NS, LEASE_KEY, { ...mine }, current.etag);
    if (!w.ok) return 'held-elsewhere';
    return ours ? 'renewed' : 'taken-over';
  }

  /** Gives the lease up if this instance holds it (graceful shutdown). */
  async release(): Promise<boolean> {
    const current = await this.kv.get(LEASE_NS, LEASE_KEY);
    if (!current || (current.value as unknown as LeaseState).owner !== this.owner) return false;
    return this.kv.delete(LEASE_NS, LEASE_KEY, current.etag);
  }

  /** Who holds it now and until when (for /healthz), or null. */
  async holder(): Promise<LeaseState | null> {
    const current = await this.kv.get(LEASE_NS, LEASE_KEY);
    return current ? (current.value as unknown as LeaseState) : null;
  }
}
