/** Who sits on the triage rota, and how to reach them. */
import type { LocalDate, OrgSnapshot, Staff } from '../policy/domain';
import type { TriageSettings } from '../policy/profile';
import { triageMembers } from '../policy/triage-coverage';

/** In post on a date: started (or no start date) and not yet left. */
export { inPostOn as inPost } from '../policy/rules/context';

/** Rota members in post on a date, in a stable order (hub, then id). */
export function rotaMembers(
  snapshot: OrgSnapshot,
  settings: TriageSettings,
  on: LocalDate,
): Staff[] {
  return triageMembers(snapshot.staff, snapshot.rota, settings, on).sort(
    (a, b) => (a.team ?? '').localeCompare(b.team ?? '') || a.id.localeCompare(b.id),
  );
}

/** Absent (leave or sickness) on a date, per the absences list. */
export function isAbsent(snapshot: OrgSnapshot, staffId: string, on: LocalDate): boolean {
  return snapshot.absences.some((a) => a.staffId === staffId && a.from <= on && a.to >= on);
}

export interface Contact {
  email: string;
  /** Deep link that opens a 1:1 Teams chat with the person. */
  teamsChatUrl: string;
}

export function contactOf(s: Staff): Contact {
  return {
    email: s.email,
    teamsChatUrl: `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(s.email)}`,
  };
}

/** The service manager above a member: walks supervisors/line managers to the first service-manager. */
export function serviceManagerOf(snapshot: OrgSnapshot, staffId: string): Staff | undefined {
  const byId = new Map(snapshot.staff.map((s) => [s.id, s]));
  const seen = new Set<string>();
  let cur = byId.get(staffId);
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    const upId = cur.lineManagerId || cur.supervisorId;
    const up = upId ? byId.get(upId) : undefined;
    if (up?.role === 'service-manager') return up;
    cur = up;
  }
  return undefined;
}
