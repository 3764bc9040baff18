/**
 * Tick step 4: evaluate the policy over the snapshot. One function on purpose: an incremental
 * evaluation (only what changed since the last tick) replaces this step and nothing else.
 */
import type { OrgSnapshot } from '../../policy/domain';
import type { Finding } from '../../policy/findings';
import type { TickRun } from '../tick-run';

export function evaluateStep({ deps, asOf, report }: TickRun, snapshot: OrgSnapshot): Finding[] {
  const t0 = performance.now();
  const findings = deps.evaluate(snapshot, deps.profile, asOf, deps.calendar).findings;
  report.evaluateMs = performance.now() - t0;
  report.findings = findings.length;
  return findings;
}
