/**
 * Tick step 9, once a day: the first tick of each London day on any instance claims
 * `housekeeping|<date>` in the ledger and prunes the ledger, forgets leavers, prunes the audit.
 */
import type { OrgSnapshot } from '../../policy/domain';
import type { Finding } from '../../policy/findings';
import { housekeepingKey } from '../../ports/planned';
import { runHousekeeping } from '../housekeeping';
import type { TickRun } from '../tick-run';

export async function housekeepingStep(
  { deps, asOf, ledger, report }: TickRun,
  snapshot: OrgSnapshot,
  findings: Finding[],
): Promise<void> {
  if (!deps.housekeeping || report.stopped) return;
  const key = housekeepingKey(asOf);
  const claim = await ledger.claim(key, deps.owner, 60 * 60_000);
  if (claim.status !== 'claimed') return;
  const done = await runHousekeeping(
    {
      kv: deps.kv,
      clock: deps.clock,
      logger: deps.logger,
      ...(deps.housekeeping.retainDays ? { retainDays: deps.housekeeping.retainDays } : {}),
      ...(deps.housekeeping.pruneAudit ? { pruneAudit: deps.housekeeping.pruneAudit } : {}),
    },
    snapshot,
    new Set(findings.map((f) => f.key)),
  );
  await ledger.markSent(key, { outcome: `pruned:${done.ledgerPruned}` });
  report.housekeeping = done;
}
