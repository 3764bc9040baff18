/**
 * What one tick carries from step to step (scheduler/tick.ts): its dependencies, the moment it
 * runs for, the London date, the working hours, the ledger and the report each step fills in.
 * Worked out once at the start so every step sees the same `now`.
 */
import { londonDateOf } from '../policy/calendar';
import type { Instant, LocalDate } from '../policy/domain';
import { DEFAULT_WORKING_HOURS, type WorkingHours } from '../policy/working-hours';
import { Ledger } from '../delivery/ledger';
import type { TickDeps, TickReport } from './tick-types';

export interface TickRun {
  deps: TickDeps;
  now: Instant;
  asOf: LocalDate;
  wh: WorkingHours;
  ledger: Ledger;
  report: TickReport;
}

export function startTick(deps: TickDeps): TickRun {
  const now = deps.clock.now().toISOString();
  const asOf = londonDateOf(now);
  return {
    deps,
    now,
    asOf,
    wh: deps.workingHours ?? DEFAULT_WORKING_HOURS,
    ledger: deps.ledger ?? new Ledger(deps.kv, { clock: deps.clock }),
    report: {
      at: now,
      asOf,
      dryRun: !!deps.dryRun,
      findings: 0,
      planned: 0,
      due: 0,
      claimed: 0,
      sent: 0,
      skippedAlreadySent: 0,
      heldByOther: 0,
      abandoned: 0,
      viaDigest: 0,
      deferred: [],
      failed: [],
      notApplicable: 0,
      problems: 0,
      stopped: false,
      evaluateMs: 0,
      planMs: 0,
      sentKeys: [],
    },
  };
}
