/**
 * A source's narrow reads (ports/schedule.ts ScopedReads) checked against the same questions
 * asked of the whole organisation (usecases/scoped-reads.ts SnapshotReads): shared by the
 * embedded store's and GraphSchedule's tests.
 */
import type { Staff } from '../policy/domain';
import type { ScopedReads } from '../ports/schedule';

const byId = <T extends { id: string }>(xs: readonly T[]) =>
  [...xs].sort((a, b) => a.id.localeCompare(b.id));

/** Every manager's team (by supervisor and by line manager) as the whole organisation has it. */
export async function expectTeamsAsWhole(
  reads: ScopedReads,
  whole: ScopedReads,
  staff: readonly Staff[],
): Promise<void> {
  const managers = new Set(staff.flatMap((s) => [s.supervisorId, s.lineManagerId]));
  let reports = 0;
  for (const m of managers) {
    if (!m) continue;
    const team = await reads.staffReportingTo(m);
    reports += team.length;
    expect(byId(team)).toEqual(byId(await whole.staffReportingTo(m)));
  }
  // Not vacuous: the organisation has teams.
  expect(reports).toBeGreaterThan(0);
}
