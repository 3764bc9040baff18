/**
 * Builders for policy tests (and other areas' tests): compact staff/session rows with the
 * contract's defaults. Not used by production code.
 */
import { londonInstant } from './calendar';
import { emptySnapshot, type OrgSnapshot, type Session, type Staff } from './domain';

export function staff(id: string, fields: Partial<Staff> = {}): Staff {
  return {
    id,
    name: `Name ${id}`,
    email: `${id}@example.org`,
    role: 'practitioner',
    caseHolding: true,
    employment: 'full-time',
    ...fields,
  };
}

/** A one-to-one on a London date (10:00 unless `time`), held for 90 minutes unless told otherwise. */
export function session(
  id: string,
  superviseeId: string,
  supervisorId: string,
  day: string,
  fields: Partial<Session> & { time?: string } = {},
): Session {
  const { time, ...rest } = fields;
  const status = rest.status ?? 'held';
  return {
    id,
    superviseeId,
    supervisorId,
    kind: 'one-to-one',
    scheduledStart: londonInstant(day, time ?? '10:00'),
    plannedMinutes: 90,
    status,
    ...(status === 'held' ? { heldMinutes: 90 } : {}),
    ...rest,
  };
}

/** sm → tl → fsw, with fsw's line manager blank (so escalation goes to sm). */
export function smallOrg(extra: Partial<OrgSnapshot> = {}, fsw: Partial<Staff> = {}): OrgSnapshot {
  return {
    ...emptySnapshot(),
    staff: [
      staff('sm', { role: 'service-manager', caseHolding: false }),
      staff('tl', { role: 'team-leader', supervisorId: 'sm', caseHolding: false }),
      staff('fsw', { supervisorId: 'tl', ...fsw }),
    ],
    ...extra,
  };
}
