/**
 * Record deadlines per profile, each in the document's own unit (CONTRACT "Record deadlines per
 * profile", "24 hours", Fine print on escalation), across Easter and Christmas 2026.
 */
import type { Session } from '../domain';
import { evaluate } from '../evaluate';
import type { Finding } from '../findings';
import { getProfile } from '../profiles';
import { session, smallOrg } from '../test-support';
import { ordinaryRecordDue } from './records';

const overdue = (
  sessions: Session[],
  profileId: string,
  asOf: string,
  overrides?: unknown,
): Finding[] =>
  evaluate(
    smallOrg({ sessions }, { startDate: '2020-01-01' }),
    getProfile(profileId, overrides),
    asOf,
  ).findings.filter((f) => f.kind === 'record-overdue');

const easter = [session('r', 'fsw', 'tl', '2026-04-02')]; // Thu 2 Apr 2026, Good Friday next day

describe('002 §3 "it will be placed on the system within one week" (manchester-cs: 7 calendar days)', () => {
  test('Thu 2 Apr 2026 is due Thu 9 Apr (not 13 Apr): not overdue on 9 Apr, overdue on 10 Apr', () => {
    expect(overdue(easter, 'manchester-cs', '2026-04-09')).toEqual([]);
    expect(overdue(easter, 'manchester-cs', '2026-04-10')[0]).toMatchObject({
      due: '2026-04-09',
      source: '002 §3 (placed on the system within one week)',
    });
  });
  test('over Christmas 2026 a week is still a week: Mon 21 Dec is due Mon 28 Dec', () => {
    const x = [session('r', 'fsw', 'tl', '2026-12-21')];
    expect(overdue(x, 'manchester-cs', '2026-12-28')).toEqual([]);
    expect(overdue(x, 'manchester-cs', '2026-12-29')[0]!.due).toBe('2026-12-28');
  });
});

describe('001 "within five working days of the supervision taking place" (shropshire-teh), 004 (islington-eh), durham-eh (interpretation)', () => {
  test.each(['shropshire-teh', 'islington-eh', 'durham-eh'])(
    '%s: Thu 2 Apr 2026 skips Good Friday and Easter Monday: due Mon 13 Apr, overdue Tue 14 Apr',
    (id) => {
      expect(overdue(easter, id, '2026-04-13')).toEqual([]);
      expect(overdue(easter, id, '2026-04-14')[0]!.due).toBe('2026-04-13');
    },
  );
  test('durham-eh says its deadline is an interpretation', () => {
    expect(overdue(easter, 'durham-eh', '2026-04-14')[0]!.source).toMatch(/^interpretation/);
  });
});

describe('003 §6 "should be recorded in the session, by the supervisor" (telford-sf)', () => {
  test('Thu 24 Dec 2026: due that day, overdue on Christmas Day (bank holidays do not move it)', () => {
    const x = [session('r', 'fsw', 'tl', '2026-12-24')];
    expect(overdue(x, 'telford-sf', '2026-12-24')).toEqual([]);
    expect(overdue(x, 'telford-sf', '2026-12-25')[0]!.due).toBe('2026-12-24');
  });
  test('a record completed the same evening is on time', () => {
    const x = [
      session('r', 'fsw', 'tl', '2026-12-24', { recordCompletedAt: '2026-12-24T18:00:00.000Z' }),
    ];
    expect(overdue(x, 'telford-sf', '2026-12-29')).toEqual([]);
  });
});

describe('004 "within 5 working days or 24 hours for any significant case decisions" (islington-eh)', () => {
  // Thu 24 Dec 2026 16:00-17:30: due 17:30 Fri 25 Dec (Christmas Day: clock hours, not working days).
  const sig = (fields: Partial<Session> = {}) => [
    session('r', 'fsw', 'tl', '2026-12-24', {
      time: '16:00',
      significantDecision: true,
      ...fields,
    }),
  ];
  test('not raised on the session day; raised as of the end of Christmas Day', () => {
    expect(overdue(sig(), 'islington-eh', '2026-12-24')).toEqual([]);
    expect(overdue(sig(), 'islington-eh', '2026-12-25')[0]).toMatchObject({
      due: '2026-12-25',
      detail: expect.stringMatching(/24-hour/),
    });
  });
  test('completed before the moment (17:00 on the 25th): never raised', () => {
    const x = sig({ recordCompletedAt: '2026-12-25T17:00:00.000Z' });
    expect(overdue(x, 'islington-eh', '2026-12-25')).toEqual([]);
  });
  test('completed after the moment (18:00 on the 25th): raised for the 25th, cleared from the 26th', () => {
    const x = sig({ recordCompletedAt: '2026-12-25T18:00:00.000Z' });
    expect(overdue(x, 'islington-eh', '2026-12-25')).toHaveLength(1);
    expect(overdue(x, 'islington-eh', '2026-12-26')).toEqual([]);
  });
  test('other profiles have no short deadline for a significant decision', () => {
    expect(overdue(sig(), 'shropshire-teh', '2026-12-31')).toEqual([]);
  });
});

