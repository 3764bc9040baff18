/**
 * A supervisee's supervision file (issue 18 "The supervision file"): what it must hold when
 * they move to a new manager or ask for a copy of it. Their agreements, every session in the
 * period (cancellations with their reasons and what replaced them), the record of each held
 * one (as printed alone, signatures included), their observations and their open actions.
 * Pure: the caller reads the snapshot and the signature trails.
 */
import { londonDateOf } from '../policy/calendar';
import type { LocalDate, OrgSnapshot, Session } from '../policy/domain';
import type { PolicyProfile } from '../policy/profile';
import type { SignatureEntry } from '../ports/schedule';
import {
  buildRecordDocument,
  personRef,
  type PersonRef,
  type PrintedAction,
  type RecordDocument,
} from './record-document';

export interface FileSessionLine {
  sessionId: string;
  date: LocalDate;
  kind: Session['kind'];
  status: Session['status'];
  supervisor: PersonRef;
  heldMinutes: number | null;
  cancelReason: string | null;
  rescheduledToId: string | null;
}

export interface SupervisionFile {
  organisation: string;
  programme: string;
  document: string;
  person: PersonRef & { role: string; team: string | null };
  supervisor: PersonRef | null;
  from: LocalDate;
  to: LocalDate;
  agreements: Array<{ supervisor: PersonRef; signedAt: LocalDate | null }>;
  sessions: FileSessionLine[];
  /** Records of held one-to-ones and observations in the period, oldest first. */
  records: RecordDocument[];
  observations: FileSessionLine[];
  openActions: PrintedAction[];
}

/** Sessions the person took part in as the supervisee (or attended, for a group). */
function isTheirs(s: Session, staffId: string): boolean {
  return s.superviseeId === staffId || (s.attendees ?? []).includes(staffId);
}

export function buildSupervisionFile(
  snapshot: OrgSnapshot,
  profile: PolicyProfile,
  staffId: string,
  from: LocalDate,
  to: LocalDate,
  trails: ReadonlyMap<string, readonly SignatureEntry[]>,
): SupervisionFile | null {
  const person = snapshot.staff.find((s) => s.id === staffId);
  if (!person) return null;
  const inPeriod = snapshot.sessions
    .filter((s) => isTheirs(s, staffId))
    .map((s) => ({ s, date: londonDateOf(s.scheduledStart) }))
    .filter(({ date }) => date >= from && date <= to)
    .sort((a, b) => (a.s.scheduledStart < b.s.scheduledStart ? -1 : 1));
  const line = ({ s, date }: { s: Session; date: LocalDate }): FileSessionLine => ({
    sessionId: s.id,
    date,
    kind: s.kind,
    status: s.status,
    supervisor: personRef(snapshot.staff, s.supervisorId),
    heldMinutes: s.heldMinutes ?? null,
    cancelReason: s.cancelReason ?? null,
    rescheduledToId: s.rescheduledToId ?? null,
  });
  const records = inPeriod
    .filter(({ s }) => s.status === 'held' && (s.kind === 'one-to-one' || s.kind === 'observation'))
    .map(({ s }) => buildRecordDocument(snapshot, profile, s.id, trails.get(s.id) ?? []))
    .filter((r): r is RecordDocument => r !== null);
  const openActions = snapshot.actions
    .filter((a) => a.ownerId === staffId && !a.doneAt)
    .sort((a, b) => ((a.due ?? '9999') < (b.due ?? '9999') ? -1 : 1))
    .map((a) => ({
      text: a.text,
      owner: personRef(snapshot.staff, a.ownerId),
      due: a.due ?? null,
      doneAt: null,
    }));
  return {
    organisation: profile.organisation,
    programme: profile.name,
    document: profile.document,
    person: {
      ...personRef(snapshot.staff, staffId),
      role: person.role,
      team: person.team ?? null,
    },
    supervisor: person.supervisorId ? personRef(snapshot.staff, person.supervisorId) : null,
    from,
    to,
    agreements: snapshot.agreements
      .filter((a) => a.superviseeId === staffId)
      .map((a) => ({
        supervisor: personRef(snapshot.staff, a.supervisorId),
        signedAt: a.signedAt ?? null,
      }))
      .sort((a, b) => ((a.signedAt ?? '') < (b.signedAt ?? '') ? -1 : 1)),
    sessions: inPeriod.filter(({ s }) => s.kind !== 'observation').map(line),
    records,
    observations: inPeriod.filter(({ s }) => s.kind === 'observation').map(line),
    openActions,
  };
}
