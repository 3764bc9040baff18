/**
 * What the scheduler sends for the triage rota on a tick (pure; the scheduler claims each key
 * in the ledger so a notification goes once, whichever instance runs the tick):
 *
 * - `triage-reminder`: on the working day before a member's day, to that member
 *   (key `triage-reminder|<memberId>|<date>`; a swap gives the new holder their own key).
 *   When the named holder cannot be there (left by that day, not yet started, or recorded as
 *   away), the day is uncovered (CONTRACT "Leavers on the rota") and the same key goes to the
 *   people who arrange cover for the row's hub (hubCoverContacts) instead, so that somebody
 *   hears; a holder who is away but still in post keeps their own reminder as well;
 * - `rota-readiness`: on the first-Monday check day (next working day if that Monday is a
 *   bank holiday), to every rota member and their service manager
 *   (key `rota-readiness|<recipientId>|<YYYY-MM>`).
 *
 * Nothing is planned on weekends or bank holidays: reminders for Monday go out on Friday.
 */
import { londonDateOf, londonInstant, monthOf, type WorkingCalendar } from '../policy/calendar';
import type { Instant, LocalDate, OrgSnapshot, Staff } from '../policy/domain';
import type { PolicyProfile, TriageSettings } from '../policy/profile';
import { coveringMember, holderUnavailable, staffIndex } from '../policy/triage-coverage';
import { rotaReadinessKey, triageReminderKey, type PlannedNotification } from '../ports/planned';
import { inPost, rotaMembers, serviceManagerOf } from './members';

/** The rota date in a triage-reminder key, or the month in a rota-readiness key (last segment). */
export function keySubject(key: string): string {
  return key.slice(key.lastIndexOf('|') + 1);
}

/**
 * Who arranges cover for a hub's day (003 "Triage Cover": the hub covers its own slot): the
 * hub's team leaders in post, else the hub's rota members, else the holder's service manager;
 * never the holder, and only people in post and not away that day.
 */
export function hubCoverContacts(
  snapshot: OrgSnapshot,
  settings: TriageSettings,
  hub: string,
  holderId: string,
  on: LocalDate,
): string[] {
  const free = (s: Staff): boolean =>
    s.id !== holderId &&
    inPost(s, on) &&
    !snapshot.absences.some((a) => a.staffId === s.id && a.from <= on && on <= a.to);
  const leads = snapshot.staff.filter((s) => s.role === 'team-leader' && s.team === hub && free(s));
  if (leads.length > 0) return leads.map((s) => s.id).sort();
  const members = rotaMembers(snapshot, settings, on).filter((s) => s.team === hub && free(s));
  if (members.length > 0) return members.map((s) => s.id).sort();
  const sm = serviceManagerOf(snapshot, holderId);
  return sm && free(sm) ? [sm.id] : [];
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
  const staffById = staffIndex(snapshot.staff);

  // The next working day's holder, and any rota days up to it that fall on non-working days are
  // never rota days, so exactly one date is reminded each working day.
  const next = calendar.addWorkingDays(today, 1);
  const seen = new Set<string>();
  for (const row of snapshot.rota) {
    if (row.date !== next) continue;
    const memberId = coveringMember(row);
    const member = memberId ? staffById.get(memberId) : undefined;
    if (!memberId || !member) continue;
    const push = (recipientId: string, reason: string): void => {
      const key = triageReminderKey(recipientId, next);
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ key, kind: 'triage-reminder', recipientId, notBefore, reason });
    };
    if (inPost(member, next)) push(memberId, `triage day ${next} held by ${memberId}`);
    const why = holderUnavailable(staffById, snapshot.absences, memberId, next);
    if (why === null) continue;
    // Never silent: those who arrange the hub's cover hear that the day is uncovered.
    for (const id of hubCoverContacts(snapshot, settings, row.hub, memberId, next))
      push(
        id,
        `triage day ${next} uncovered: its holder ${why === 'absent' ? 'is away' : 'is not in post'}`,
      );
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
