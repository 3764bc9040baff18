/**
 * Housekeeping: the ledger and conversation references must not grow for ever or outlive
 * the people they are about.
 *
 * - ledger entries older than `retainDays` are pruned, except unsent claims and retryable
 *   failures still in play (their keys are still planned; pruning one could send it twice);
 * - for leavers (leftDate passed), their ledger entries and their conversation reference
 *   (namespace `conv.refs`, key = staff id, owned by bot/) are deleted;
 * - outbox entries (delivery/outbox.ts) are deleted when their key is settled in the ledger
 *   (the sender died before removing the content), when they are to a leaver, or when they
 *   are older than `retainDays` (the tick's outbox step gives up long before that).
 */
import { londonDateOf } from '../policy/calendar';
import type { OrgSnapshot } from '../policy/domain';
import type { Clock } from '../ports/clock';
import type { KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import { LEDGER_NS, type LedgerEntry } from '../delivery/ledger';
import { OUTBOX_NS, type OutboxDoc } from '../delivery/outbox';

export const CONV_REFS_NS = 'conv.refs';

export interface HousekeepingDeps {
  kv: KvStore;
  clock: Clock;
  logger: Logger;
  /** Keep ledger entries this many days (default 120: longer than any planning lookback). */
  retainDays?: number;
  /**
   * Prunes signature audit entries past their retention (default 7 years); injected so the
   * scheduler need not know which store holds the audit. Returns how many were pruned.
   */
  pruneAudit?: () => Promise<number>;
}

export interface HousekeepingReport {
  ledgerPruned: number;
  leaverLedgerDeleted: number;
  leaverRefsDeleted: number;
  outboxPruned: number;
  auditPruned: number;
}

/**
 * `openFindingKeys`: findings still raised today. Their escalation entries are kept however
 * old (a long-running finding must not be escalated afresh because its entry was pruned).
 */
export async function runHousekeeping(
  deps: HousekeepingDeps,
  snapshot: OrgSnapshot,
  openFindingKeys: ReadonlySet<string> = new Set(),
): Promise<HousekeepingReport> {
  const now = deps.clock.now();
  const today = londonDateOf(now);
  const cutoff = now.getTime() - (deps.retainDays ?? 120) * 86_400_000;
  const leavers = new Set(
    snapshot.staff.filter((s) => s.leftDate && s.leftDate < today).map((s) => s.id),
  );
  const report: HousekeepingReport = {
    ledgerPruned: 0,
    leaverLedgerDeleted: 0,
    leaverRefsDeleted: 0,
    outboxPruned: 0,
    auditPruned: 0,
  };

  const ledgerRows = await deps.kv.list(LEDGER_NS);
  // The outbox first: an entry must not outlive its ledger entry (a leaver's), or the tick
  // would take it for one never claimed and send it.
  const ledgerStates = new Map(
    ledgerRows.map((r) => [r.key, (r.value as unknown as LedgerEntry).state]),
  );
  for (const row of await deps.kv.list(OUTBOX_NS)) {
    const doc = row.value as unknown as Partial<OutboxDoc> | null;
    const state = ledgerStates.get(row.key);
    const prune =
      state === 'sent' ||
      state === 'abandoned' ||
      (typeof doc?.recipientId === 'string' && leavers.has(doc.recipientId)) ||
      typeof doc?.createdAt !== 'number' ||
      doc.createdAt < cutoff;
    if (prune && (await deps.kv.delete(OUTBOX_NS, row.key, row.etag))) report.outboxPruned++;
  }

  for (const row of ledgerRows) {
    const e = row.value as unknown as LedgerEntry;
    const settled = e.state === 'sent' || e.state === 'abandoned';
    if (e.recipientId && leavers.has(e.recipientId)) {
      // Conditional on the etag we read: never delete something another instance just changed.
      if (await deps.kv.delete(LEDGER_NS, row.key, row.etag)) report.leaverLedgerDeleted++;
    } else if (settled && e.updatedAt < cutoff && !stillOpen(row.key, openFindingKeys)) {
      if (await deps.kv.delete(LEDGER_NS, row.key, row.etag)) report.ledgerPruned++;
    }
  }
  for (const id of leavers) {
    if (await deps.kv.delete(CONV_REFS_NS, id)) report.leaverRefsDeleted++;
  }
  if (deps.pruneAudit) report.auditPruned = await deps.pruneAudit();
  deps.logger.info('housekeeping.done', { ...report, asOf: today });
  return report;
}

function stillOpen(ledgerKey: string, open: ReadonlySet<string>): boolean {
  // An admin's copy of an L0 (scheduler/plan.ts) carries `|admin|<id>` after the finding key.
  const m = /^escalation\|(.*?)(?:\|admin\|[^|]*)?\|L\d$/.exec(ledgerKey);
  return !!m && open.has(m[1] as string);
}
