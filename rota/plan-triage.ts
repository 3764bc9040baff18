/**
 * What the scheduler sends for the triage rota on a tick (pure; the scheduler claims each key
 * in the ledger so a notification goes once, whichever instance runs the tick):
 *
 * - `triage-reminder`: on the working day before a member's day, to that member
 *   (key `triage-reminder|<memberId>|<date>`; a swap gives the new holder their own key);
 * - `rota-readiness`: on the first-Monday check day (next working day if that Monday is a
 *   bank holiday), to every rota member and their service manager
 *   (key `rota-readiness|<recipientId>|<YYYY-MM>`).
 *
 * Nothing is planned on weekends or bank holidays: reminders for Monday go out on Friday.
 */
import { londonDateOf, londonInstant, monthOf, type WorkingCalendar } from '../policy/calendar';
import type { Instant, OrgSnapshot } from '../policy/domain';
import type { PolicyProfile } from '../policy/profile';
import { coveringMember } from '../policy/triage-coverage';
import { rotaReadinessKey, triageReminderKey, type PlannedNotification } from '../ports/planned';
import { inPost, rotaMembers, serviceManagerOf } from './members';

/** The rota date in a triage-reminder key, or the month in a rota-readiness key (last segment). */
export function keySubject(key: string): string {
  return key.slice(key.lastIndexOf('|') + 1);
}

export function planTriageNotifications(
  snapshot: OrgSnapshot,
  profile: PolicyProfile,
  now: Date | Instant,
  calendar: WorkingCalendar,
): PlannedNotification[] {
  const settings = profile.triage;
  if (!settings) return [];
  const today = londonDateOf(now);
  if (!calendar.isWorkingDay(today)) return [];
  const notBefore = londonInstant(today, settings.deskHours.start);
  const out: PlannedNotification[] = [];
  const staffById = new Map(snapshot.staff.map((s) => [s.id, s]));

  // The next working day's holder, and any rota days up to it that fall on non-working days are
  // never rota days, so exactly one date is reminded each working day.
  const next = calendar.addWorkingDays(today, 1);
  const seen = new Set<string>();
  for (const row of snapshot.rota) {
    if (row.date !== next) continue;
    const memberId = coveringMember(row);
    const member = memberId ? staffById.get(memberId) : undefined;
    if (!memberId || !member || !inPost(member, next)) continue;
    const key = triageReminderKey(memberId, next);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      key,
      kind: 'triage-reminder',
      recipientId: memberId,
      notBefore,
      reason: `triage day ${next} held by ${memberId}`,
    });
  }

  if (calendar.firstMondayCheckDay(monthOf(today)) === today) {
    const month = monthOf(today);
    const recipients = new Set<string>();
    for (const m of rotaMembers(snapshot, settings, today)) {
      recipients.add(m.id);
      const sm = serviceManagerOf(snapshot, m.id);
      if (sm && inPost(sm, today)) recipients.add(sm.id);
    }
    for (const id of [...recipients].sort()) {
      out.push({
        key: rotaReadinessKey(id, month),
        kind: 'rota-readiness',
        recipientId: id,
        notBefore,
        reason: `first-Monday rota check ${today}`,
      });
    }
  }
  return out;
}
