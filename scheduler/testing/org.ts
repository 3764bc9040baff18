/**
 * Small hand-built organisations for the scheduler tests: one service manager, a team leader,
 * a practitioner whose lineManagerId is blank (so escalations go to the service manager), and
 * a director above the service manager (the L2 rung).
 */
import { londonInstant } from '../../policy/calendar';
import { emptySnapshot, type OrgSnapshot, type Session, type Staff } from '../../policy/domain';
import type { Finding, FindingKind } from '../../policy/findings';

export function person(
  id: string,
  role: Staff['role'],
  supervisorId?: string,
  extra: Partial<Staff> = {},
): Staff {
  return {
    id,
    name: `Name ${id}`,
    email: `${id}@example.invalid`,
    role,
    caseHolding: role === 'practitioner',
    employment: 'full-time',
    ...(supervisorId ? { supervisorId } : {}),
    ...extra,
  };
}

export function smallOrg(): OrgSnapshot {
  const s = emptySnapshot();
  s.staff.push(
    person('dir-1', 'service-manager'),
    person('sm-1', 'service-manager', 'dir-1'),
    person('tl-1', 'team-leader', 'sm-1'),
    person('fsw-1', 'practitioner', 'tl-1'),
    person('fsw-2', 'practitioner', 'tl-1'),
  );
  return s;
}

export function oneToOne(
  id: string,
  day: string,
  time: string,
  extra: Partial<Session> = {},
): Session {
  return {
    id,
    superviseeId: 'fsw-1',
    supervisorId: 'tl-1',
    kind: 'one-to-one',
    scheduledStart: londonInstant(day, time),
    plannedMinutes: 90,
    status: 'scheduled',
    ...extra,
  };
}

export function finding(
  kind: FindingKind,
  subject: string,
  due: string,
  extra: Partial<Finding> = {},
): Finding {
  return {
    kind,
    staffId: 'fsw-1',
    sessionId: null,
    notify: 'tl-1',
    escalateTo: 'sm-1',
    due,
    detail: `${kind} for ${subject}`,
    source: 'test',
    severity: 'breach',
    key: `${kind}|${subject}`,
    ...extra,
  };
}
