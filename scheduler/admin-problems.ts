/**
 * The admins' daily data-problems notification: while the organisation's data has rows the
 * loader rejected, each admin (config ADMIN_IDS) gets one card per working day with counts
 * and where (file, row, column), never the rows' content (scheduler/render-own.ts renders it).
 */
import type { RowProblem } from '../contract/problems';
import type { WorkingCalendar } from '../policy/calendar';
import type { LocalDate } from '../policy/domain';
import { adminProblemsKey, type PlannedNotification } from '../ports/planned';
import { isSendingDay, workingMorning, type WorkingHours } from '../policy/working-hours';

/** Admins get one data-problems card per working day while there are problems. */
export function planAdminProblems(
  problems: RowProblem[],
  adminIds: string[],
  today: LocalDate,
  wh: WorkingHours,
  calendar: WorkingCalendar,
): PlannedNotification[] {
  if (problems.length === 0 || !isSendingDay(today, wh, calendar)) return [];
  return adminIds.map((id) => ({
    key: adminProblemsKey(id, today),
    kind: 'admin-problems' as const,
    recipientId: id,
    notBefore: workingMorning(today, wh),
    reason: `admin-problems: ${problems.length} row problem(s) on ${today}`,
  }));
}
