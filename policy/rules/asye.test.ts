/**
 * CONTRACT "Group supervision and the ASYE" and its Fine print: weekly for days 1–42 from
 * asyeStart, fortnightly to the date six calendar months on, then the profile's own rule; the
 * interval in force on the day after the last held one-to-one; a longer gap is a
 * supervision-gap, always escalated, whose detail says "ASYE".
 */
import { parseRows } from '../../contract/rows';
import { asyeIntervalOn } from '../asye';
import type { Session } from '../domain';
import { evaluate } from '../evaluate';
import type { Finding } from '../findings';
import { getProfile } from '../profiles';
import { session, smallOrg } from '../test-support';

const ASYE = '2026-04-01';
/** One held in each month April–August, so only the stretch under test is open. */
const EARLIER = ['2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01', '2026-08-03']; // Wed 1 Apr 2026 is day 1; day 42 is Tue 12 May; six months: 1 Oct.

const findings = (
  held: string[],
  profileId: string,
  asOf: string,
  overrides?: unknown,
  extra: Session[] = [],
  asyeStart = ASYE,
): Finding[] =>
  evaluate(
    smallOrg(
      { sessions: [...held.map((d, i) => session(`h${i}`, 'fsw', 'tl', d)), ...extra] },
      { startDate: asyeStart || ASYE, asyeStart },
    ),
    getProfile(profileId, overrides),
    asOf,
  ).findings.filter((f) => f.staffId === 'fsw');
const gaps = (...a: Parameters<typeof findings>) =>
  findings(...a).filter((f) => f.kind === 'supervision-gap');

describe('the interval in force on a day (Fine print: days 1–42, six calendar months on)', () => {
  const rule = getProfile('telford-sf').asye!.value!;
  test.each([
    ['2026-03-31', null],
    ['2026-04-01', 7],
    ['2026-05-12', 7],
    ['2026-05-13', 14],
    ['2026-09-30', 14],
    ['2026-10-01', null],
  ])('%s → %s', (day, days) => {
    expect(asyeIntervalOn(rule, ASYE, day)).toBe(days);
  });
});

describe('"a held one-to-one at least every 7 days for the first 6 weeks"', () => {
  test('held 1 and 8 Apr: 7 days on (15 Apr) is fine; 16 Apr is a gap, escalated, saying ASYE', () => {
    expect(gaps(['2026-04-01', '2026-04-08'], 'telford-sf', '2026-04-15')).toEqual([]);
    expect(gaps(['2026-04-01', '2026-04-08'], 'telford-sf', '2026-04-16')).toEqual([
      expect.objectContaining({
        key: 'supervision-gap|fsw|asye-after-2026-04-08',
        due: '2026-04-15',
        notify: 'tl',
        escalateTo: 'sm',
        severity: 'breach',
        detail: expect.stringMatching(/^ASYE: 8 days since the last held one-to-one on 2026-04-08/),
      }),
    ]);
  });
  test('none held yet: counted from asyeStart (8 Apr fine, 9 Apr a gap); Easter does not stretch it', () => {
    expect(gaps([], 'telford-sf', '2026-04-08')).toEqual([]);
    const f = gaps([], 'telford-sf', '2026-04-09');
    expect(f.map((x) => [x.due, x.detail])).toEqual([
      ['2026-04-08', expect.stringMatching(/ASYE began on 2026-04-01/)],
    ]);
  });
  test('held on day 41 (11 May): the weekly interval is in force on day 42, so due 18 May', () => {
    expect(gaps(['2026-04-01', '2026-05-11'], 'telford-sf', '2026-05-18')).toEqual([]);
    expect(gaps(['2026-04-01', '2026-05-11'], 'telford-sf', '2026-05-19')[0]!.due).toBe(
      '2026-05-18',
    );
  });
});

