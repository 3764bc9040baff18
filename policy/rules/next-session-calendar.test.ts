/**
 * CONTRACT "Next session not booked" on calendar-month profiles, and Fine print ("stays raised
 * after its due date until a one-to-one is booked"); never escalated (Escalation timing).
 */
import type { Session, Staff } from '../domain';
import { evaluate } from '../evaluate';
import { PROFILE_IDS } from '../profile';
import { getProfile } from '../profiles';
import { session, smallOrg } from '../test-support';

const notBooked = (
  sessions: Session[],
  profileId: string,
  asOf: string,
  fsw: Partial<Staff> = {},
) =>
  evaluate(
    smallOrg({ sessions }, { startDate: '2020-01-01', ...fsw }),
    getProfile(profileId),
    asOf,
  ).findings.filter((f) => f.kind === 'next-session-not-booked' && f.staffId === 'fsw');

describe('004 Frequency "once every calendar month" (islington-eh): due by the end of the month after the last held', () => {
  const march = [session('s', 'fsw', 'tl', '2026-03-10')];
  test('last held 10 Mar 2026: due 30 Apr; on 31 Mar that is not less than a month away, so not raised', () => {
    expect(notBooked(march, 'islington-eh', '2026-03-31')).toEqual([]);
  });
  test('on 1 Apr (Easter week) it is less than a month away: raised, to the supervisor, never escalated', () => {
    expect(notBooked(march, 'islington-eh', '2026-04-01')).toEqual([
      expect.objectContaining({
        due: '2026-04-30',
        notify: 'tl',
        escalateTo: null,
        severity: 'warning',
      }),
    ]);
  });
  test('stays raised after its due date until one is booked (never escalated)', () => {
    const f = notBooked(march, 'islington-eh', '2026-06-15');
    expect(f.map((x) => [x.due, x.escalateTo])).toEqual([['2026-04-30', null]]);
    const booked = [...march, session('b', 'fsw', 'tl', '2026-06-15', { status: 'scheduled' })];
    expect(notBooked(booked, 'islington-eh', '2026-06-15')).toEqual([]);
  });
  test('a one-to-one still scheduled for yesterday is not a booking (it awaits confirmation)', () => {
    const x = [...march, session('y', 'fsw', 'tl', '2026-04-13', { status: 'scheduled' })];
    expect(notBooked(x, 'islington-eh', '2026-04-14')).toHaveLength(1);
  });
  test('over Christmas 2026: held Thu 24 Dec is due 31 Jan 2027; raised from 1 Jan, not on 31 Dec', () => {
    const x = [session('s', 'fsw', 'tl', '2026-12-24')];
    expect(notBooked(x, 'telford-sf', '2026-12-31')).toEqual([]);
    expect(notBooked(x, 'telford-sf', '2027-01-01')[0]!.due).toBe('2027-01-31');
  });
});

describe('000 "5 per year part time" (durham-eh part-time: one every two calendar months)', () => {
  const x = [session('s', 'fsw', 'tl', '2026-03-10')];
  const pt = { employment: 'part-time' as const };
  test('last held 10 Mar: due 31 May; not raised on 30 Apr, raised on 1 May', () => {
    expect(notBooked(x, 'durham-eh', '2026-04-30', pt)).toEqual([]);
    expect(notBooked(x, 'durham-eh', '2026-05-01', pt)[0]!.due).toBe('2026-05-31');
  });
  test('full-time: due 30 Apr', () => {
    expect(notBooked(x, 'durham-eh', '2026-04-01')[0]!.due).toBe('2026-04-30');
  });
});

describe('next-session-not-booked never escalates, in any profile', () => {
  test.each(PROFILE_IDS)('%s: months overdue, escalateTo is still null', (id) => {
    const f = notBooked([session('s', 'fsw', 'tl', '2026-01-05')], id, '2026-12-28');
    expect(f).toHaveLength(1);
    expect(f[0]!.escalateTo).toBeNull();
  });
});
