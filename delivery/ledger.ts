/**
 * The notification ledger: one entry per notification key in the KvStore (namespace `ledger`),
 * so that any number of scheduler instances sharing one store send each notification once.
 *
 * A claim is a conditional insert (Azure Tables: create entity, 409 when it exists). A claim
 * that was never marked sent (the process died between claim and send) carries a lease; once
 * the lease has passed, another instance may take it over with a conditional replace (If-Match
 * on the etag it read), so exactly one of the racing instances wins. Failures are either
 * retryable (throttled, transient; bounded by `maxAttempts`) or permanent (blocked; recipient
 * not found after N tries): a permanent entry is never claimed again — nothing is retried
 * forever.
 */
import type { Clock } from '../ports/clock';
import type { Json, KvStore } from '../ports/kv-store';
import type { SendOutcome } from '../ports/notifier';

export const LEDGER_NS = 'ledger';

export type LedgerState = 'claimed' | 'sent' | 'failed' | 'abandoned';

export interface LedgerEntry {
  state: LedgerState;
  owner: string;
  /** Epoch ms until which a `claimed` entry belongs to its owner. */
  leaseUntil: number;
  /** Claims made so far (each is one send attempt). */
  attempts: number;
  /** Epoch ms of the first claim. */
  createdAt: number;
  /** Epoch ms of the last change. */
  updatedAt: number;
  /** Epoch ms before which a retryable failure is not claimed again. */
  retryAt?: number;
  /** Typed outcome code: `sent`, `blocked`, `throttled`, `failed:503` ... */
  outcome?: string;
  /** The Teams activity id, when sent. */
  activityId?: string;
  recipientId?: string;
}

export type ClaimResult =
  | { status: 'claimed'; attempt: number }
  | { status: 'already-sent' }
  /** Another instance holds a live lease, or a retry is not due yet. */
  | { status: 'held-by-other'; until: number }
  /** Failed permanently earlier: never sent again. */
  | { status: 'abandoned'; outcome: string };

export interface LedgerOptions {
  clock: Clock;
  /** Attempts after which a retryable failure becomes permanent (default 5). */
  maxAttempts?: number;
  /** Attempts after which `recipient-not-found` becomes permanent (default 3). */
  notFoundAttempts?: number;
  /** Wait before a retryable failure may be claimed again (default 5 minutes). */
  retryDelayMs?: number;
  /**
   * How long `markSent` keeps trying when the store is unreachable (default 2 minutes): well
   * inside a claim's lease, so another instance does not resend what went out.
   */
  markSentRetryMs?: number;
  /** Waits between those tries (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
}

export interface ClaimMeta {
  recipientId?: string;
}

/** The ledger's outcome code for a send: `sent`, `blocked`, `throttled`, `failed:503`... */
export function outcomeCode(o: SendOutcome): string {
  return o.status === 'failed' ? `failed:${o.code}` : o.status;
}

/** Whether a failed send may be claimed again: not a 4xx the request itself caused. */
function retryableOutcome(o: SendOutcome): boolean {
  // conversation-gone: the notifier has forgotten the dead conversation, so the next attempt
  // opens a fresh one (the user may have reinstalled the app).
  if (
    o.status === 'throttled' ||
    o.status === 'recipient-not-found' ||
    o.status === 'conversation-gone'
  )
    return true;
  if (o.status !== 'failed') return false;
  return !(/^4\d\d$/.test(o.code) && !['408', '412', '429'].includes(o.code));
}

/** Outcomes that can never succeed later. */
const PERMANENT = new Set(['blocked']);

export class Ledger {
  private readonly etags = new Map<string, string>();
  /** Who this Ledger object claimed each key for, to recognise a claim lost to another instance. */
  private readonly owners = new Map<string, string>();
  private readonly maxAttempts: number;
  private readonly notFoundAttempts: number;
  private readonly retryDelayMs: number;

  constructor(
    /** The store the ledger lives in (the outbox sits beside it). */
    readonly kv: KvStore,
    private readonly options: LedgerOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.notFoundAttempts = options.notFoundAttempts ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 5 * 60_000;
  }

