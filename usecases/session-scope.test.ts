import type { Session, Staff } from '../policy/domain';
import { hierarchyOf } from '../policy/hierarchy';
import { confirmAudience, confirmersOf } from './session-scope';

const person = (id: string, extra: Partial<Staff> = {}): Staff => ({
  id,
  name: id,
  email: `${id}@example.org`,
  role: 'practitioner',
  caseHolding: true,
  employment: 'full-time',
  ...extra,
});
// A practice supervisor (ps) who is not the supervisee's line manager (tl-b), whose own line
// manager (tl-a) is someone else again.
const staff: Staff[] = [
  person('sm', { role: 'service-manager' }),
  person('tl-a', { role: 'team-leader', supervisorId: 'sm' }),
  person('tl-b', { role: 'team-leader', supervisorId: 'sm' }),
  person('ps', { role: 'senior-practitioner', supervisorId: 'tl-a' }),
  person('fsw', { supervisorId: 'ps', lineManagerId: 'tl-b' }),
];
const session: Session = {
  id: 's-1',
  superviseeId: 'fsw',
  supervisorId: 'ps',
  kind: 'one-to-one',
  scheduledStart: '2026-11-23T10:00:00.000Z',
  status: 'scheduled',
};

describe('who confirms a session, and who sees the confirm card update', () => {
  const h = hierarchyOf(staff);

  it('the supervisor, their line manager and the escalation recipient confirm; never the supervisee', () => {
    expect(confirmersOf(h, session).sort()).toEqual(['ps', 'tl-a', 'tl-b']);
    expect(h.escalationTarget('fsw')).toBe('tl-b');
  });

  it('everyone who may confirm is in the refresh audience, so their card updates in place', () => {
    const audience = confirmAudience(h, session);
    for (const id of confirmersOf(h, session)) expect(audience).toContain(id);
    expect(audience).toContain('fsw');
  });
});
