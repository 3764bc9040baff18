/**
 * The durable outbox: event messages — the ones a card action, the tab or a triage step
 * produces, which the tick does not plan — are persisted with their rendered content
 * (recipient, card, summary) in the KvStore (namespace `outbox`, key = the ledger key) before
 * their ledger claim. The tick's outbox step (`resendOutbox`) resends an entry whose ledger
 * entry failed with its retry due, or whose claim's lease ran out (the sender died), through
 * the same ledger claim, so several instances still send it once. An entry is removed once
 * its key is sent or abandoned. Content is never logged: ids and codes only.
 */
import { errorCode } from '../kernel/errors';
import type { Clock } from '../ports/clock';
import type { Json, KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import type { OutboundMessage, SendOutcome } from '../ports/notifier';
import { outcomeCode, type Ledger, type LedgerState } from './ledger';
import type { SendQueue } from './send-queue';

export const OUTBOX_NS = 'outbox';

/** The stored document (the key is the message's ledger key). */
export interface OutboxDoc {
  recipientId: string;
  summary: string;
  card: Record<string, unknown>;
  /** Epoch ms when it was (last) persisted. */
  createdAt: number;
}

export interface OutboxItem {
  message: OutboundMessage;
  createdAt: number;
  etag: string;
}

function toItem(key: string, value: unknown, etag: string): OutboxItem | null {
  const v = value as Partial<OutboxDoc> | null;
  if (
    !v ||
    typeof v.recipientId !== 'string' ||
    typeof v.summary !== 'string' ||
    typeof v.card !== 'object' ||
    v.card === null ||
    typeof v.createdAt !== 'number'
  )
    return null;
  return {
    message: { key, recipientId: v.recipientId, summary: v.summary, card: v.card },
    createdAt: v.createdAt,
    etag,
  };
}

export class Outbox {
  constructor(
    private readonly kv: KvStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Persists the message under its ledger key (replacing an earlier version: the latest
   * rendering is what a retry sends). Returns the etag, for a removal that only removes this
   * version.
   */
  async put(m: OutboundMessage): Promise<string> {
    const doc: OutboxDoc = {
      recipientId: m.recipientId,
      summary: m.summary,
      card: m.card,
      createdAt: this.clock.now().getTime(),
    };
    return (await this.kv.upsert(OUTBOX_NS, m.key, doc as unknown as Json)).etag;
  }

  async get(key: string): Promise<OutboxItem | null> {
    const e = await this.kv.get(OUTBOX_NS, key);
    return e ? toItem(key, e.value, e.etag) : null;
  }

  /** Removes the entry (only the version `etag`, when given). */
  remove(key: string, etag?: string): Promise<boolean> {
    return this.kv.delete(OUTBOX_NS, key, etag);
  }

  /** Every entry; malformed documents are returned as `message: null` so they can be pruned. */
  async list(): Promise<Array<{ key: string; item: OutboxItem | null; etag: string }>> {
    const rows = await this.kv.list(OUTBOX_NS);
    return rows.map((r) => ({ key: r.key, item: toItem(r.key, r.value, r.etag), etag: r.etag }));
  }
}

export interface SendClaimedDeps {
  ledger: Ledger;
  queue: SendQueue;
  outbox: Outbox;
}

/**
 * Sends a message whose key the caller has just claimed, records the outcome in the ledger
 * (the one retry policy: `Ledger.recordOutcome`) and settles its outbox entry: removed once
 * sent or abandoned, kept while a retry is still to come. `etag`: the outbox version the
 * caller wrote or read (a newer version, written meanwhile, is left for the tick to settle).
 */
export async function sendClaimed(
  deps: SendClaimedDeps,
  m: OutboundMessage,
  etag: string | undefined,
): Promise<{ outcome: SendOutcome; state: LedgerState; attempts: number }> {
  const { outcome, attempts } = await deps.queue.send(m);
  const state = await deps.ledger.recordOutcome(m.key, outcome);
  if (state !== 'failed' && etag !== undefined) await deps.outbox.remove(m.key, etag);
  return { outcome, state, attempts };
}

export interface OutboxOptions {
  /**
   * How long an entry with no ledger entry yet is left alone: its delivery may still be
   * between persisting and claiming (default: the lease).
   */
  graceMs?: number;
  /** Entries persisted longer ago than this are abandoned (`outbox-expired`), not sent (default 48 h). */
  maxAgeMs?: number;
  /** Resends in flight at once (default 16). */
  maxInFlight?: number;
}

export interface OutboxResendDeps extends OutboxOptions {
  kv: KvStore;
  ledger: Ledger;
  queue: SendQueue;
  clock: Clock;
  logger: Logger;
  /** This instance's id for ledger claims. */
  owner: string;
  leaseMs?: number;
  /** Count what is due without claiming or sending. */
  dryRun?: boolean;
  shouldStop?: () => boolean;
  /** As the tick's: an entry for someone with no conversation yet waits, unclaimed. */
  reachable?: (recipientId: string) => Promise<boolean>;
}

export interface OutboxReport {
  /** Entries in the outbox when the step began. */
  entries: number;
  /** Due for a resend (a dry run stops here). */
  due: number;
  resent: number;
  /** Resent and failed again (retryable: a later tick tries again). */
  failed: number;
  /** Given up: a permanent failure, the last attempt, or past `maxAgeMs`. */
  abandoned: number;
  /** Removed because their key was already sent or abandoned. */
  cleared: number;
  /** Not due yet: a retry delay, a live lease, the grace period, or another instance's claim. */
  waiting: number;
  error?: string;
}

const DEFAULT_LEASE_MS = 10 * 60_000;
const DEFAULT_MAX_AGE_MS = 48 * 3600_000;

/**
 * The tick's outbox step: resends every entry that is due (see the module comment). Never
 * throws: a store error ends the step (reported), and the next tick carries on.
 */
export async function resendOutbox(deps: OutboxResendDeps): Promise<OutboxReport> {
  const report: OutboxReport = {
    entries: 0,
    due: 0,
    resent: 0,
    failed: 0,
    abandoned: 0,
    cleared: 0,
    waiting: 0,
  };
  const outbox = new Outbox(deps.kv, deps.clock);
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const graceMs = deps.graceMs ?? leaseMs;
  const maxAgeMs = deps.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const { ledger, logger } = deps;

  let rows: Awaited<ReturnType<Outbox['list']>>;
  try {
    rows = await outbox.list();
  } catch (err) {
    const code = errorCode(err);
    logger.error('outbox.list-failed', { code });
    report.error = `list failed: ${code}`;
    return report;
  }
  report.entries = rows.length;

  const one = async (row: (typeof rows)[number]): Promise<void> => {
    const { key, item } = row;
    if (!item) {
      // Not something this code wrote, and nothing it could send.
      logger.warn('outbox.malformed', { key });
      if (await outbox.remove(key, row.etag)) report.cleared++;
      return;
    }
    const now = deps.clock.now().getTime();
    const entry = await ledger.get(key);
    if (entry?.state === 'sent' || entry?.state === 'abandoned') {
      // Settled; the sender died before removing the content.
      if (await outbox.remove(key, row.etag)) report.cleared++;
      return;
    }
    const due = !entry
      ? item.createdAt + graceMs <= now
      : entry.state === 'claimed'
        ? entry.leaseUntil <= now
        : (entry.retryAt ?? 0) <= now;
    if (!due) return void report.waiting++;
    if (deps.reachable && !(await deps.reachable(item.message.recipientId)))
      return void report.waiting++;
    report.due++;
    if (deps.dryRun) return;

    const claim = await ledger.claim(key, deps.owner, leaseMs, {
      recipientId: item.message.recipientId,
    });
    if (claim.status === 'already-sent' || claim.status === 'abandoned') {
      if (await outbox.remove(key, row.etag)) report.cleared++;
      return;
    }
    if (claim.status === 'held-by-other') return void report.waiting++;

    if (item.createdAt + maxAgeMs <= now) {
      // Too late to be useful (the bot was down, or the tick was off): give up, once.
      await ledger.markFailed(key, 'outbox-expired', false);
      await outbox.remove(key, row.etag);
      report.abandoned++;
      logger.warn('outbox.expired', { key, recipientId: item.message.recipientId });
      return;
    }
    const { outcome, state, attempts } = await sendClaimed(
      { ledger, queue: deps.queue, outbox },
      item.message,
      row.etag,
    );
    if (outcome.status === 'sent') {
      report.resent++;
      logger.info('outbox.resent', { key, attempt: claim.attempt, queueAttempts: attempts });
      return;
    }
    if (state === 'abandoned') report.abandoned++;
    else report.failed++;
    logger.warn('outbox.resend-failed', {
      key,
      recipientId: item.message.recipientId,
      outcome: outcomeCode(outcome),
      ledger: state,
    });
  };

  const limit = Math.max(1, deps.maxInFlight ?? 16);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < rows.length) {
      if (deps.shouldStop?.()) return;
      const row = rows[next++] as (typeof rows)[number];
      try {
        await one(row);
      } catch (err) {
        // One entry's store error must not sink the rest; an unfinished claim expires.
        const code = errorCode(err);
        logger.error('outbox.item-failed', { key: row.key, code });
        report.failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, rows.length) }, worker));
  if (rows.length > 0) logger.info('outbox.done', { ...report });
  return report;
}
