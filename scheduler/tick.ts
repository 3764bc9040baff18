/**
 * One tick, as a pipeline of named steps (scheduler/steps/): resend the outbox, load the
 * organisation, re-check signatures, evaluate, plan, split what is due now from what waits,
 * deliver (claim → render → send → record), and once a day the housekeeping.
 *
 * Every instance may run the same tick at the same time: the ledger claim is what makes each
 * notification go once. A tick stopped half-way (stop(), a crash) loses nothing: anything not
 * claimed is planned again next tick, anything claimed but not sent is re-claimable after its
 * lease. `dryRun` plans and explains without claiming or sending.
 */
import { deliverStep } from './steps/deliver';
import { explainStep } from './steps/dry-run';
import { evaluateStep } from './steps/evaluate';
import { housekeepingStep } from './steps/housekeeping';
import { loadStep } from './steps/load';
import { outboxStep } from './steps/outbox';
import { planStep } from './steps/plan';
import { recheckStep } from './steps/recheck';
import { tickRenderer } from './steps/render';
import { splitDue } from './steps/split-due';
import { startTick, type TickRun } from './tick-run';
import type { TickDeps, TickReport } from './tick-types';

export type {
  EvaluateFn,
  KindRenderer,
  Planner,
  RecheckFound,
  RecheckReport,
  RecheckStep,
  TickDeps,
  TickReport,
  WouldSend,
} from './tick-types';
export { claimBatchSize, DEFAULT_TICK_LEASE_MS } from './steps/deliver';

export async function runTick(deps: TickDeps): Promise<TickReport> {
  const run = startTick(deps);
  await outboxStep(run);
  const loaded = await loadStep(run);
  if (!loaded) return run.report;
  await recheckStep(run, loaded.snapshot);
  const findings = evaluateStep(run, loaded.snapshot);
  const planned = await planStep(run, loaded, findings);
  const due = splitDue(run, planned);
  if (deps.dryRun) {
    await explainStep(run, due);
    return run.report;
  }
  await deliverStep(run, due, tickRenderer(run, loaded, findings));
  await housekeepingStep(run, loaded.snapshot, findings);
  logDone(run);
  return run.report;
}

function logDone({ deps, asOf, report }: TickRun): void {
  deps.logger.info('tick.done', {
    asOf,
    planned: report.planned,
    sent: report.sent,
    failed: report.failed.length,
    deferred: report.deferred.length,
    ...(report.awaitingContact ? { awaitingContact: report.awaitingContact } : {}),
  });
}
