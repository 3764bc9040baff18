/**
 * CONTRACT "Readings settled": observations (case holders, three profiles), pro-rating by whole
 * calendar months in post, telford-sf volunteers, Durham's floor, escalation timing.
 */
import type { Session, Staff } from '../domain';
import { evaluate } from '../evaluate';
import type { Finding, FindingKind } from '../findings';
import { getProfile } from '../profiles';
import { emptySnapshot } from '../domain';
import { session, smallOrg, staff } from '../test-support';

const find = (
  sessions: Session[],
  profileId: string,
  asOf: string,
  kind: FindingKind,
  fsw: Partial<Staff> = {},
  extra: Partial<Parameters<typeof smallOrg>[0]> = {},
): Finding[] =>
  evaluate(
    smallOrg({ sessions, ...extra }, { startDate: '2020-01-01', ...fsw }),
    getProfile(profileId),
    asOf,
  ).findings.filter((f) => f.kind === kind && f.staffId === 'fsw');

describe('"Part of a year in post": whole calendar months in post within the year, rounded up', () => {
  // Supervision year 2026-27 (1 Apr–31 Mar). As of Fri 15 Jan 2027 nothing held: 3 months left.
  test('000 "minimum of 9 per year full time": in post from 1 Oct (6 whole months) → ceil(4.5) = 5', () => {
    const f = find([], 'durham-eh', '2027-01-15', 'annual-minimum-at-risk', {
      startDate: '2026-10-01',
    });
    expect(f[0]!.facts).toMatchObject({ required: 5, possible: 3 });
  });
  test('from 2 Oct, October does not count (5 whole months) → ceil(3.75) = 4', () => {
    const f = find([], 'durham-eh', '2027-01-15', 'annual-minimum-at-risk', {
      startDate: '2026-10-02',
    });
    expect(f[0]!.facts).toMatchObject({ required: 4, possible: 3 });
  });
  test('000 "5 per year part time": from 1 Oct → ceil(2.5) = 3; 3 still possible, so not at risk', () => {
    expect(
      find([], 'durham-eh', '2027-01-15', 'annual-minimum-at-risk', {
        startDate: '2026-10-01',
        employment: 'part-time',
      }),
    ).toEqual([]);
  });
  test("000: annual-minimum-at-risk is Durham's breach that escalates", () => {
    const f = find([], 'durham-eh', '2027-01-15', 'annual-minimum-at-risk');
    expect(f[0]).toMatchObject({ severity: 'breach', escalateTo: 'sm', notify: 'tl' });
  });
  test('002 §3.6 two observations: in post from 1 Sep (7 months) → 2; from 2 Sep (6) → 1', () => {
    const one = [
      {
        ...session('o', 'fsw', 'tl', '2026-11-10'),
        kind: 'observation' as const,
      },
    ];
    expect(
      find(one, 'manchester-cs', '2027-02-01', 'observation-due', { startDate: '2026-09-01' }),
    ).toHaveLength(1);
    expect(
      find(one, 'manchester-cs', '2027-02-01', 'observation-due', { startDate: '2026-09-02' }),
    ).toEqual([]);
  });
});

describe('"Observations apply to case-holding staff in durham-eh, telford-sf and manchester-cs"', () => {
  test.each(['durham-eh', 'telford-sf', 'manchester-cs'])(
    '%s: a case holder with none by 1 Feb 2027 is due; a non-case-holder is not',
    (id) => {
      expect(find([], id, '2027-01-31', 'observation-due')).toEqual([]);
      expect(find([], id, '2027-02-01', 'observation-due')).toHaveLength(1);
      expect(find([], id, '2027-02-01', 'observation-due', { caseHolding: false })).toEqual([]);
    },
  );
  test.each(['shropshire-teh', 'islington-eh'])('%s asks for none', (id) => {
    expect(find([], id, '2027-03-31', 'observation-due')).toEqual([]);
  });
});

describe('003 Family Ambassador SOP "6 weekly": telford-sf volunteers on a 42-day interval', () => {
  const held = [session('s', 'fsw', 'tl', '2026-04-02')]; // Thu 2 Apr 2026
  const vol = { role: 'volunteer' as const, caseHolding: false };
  test('held Thu 2 Apr: 42 days on (14 May) is fine; 15 May is a gap, escalated', () => {
    expect(find(held, 'telford-sf', '2026-05-14', 'supervision-gap', vol)).toEqual([]);
    expect(find(held, 'telford-sf', '2026-05-15', 'supervision-gap', vol)[0]).toMatchObject({
      due: '2026-05-14',
      escalateTo: 'sm',
      source: '003 Family Ambassador SOP (6 weekly)',
    });
  });
  test('no empty calendar month counts against a volunteer (May is empty, 30 days on is fine)', () => {
    const x = [session('s', 'fsw', 'tl', '2026-04-30')];
    expect(find(x, 'telford-sf', '2026-06-01', 'supervision-gap', vol)).toEqual([]);
  });
  test('everyone else in telford-sf is calendar-monthly: an empty May is a gap as of 31 May', () => {
    const x = [session('s', 'fsw', 'tl', '2026-04-30')];
    const f = find(x, 'telford-sf', '2026-05-31', 'supervision-gap', { startDate: '2026-04-01' });
    expect(f.map((y) => y.key)).toEqual(['supervision-gap|fsw|2026-05']);
  });
});

describe('"Escalation timing": 3 working days after due, from the day after (Easter 2026)', () => {
  // manchester-cs requires an agreement by the pair's first one-to-one: Thu 2 Apr 2026.
  const first = [session('s', 'fsw', 'tl', '2026-04-02')];
  test('agreement-missing due Thu 2 Apr: not escalated on Thu 9 Apr, escalated on Fri 10 Apr', () => {
    expect(find(first, 'manchester-cs', '2026-04-09', 'agreement-missing')[0]).toMatchObject({
      due: '2026-04-02',
      escalateTo: null,
    });
    expect(find(first, 'manchester-cs', '2026-04-10', 'agreement-missing')[0]!.escalateTo).toBe(
      'sm',
    );
  });
});

describe("CONTRACT's own example (Findings): shropshire-teh, fsw-3, as of 2026-04-01", () => {
  test('two empty months (February, March 2026) give exactly the example finding', () => {
    const snap = {
      ...emptySnapshot(),
      staff: [
        staff('sm-1', { role: 'service-manager', caseHolding: false }),
        staff('tl-1', { role: 'team-leader', supervisorId: 'sm-1', caseHolding: false }),
        staff('fsw-3', { supervisorId: 'tl-1', startDate: '2026-01-01' }),
      ],
      sessions: [
        session('jan', 'fsw-3', 'tl-1', '2026-01-12', {
          recordCompletedAt: '2026-01-12T15:00:00.000Z',
          supervisorSignedAt: '2026-01-12T15:00:00.000Z',
          superviseeSignedAt: '2026-01-12T15:00:00.000Z',
        }),
      ],
      agreements: [{ superviseeId: 'fsw-3', supervisorId: 'tl-1', signedAt: '2025-06-01' }],
    };
    const gap = evaluate(snap, getProfile('shropshire-teh'), '2026-04-01').findings.filter(
      (f) => f.kind === 'supervision-gap' && f.staffId === 'fsw-3',
    );
    expect(gap).toEqual([
      expect.objectContaining({
        kind: 'supervision-gap',
        staffId: 'fsw-3',
        sessionId: null,
        notify: 'tl-1',
        escalateTo: 'sm-1',
        due: '2026-03-31',
        detail: 'no one-to-one held in 2026-02 and 2026-03',
        source: '001 Frequency',
      }),
    ]);
  });
});
