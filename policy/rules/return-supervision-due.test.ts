import type { Absence, OrgSnapshot, Session } from '../domain';
import { evaluate } from '../evaluate';
import { getProfile } from '../profiles';
import type { PolicyProfile } from '../profile';
import { session, smallOrg } from '../test-support';

const away = (from: string, to: string, reason: Absence['reason'] = 'sickness'): Absence => ({
  staffId: 'fsw',
  from,
  to,
  reason,
});

const org = (absences: Absence[], sessions: Session[] = []): OrgSnapshot =>
  smallOrg({ absences, sessions }, { startDate: '2025-01-01' });

const due = (snap: OrgSnapshot, asOf: string, profile: string | PolicyProfile = 'islington-eh') =>
  evaluate(snap, typeof profile === 'string' ? getProfile(profile) : profile, asOf).findings.filter(
    (f) => f.kind === 'return-supervision-due' && f.staffId === 'fsw',
  );

describe('return-supervision-due: 004 "Supervision must be scheduled as a priority when the practitioner returns"', () => {
  // Off Mon 16 – Fri 27 Mar 2026: 10 working days. Back Mon 30 Mar. The 5th working day after
  // it skips Good Friday (3 Apr) and Easter Monday (6 Apr): Wed 8 Apr; raised from Thu 9 Apr.
  const tenDays = [away('2026-03-16', '2026-03-27')];

  test('10 working days away, no one-to-one booked: raised the day after the 5th working day back (Easter skipped)', () => {
    expect(due(org(tenDays), '2026-04-08')).toEqual([]);
    expect(due(org(tenDays), '2026-04-09')).toEqual([
      expect.objectContaining({
        notify: 'tl',
        due: '2026-04-08',
        severity: 'warning',
        key: 'return-supervision-due|fsw|2026-03-30',
        escalateTo: null,
      }),
    ]);
    expect(due(org(tenDays), '2026-04-09')[0]!.source).toContain('004');
  });

  test('9 working days away is not "10 working days or more"', () => {
    expect(due(org([away('2026-03-16', '2026-03-26')]), '2026-04-20')).toEqual([]);
  });

  test('bank holidays inside the absence are not working days: to Thu 2 Apr is 9, to Tue 7 Apr is 10 (Easter)', () => {
    expect(due(org([away('2026-03-23', '2026-04-02')]), '2026-05-01')).toEqual([]);
    expect(due(org([away('2026-03-23', '2026-04-06')]), '2026-05-01')).toEqual([]);
    expect(due(org([away('2026-03-23', '2026-04-07')]), '2026-05-01')).toHaveLength(1);
  });

  test('sickness then leave across a weekend is one absence', () => {
    const joined = [
      away('2026-03-16', '2026-03-20'),
      away('2026-03-23', '2026-03-27', 'annual-leave'),
    ];
    expect(due(org(joined), '2026-04-09')).toHaveLength(1);
  });

  test('a one-to-one booked for any day from the first day back resolves it; a cancelled one does not', () => {
    const booked = session('s1', 'fsw', 'tl', '2026-04-22', { status: 'scheduled' });
    expect(due(org(tenDays, [booked]), '2026-04-09')).toEqual([]);
    const cancelled = { ...booked, status: 'cancelled' as const };
    expect(due(org(tenDays, [cancelled]), '2026-04-09')).toHaveLength(1);
    // A one-to-one before the absence is not one "when the practitioner returns".
    const before = session('s0', 'fsw', 'tl', '2026-03-10');
    expect(due(org(tenDays, [before]), '2026-04-09')).toHaveLength(1);
  });

  test('across Christmas 2026: off 7–24 Dec, back Tue 29 Dec (Boxing Day substitute Mon 28), due Wed 6 Jan 2027', () => {
    const xmas = [away('2026-12-07', '2026-12-24')];
    expect(due(org(xmas), '2027-01-06')).toEqual([]);
    expect(due(org(xmas), '2027-01-07').map((f) => [f.facts?.back, f.due])).toEqual([
      ['2026-12-29', '2027-01-06'],
    ]);
  });

  test('escalated after the grace working days, like every kind not settled otherwise', () => {
    // due Wed 8 Apr + 3 working days = Mon 13 Apr; escalated from Tue 14 Apr.
    expect(due(org(tenDays), '2026-04-13')[0]!.escalateTo).toBeNull();
    expect(due(org(tenDays), '2026-04-14')[0]!.escalateTo).toBe('sm');
  });

  test('other profiles: off unless turned on; the numbers are settings', () => {
    for (const id of ['durham-eh', 'shropshire-teh', 'manchester-cs', 'telford-sf'])
      expect(due(org(tenDays), '2026-04-09', id)).toEqual([]);
    const on = getProfile('telford-sf', { returnSupervision: {} });
    expect(due(org(tenDays), '2026-04-09', on)).toHaveLength(1);
    const longer = getProfile('islington-eh', { returnSupervision: { minAbsenceWorkingDays: 11 } });
    expect(due(org(tenDays), '2026-04-09', longer)).toEqual([]);
    expect(() =>
      getProfile('islington-eh', { returnSupervision: { bookWithinWorkingDays: -1 } }),
    ).toThrow(/returnSupervision\.bookWithinWorkingDays/);
  });
});
