/**
 * Tick step 6: what is due now, apart from what waits. An escalation above L0 (or one going in
 * a digest) is delivered inside the manager's digest, not on its own; anything not due yet, or
 * due outside working hours, is deferred to the next working moment (reported, not claimed).
 */
import type { PlannedNotification } from '../../ports/planned';
import { isWithinWorkingHours, nextWorkingMoment } from '../../policy/working-hours';
import type { TickRun } from '../tick-run';

export function splitDue(
  { deps, now, wh, report }: TickRun,
  planned: PlannedNotification[],
): PlannedNotification[] {
  const inHours = isWithinWorkingHours(now, wh, deps.calendar);
  const due: PlannedNotification[] = [];
  for (const p of planned) {
    if (p.kind === 'escalation' && ((p.level ?? 0) > 0 || p.viaDigest)) {
      report.viaDigest++;
      continue;
    }
    if (p.notBefore > now)
      report.deferred.push({
        key: p.key,
        until: nextWorkingMoment(p.notBefore, wh, deps.calendar),
      });
    else if (!inHours)
      report.deferred.push({ key: p.key, until: nextWorkingMoment(now, wh, deps.calendar) });
    else due.push(p);
  }
  report.due = due.length;
  return due;
}