describe('"at least every 14 days until the 6-month point"', () => {
  test('held on day 42 (12 May): fortnightly is in force on day 43, so due 26 May', () => {
    expect(gaps(['2026-04-01', '2026-05-12'], 'telford-sf', '2026-05-26')).toEqual([]);
    expect(gaps(['2026-04-01', '2026-05-12'], 'telford-sf', '2026-05-27')[0]!.due).toBe(
      '2026-05-26',
    );
  });
  test('held 29 Sep: fortnightly is in force on 30 Sep, so due 13 Oct (past the six-month date)', () => {
    expect(gaps([...EARLIER, '2026-09-29'], 'telford-sf', '2026-10-13')).toEqual([]);
    expect(gaps([...EARLIER, '2026-09-29'], 'telford-sf', '2026-10-14')[0]!.key).toBe(
      'supervision-gap|fsw|asye-after-2026-09-29',
    );
  });
  test("held 30 Sep: the six-month date (1 Oct) is in force, so the profile's own rule applies", () => {
    expect(gaps([...EARLIER, '2026-09-30'], 'telford-sf', '2026-10-30')).toEqual([]);
    // telford-sf is calendar-monthly: October without one is an ordinary gap month.
    expect(gaps([...EARLIER, '2026-09-30'], 'telford-sf', '2026-10-31').map((f) => f.key)).toEqual([
      'supervision-gap|fsw|2026-10',
    ]);
  });
  test('over Christmas 2026 (ASYE from Mon 21 Dec): held 21 Dec is due Mon 28 Dec, bank holidays or not', () => {
    const f = (asOf: string) =>
      gaps(['2026-12-21'], 'islington-eh', asOf, undefined, [], '2026-12-21');
    expect(f('2026-12-28')).toEqual([]);
    expect(f('2026-12-29')[0]!.due).toBe('2026-12-28');
  });
});

describe('in every profile, always escalated, and the same stretch not reported twice', () => {
  test.each(['durham-eh', 'shropshire-teh', 'manchester-cs', 'telford-sf', 'islington-eh'])(
    '%s: one held on 1 Apr, nothing since: as of 31 May only the ASYE gap (no month, no 28 days)',
    (id) => {
      const f = gaps(['2026-04-01'], id, '2026-05-31');
      expect(f.map((x) => [x.key, x.escalateTo, x.severity])).toEqual([
        ['supervision-gap|fsw|asye-after-2026-04-01', 'sm', 'breach'],
      ]);
    },
  );
  test('a whole month missed earlier in the ASYE is still the ordinary rule’s (not lost)', () => {
    // ASYE from 1 Jan 2026; held 5 Jan, none in February, weekly again from 2 March.
    const held = ['2026-01-05', '2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23'];
    const f = gaps(held, 'telford-sf', '2026-03-28', undefined, [], '2026-01-01');
    expect(f.map((x) => x.key)).toEqual(['supervision-gap|fsw|2026-02']);
  });
  test('an organisation can switch the ASYE cadence off', () => {
    expect(gaps(['2026-04-01'], 'telford-sf', '2026-04-30', { asye: null })).toEqual([]);
  });
  test('staff without asyeStart are unaffected', () => {
    expect(gaps(['2026-04-01'], 'telford-sf', '2026-04-30', undefined, [], '')).toEqual([]);
  });
});

describe('next-session-not-booked follows the ASYE interval', () => {
  test('held 8 Apr, nothing booked: due 15 Apr, raised; a booking for 15 Apr stops it', () => {
    const nb = (extra: Session[] = []) =>
      findings(['2026-04-08'], 'telford-sf', '2026-04-09', undefined, extra).filter(
        (f) => f.kind === 'next-session-not-booked',
      );
    expect(nb().map((f) => f.due)).toEqual(['2026-04-15']);
    expect(nb([session('b', 'fsw', 'tl', '2026-04-15', { status: 'scheduled' })])).toEqual([]);
  });
});

describe('staff.asyeStart in the data contract (optional date column)', () => {
  const row = (asyeStart: string) => ({
    id: 'nq',
    name: 'N Q',
    email: 'nq@example.org',
    role: 'practitioner',
    caseHolding: 'yes',
    employment: 'full-time',
    supervisorId: 'tl',
    asyeStart,
  });
  test('read as a date; blank is absent; a bad date blanks the cell only and is reported', () => {
    const ok = parseRows('staff', [row('2026-04-01')], 'staff.csv');
    expect(ok.problems).toEqual([]);
    expect(ok.items[0]!.asyeStart).toBe('2026-04-01');
    expect(parseRows('staff', [row('')], 'staff.csv').items[0]!.asyeStart).toBeUndefined();
    const bad = parseRows('staff', [row('April')], 'staff.csv');
    expect(bad.problems.map((p) => p.column)).toEqual(['asyeStart']);
  });
});
