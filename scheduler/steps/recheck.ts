/**
 * Tick step 3, the signature re-check (usecases/record-recheck.ts). A signed record edited
 * outside the bot (in SharePoint) keeps its signed-at fields: void and re-request those
 * signatures. One batch read of the audit trail per tick; the messages go the event-message way
 * (outbox + ledger claim), which sends at once: so the step runs in working hours only, and an
 * edit made at night is re-requested the next working morning. A dry run only counts.
 */
import { errorCode } from '../../kernel/errors';
import type { OrgSnapshot } from '../../policy/domain';
import { isWithinWorkingHours } from '../../policy/working-hours';
import type { TickRun } from '../tick-run';
import type { RecheckReport } from '../tick-types';

export async function recheckStep(run: TickRun, snapshot: OrgSnapshot): Promise<void> {
  const { deps } = run;
  const step = deps.recheck;
  if (!step || !isWithinWorkingHours(run.now, run.wh, deps.calendar)) return;
  const out: RecheckReport = { candidates: 0, stale: 0, voided: 0, busy: 0, requested: 0, sent: 0 };
  try {
    const found = await step.run(snapshot, {
      dryRun: !!deps.dryRun,
      lookbackDays: deps.planOptions?.signLookbackDays ?? 30,
    });
    Object.assign(out, {
      candidates: found.candidates,
      stale: found.stale,
      voided: found.voided,
      busy: found.busy,
    });
    if (!deps.dryRun && found.messages.length > 0) {
      out.requested = found.messages.length;
      const results = await step.deliver(found.messages);
      out.sent = results.filter((r) => r.outcome === 'sent').length;
    }
    if (out.stale > 0 || out.busy > 0)
      deps.logger.info('tick.recheck', { ...out, dryRun: !!deps.dryRun });
  } catch (err) {
    // Never sinks the tick: the next one checks again.
    const code = errorCode(err);
    deps.logger.error('tick.recheck-failed', { code });
    out.error = code;
  }
  run.report.recheck = out;
}
