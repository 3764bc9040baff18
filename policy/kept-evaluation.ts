/**
 * The tick's evaluation, kept between ticks: the first tick of a day evaluates the whole
 * organisation and keeps its indexes and findings (IncrementalEvaluator); each later tick that
 * day hands it only what changed since the last (policy/snapshot-delta.ts), so a tick that
 * follows a few presses re-runs the rules for the few people they touch rather than for
 * everyone (about a second at 20,000 staff, docs/performance.md).
 *
 * Afresh instead, whenever a delta cannot say what changed: a new day (`asOf`), another
 * profile or calendar, a change to staff, the rota or the records, a row other than a session
 * removed, more than `limit` rows changed, a snapshot not in the source's order, or an error in
 * the update. The result is always what `evaluate` gives on the snapshot handed in
 * (policy/kept-evaluation.test.ts checks that against the embedded store under random writes).
 */
import type { WorkingCalendar } from './calendar';
import type { LocalDate, OrgSnapshot } from './domain';
import { evaluate, IncrementalEvaluator, type OrgDelta } from './evaluate';
import type { EvaluationResult } from './findings';
import type { PolicyProfile } from './profile';
import { deltaBetween, inOrder, type RowOrder } from './snapshot-delta';

interface Last {
  snapshot: OrgSnapshot;
  profile: PolicyProfile;
  asOf: LocalDate;
  calendar: WorkingCalendar;
  kept: IncrementalEvaluator;
}

export class KeptEvaluation {
  private last: Last | null = null;
  /** How each evaluation was made, and the rows the deltas carried (the bench; the tests). */
  readonly counts = { afresh: 0, delta: 0, deltaRows: 0 };

  /**
   * `order`: the source's order of its rows (the embedded store's, store/schedule-docs.ts).
   * `limit`: past this many changed rows a full evaluation costs about what the delta would.
   */
  constructor(
    private readonly order: RowOrder,
    private readonly limit = 2000,
  ) {}

  /** An EvaluateFn (scheduler/tick-types.ts). */
  readonly evaluate = (
    snapshot: OrgSnapshot,
    profile: PolicyProfile,
    asOf: LocalDate,
    calendar: WorkingCalendar,
  ): EvaluationResult => {
    const last = this.last;
    if (last && last.profile === profile && last.asOf === asOf && last.calendar === calendar) {
      const delta = deltaBetween(last.snapshot, snapshot, this.order, this.limit);
      if (delta) {
        try {
          const result = last.kept.update(delta);
          last.snapshot = snapshot;
          this.counts.delta++;
          this.counts.deltaRows += rowsOf(delta);
          return result;
        } catch {
          // The kept indexes may be half-changed: drop them and evaluate afresh below.
        }
      }
    }
    // Let the kept indexes go before building new ones: two sets at once at 20,000 staff
    // would be the process's peak.
    this.last = null;
    this.counts.afresh++;
    if (!inOrder(snapshot, this.order)) return evaluate(snapshot, profile, asOf, calendar);
    const kept = new IncrementalEvaluator(profile, calendar);
    const result = kept.evaluate(snapshot, asOf);
    this.last = { snapshot, profile, asOf, calendar, kept };
    return result;
  };
}

function rowsOf(delta: OrgDelta): number {
  let n = delta.removedSessionIds?.length ?? 0;
  for (const rows of [delta.sessions, delta.actions, delta.absences, delta.agreements, delta.cases])
    n += rows?.length ?? 0;
  return n;
}