  get clock(): Clock {
    return this.options.clock;
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }

  async get(key: string): Promise<LedgerEntry | null> {
    const e = await this.kv.get(LEDGER_NS, key);
    return e ? (e.value as unknown as LedgerEntry) : null;
  }

  /** Claims `key` for `owner` for `leaseMs`, exactly one of any racing callers wins. */
  async claim(
    key: string,
    owner: string,
    leaseMs: number,
    meta: ClaimMeta = {},
  ): Promise<ClaimResult> {
    const now = this.now();
    const fresh: LedgerEntry = {
      state: 'claimed',
      owner,
      leaseUntil: now + leaseMs,
      attempts: 1,
      createdAt: now,
      updatedAt: now,
      ...(meta.recipientId ? { recipientId: meta.recipientId } : {}),
    };
    const inserted = await this.kv.insert(LEDGER_NS, key, fresh as unknown as Json);
    if (inserted.ok) {
      this.etags.set(key, inserted.etag);
      this.owners.set(key, owner);
      return { status: 'claimed', attempt: 1 };
    }
    const current = await this.kv.get(LEDGER_NS, key);
    if (!current) return this.claim(key, owner, leaseMs, meta); // pruned in between: try again
    const entry = current.value as unknown as LedgerEntry;
    if (entry.state === 'sent') return { status: 'already-sent' };
    if (entry.state === 'abandoned')
      return { status: 'abandoned', outcome: entry.outcome ?? 'unknown' };
    const takeable =
      (entry.state === 'claimed' && entry.leaseUntil <= now) ||
      (entry.state === 'failed' && (entry.retryAt ?? 0) <= now);
    if (!takeable) {
      return {
        status: 'held-by-other',
        until: entry.state === 'failed' ? (entry.retryAt ?? now) : entry.leaseUntil,
      };
    }
    const next: LedgerEntry = {
      ...entry,
      state: 'claimed',
      owner,
      leaseUntil: now + leaseMs,
      attempts: entry.attempts + 1,
      updatedAt: now,
    };
    delete next.retryAt;
    const replaced = await this.kv.replace(LEDGER_NS, key, next as unknown as Json, current.etag);
    if (!replaced.ok) {
      // Someone else took it over first (412): theirs.
      return { status: 'held-by-other', until: now + leaseMs };
    }
    this.etags.set(key, replaced.etag);
    this.owners.set(key, owner);
    return { status: 'claimed', attempt: next.attempts };
  }

  /**
   * Extends a live claim of ours by `leaseMs` from now (the sender is still working on it).
   * False when the claim is no longer ours (finished, or taken over after it lapsed).
   */
  async renew(key: string, owner: string, leaseMs: number): Promise<boolean> {
    const current = await this.kv.get(LEDGER_NS, key);
    if (!current) return false;
    const entry = current.value as unknown as LedgerEntry;
    if (entry.state !== 'claimed' || entry.owner !== owner) return false;
    const now = this.now();
    const next: LedgerEntry = { ...entry, leaseUntil: now + leaseMs, updatedAt: now };
    const w = await this.kv.replace(LEDGER_NS, key, next as unknown as Json, current.etag);
    if (!w.ok) return false;
    // Only if nothing of ours wrote in between (finish() deletes the etag once it is done).
    if (this.etags.has(key)) this.etags.set(key, w.etag);
    return true;
  }

  /** Records a delivery. Written even if our lease was lost: it was sent, and must not be again. */
  async markSent(
    key: string,
    outcome: { activityId?: string; outcome?: string } = {},
  ): Promise<void> {
    const mark = () =>
      this.finish(key, (e) => ({
        ...e,
        state: 'sent',
        outcome: outcome.outcome ?? 'sent',
        ...(outcome.activityId ? { activityId: outcome.activityId } : {}),
      }));
    // The message has gone: if the store is down now, an unrecorded send would be resent by
    // whoever takes the claim over after its lease. So keep trying for a while (backing off),
    // and only then give up with the error.
    const budget = this.options.markSentRetryMs ?? 2 * 60_000;
    const sleep = this.options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    let waited = 0;
    for (let delay = 1_000; ; delay = Math.min(delay * 2, 30_000)) {
      try {
        return await mark();
      } catch (err) {
        if (waited + delay > budget) throw err;
        await sleep(delay);
        waited += delay;
      }
    }
  }

