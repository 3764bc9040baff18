/**
 * Tick step 5: plan every notification the findings, the other areas' planners (the triage
 * rota) and the unreadable rows call for, each under its deterministic ledger key.
 */
import type { Finding } from '../../policy/findings';
import type { PlannedNotification } from '../../ports/planned';
import { planAdminProblems } from '../admin-problems';
import { loadEscalationState } from '../escalation-state';
import { planNotifications } from '../plan';
import type { TickRun } from '../tick-run';
import type { Loaded } from './load';

export async function planStep(
  { deps, now, asOf, wh, ledger, report }: TickRun,
  { snapshot, problems }: Loaded,
  findings: Finding[],
): Promise<PlannedNotification[]> {
  const t0 = performance.now();
  const state = await loadEscalationState(deps.kv, ledger);
  const planned = [
    ...planNotifications(snapshot, findings, deps.profile, now, deps.calendar, state, {
      ...deps.planOptions,
      workingHours: wh,
      adminIds: deps.adminIds ?? [],
    }),
    ...(deps.planners ?? []).flatMap((p) => p(snapshot, deps.profile, now, deps.calendar)),
    ...planAdminProblems(problems, deps.adminIds ?? [], asOf, wh, deps.calendar),
  ];
  report.planMs = performance.now() - t0;
  report.planned = planned.length;
  return planned;
}
