/**
 * The tick's outbox step: resends every outbox entry (delivery/outbox.ts) that is due — its
 * ledger entry failed with the retry due, or its claim's lease ran out (the sender died), or it
 * has no ledger entry past the grace period — through the delivery room (claim → send → record
 * → settle), so several instances still send it once. Never throws: a store error ends the
 * step (reported), and the next tick carries on.
 */
import { errorCode } from '../kernel/errors';
import type { Clock } from '../ports/clock';
import type { KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import { deliverOne, type DeliveryRoom } from './deliver-one';
import type { Ledger } from './ledger';
import { Outbox } from './outbox';
import { runPool } from './pool';
import type { SendQueue } from './send-queue';

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

/** The event messages' claim lease (long: nothing renews it). */
export const EVENT_LEASE_MS = 10 * 60_000;
const DEFAULT_MAX_AGE_MS = 48 * 3600_000;

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
  const leaseMs = deps.leaseMs ?? EVENT_LEASE_MS;
  const graceMs = deps.graceMs ?? leaseMs;
  const maxAgeMs = deps.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const { ledger, logger } = deps;
  const room: DeliveryRoom = { ledger, queue: deps.queue, owner: deps.owner, leaseMs, outbox };

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

    const { recipientId, card, summary } = item.message;
    const d = await deliverOne(room, {
      key,
      recipientId,
      outboxEtag: row.etag,
      // Too late to be useful (the bot was down, or the tick was off): give up, once.
      render: () =>
        item.createdAt + maxAgeMs <= now ? { giveUp: 'outbox-expired' } : { card, summary },
    });
    switch (d.status) {
      case 'already-sent':
      case 'abandoned':
        if (d.cleared) report.cleared++;
        return;
      case 'held-by-other':
        return void report.waiting++;
      case 'given-up':
        report.abandoned++;
        logger.warn('outbox.expired', { key, recipientId });
        return;
      case 'sent':
        report.resent++;
        logger.info('outbox.resent', { key, attempt: d.attempt, queueAttempts: d.attempts });
        return;
      case 'render-failed':
      case 'failed':
        if (d.status === 'failed' && d.state === 'abandoned') report.abandoned++;
        else report.failed++;
        logger.warn('outbox.resend-failed', {
          key,
          recipientId,
          outcome: d.code,
          ledger: d.status === 'failed' ? d.state : 'failed',
        });
    }
  };

  await runPool(
    rows,
    deps.maxInFlight ?? 16,
    async (row) => {
      try {
        await one(row);
      } catch (err) {
        // One entry's store error must not sink the rest; an unfinished claim expires.
        const code = errorCode(err);
        logger.error('outbox.item-failed', { key: row.key, code });
        report.failed++;
      }
    },
    deps.shouldStop,
  );
  if (rows.length > 0) logger.info('outbox.done', { ...report });
  return report;
}