  /**
   * Records a failed attempt. Retryable failures may be claimed again after `retryDelayMs`
   * until `maxAttempts` (conversation-gone too: the retry opens a fresh conversation);
   * `recipient-not-found` until `notFoundAttempts`; blocked (or `retryable: false`) is
   * permanent at once.
   */
  async markFailed(
    key: string,
    outcome: string,
    retryable: boolean,
    retryAfterMs?: number,
  ): Promise<LedgerState> {
    let result: LedgerState = 'failed';
    const mine = this.owners.get(key);
    await this.finish(key, (e) => {
      // Another instance that took over an expired lease already delivered it: keep that.
      if (e.state === 'sent') {
        result = 'sent';
        return null;
      }
      // Our lease ran out mid-send and another instance holds a live claim now: the send is
      // theirs. Recording our failure over it would make it claimable again (after retryAt)
      // while they are still sending, and so sendable twice.
      if (
        e.state === 'claimed' &&
        mine !== undefined &&
        e.owner !== mine &&
        e.leaseUntil > this.now()
      ) {
        return null;
      }
      const limit = outcome === 'recipient-not-found' ? this.notFoundAttempts : this.maxAttempts;
      const permanent = !retryable || PERMANENT.has(outcome) || e.attempts >= limit;
      result = permanent ? 'abandoned' : 'failed';
      const next: LedgerEntry = { ...e, state: result, outcome };
      if (!permanent) next.retryAt = this.now() + Math.max(this.retryDelayMs, retryAfterMs ?? 0);
      return next;
    });
    return result;
  }

  /** Records what the send queue answered for a claimed key (one policy for every sender). */
  async recordOutcome(key: string, o: SendOutcome): Promise<LedgerState> {
    if (o.status === 'sent') {
      await this.markSent(key, { activityId: o.activityId });
      return 'sent';
    }
    return this.markFailed(
      key,
      outcomeCode(o),
      retryableOutcome(o),
      // A 429's or a 503's Retry-After: the next attempt waits at least that long.
      o.status === 'throttled' || o.status === 'failed' ? o.retryAfterMs : undefined,
    );
  }

  /** Applies `change` to the latest entry with a conditional write; `null` leaves it as it is. */
  private async finish(key: string, change: (e: LedgerEntry) => LedgerEntry | null): Promise<void> {
    for (let i = 0; i < 5; i++) {
      const current = await this.kv.get(LEDGER_NS, key);
      const base: LedgerEntry = current
        ? (current.value as unknown as LedgerEntry)
        : {
            state: 'claimed',
            owner: '',
            leaseUntil: 0,
            attempts: 1,
            createdAt: this.now(),
            updatedAt: 0,
          };
      const changed = change(base);
      if (!changed) {
        this.etags.delete(key);
        this.owners.delete(key);
        return;
      }
      const next = { ...changed, updatedAt: this.now() };
      const w = current
        ? await this.kv.replace(
            LEDGER_NS,
            key,
            next as unknown as Json,
            this.etags.get(key) ?? current.etag,
          )
        : await this.kv.insert(LEDGER_NS, key, next as unknown as Json);
      // Whether it worked or our etag was stale (lease lost), later tries use the latest version.
      this.etags.delete(key);
      if (w.ok) {
        this.owners.delete(key);
        return;
      }
    }
    throw new Error(`ledger: could not record outcome for ${key}`);
  }

  /** Every entry (for housekeeping and the CLI). */
  async list(prefix?: string): Promise<Array<{ key: string; entry: LedgerEntry; etag: string }>> {
    const rows = await this.kv.list(LEDGER_NS, prefix);
    return rows.map((r) => ({
      key: r.key,
      entry: r.value as unknown as LedgerEntry,
      etag: r.etag,
    }));
  }
}