describe('escalation: from the day after the 3rd working day after due (CONTRACT Fine print)', () => {
  // manchester-cs: Thu 26 Mar 2026 is due Thu 2 Apr; 3 working days after: 7, 8, 9 Apr
  // (Good Friday 3 Apr and Easter Monday 6 Apr skipped), so escalated from Fri 10 Apr.
  const x = [session('r', 'fsw', 'tl', '2026-03-26')];
  test('due Thu 2 Apr 2026: not escalated on Thu 9 Apr, escalated on Fri 10 Apr', () => {
    expect(overdue(x, 'manchester-cs', '2026-04-03')[0]).toMatchObject({
      due: '2026-04-02',
      escalateTo: null,
    });
    expect(overdue(x, 'manchester-cs', '2026-04-09')[0]!.escalateTo).toBeNull();
    expect(overdue(x, 'manchester-cs', '2026-04-10')[0]!.escalateTo).toBe('sm');
  });
  test('the wait is a profile setting', () => {
    const o = { escalation: { graceWorkingDays: 1 } };
    // 1 working day after Thu 2 Apr is Tue 7 Apr (Easter): escalated from Wed 8 Apr.
    expect(overdue(x, 'manchester-cs', '2026-04-07', o)[0]!.escalateTo).toBeNull();
    expect(overdue(x, 'manchester-cs', '2026-04-08', o)[0]!.escalateTo).toBe('sm');
  });
});

describe('record deadline overrides (a unit with every value)', () => {
  test('an organisation can set calendar days, working days (old shorthand) or in the session', () => {
    expect(
      getProfile('telford-sf', { recordDeadline: { days: 3, unit: 'calendar-days' } })
        .recordDeadline.value,
    ).toEqual({ days: 3, unit: 'calendar-days', significantDecisionHours: null });
    expect(
      getProfile('manchester-cs', { recordDeadline: { workingDays: 5 } }).recordDeadline.value,
    ).toEqual({ days: 5, unit: 'working-days', significantDecisionHours: null });
    expect(
      getProfile('durham-eh', { recordDeadline: { unit: 'in-session' } }).recordDeadline.value,
    ).toEqual({ days: 0, unit: 'in-session', significantDecisionHours: null });
  });
  test('a negative number of days or an unknown unit is refused naming the key', () => {
    expect(() => getProfile('durham-eh', { recordDeadline: { days: -1 } })).toThrow(
      /recordDeadline\.days/,
    );
    expect(() => getProfile('durham-eh', { recordDeadline: { unit: 'weeks' } })).toThrow(
      /recordDeadline\.unit/,
    );
  });
  test('ordinaryRecordDue: each unit', () => {
    const wd = (d: string, n: number) => (n === 5 ? '2026-04-13' : d);
    expect(ordinaryRecordDue({ days: 5, unit: 'working-days' }, '2026-04-02', wd)).toBe(
      '2026-04-13',
    );
    expect(ordinaryRecordDue({ days: 7, unit: 'calendar-days' }, '2026-04-02', wd)).toBe(
      '2026-04-09',
    );
    expect(ordinaryRecordDue({ days: 0, unit: 'in-session' }, '2026-04-02', wd)).toBe('2026-04-02');
  });
});

describe('signatures are chased only where the document asks for sign-off (CONTRACT "Signatures")', () => {
  // Record completed Thu 2 Apr 2026; 5 working days after: 7, 8, 9, 10, 13 Apr (Easter skipped).
  const x = [
    session('g', 'fsw', 'tl', '2026-04-02', { recordCompletedAt: '2026-04-02T15:00:00.000Z' }),
  ];
  const sigs = (id: string, asOf: string, overrides?: unknown) =>
    evaluate(
      smallOrg({ sessions: x }, { startDate: '2020-01-01' }),
      getProfile(id, overrides),
      asOf,
    ).findings.filter((f) => f.kind === 'signature-overdue');
  test.each([
    ['shropshire-teh', /^001 .*both must sign and date/],
    ['manchester-cs', /^002 App\. D .*to sign/],
    ['telford-sf', /^003 §6 .*read and agree/],
  ])('%s asks for sign-off: due Mon 13 Apr, chased from Tue 14 Apr', (id, source) => {
    expect(sigs(id, '2026-04-13')).toEqual([]);
    const f = sigs(id, '2026-04-14');
    expect(f.map((y) => y.notify)).toEqual(['fsw', 'tl']);
    expect(f[0]!.source).toMatch(source);
  });
  test.each(['durham-eh', 'islington-eh'])(
    '%s asks for none: never chased, unless the organisation turns it on',
    (id) => {
      expect(sigs(id, '2026-05-29')).toEqual([]);
      const on = { enabled: { 'signature-overdue': true } };
      expect(sigs(id, '2026-04-13', on)).toEqual([]);
      expect(sigs(id, '2026-04-14', on)).toHaveLength(2);
    },
  );
});
