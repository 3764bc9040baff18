import { evaluate } from '../evaluate';
import type { FindingKind } from '../findings';
import { getProfile } from '../profiles';
import { session, smallOrg } from '../test-support';
import type { Session, Staff } from '../domain';

const find = (
  sessions: Session[],
  profileId: string,
  asOf: string,
  kind: FindingKind,
  fsw: Partial<Staff> = {},
) =>
  evaluate(
    smallOrg({ sessions }, { startDate: '2020-01-01', ...fsw }),
    getProfile(profileId),
    asOf,
  ).findings.filter((f) => f.kind === kind && f.staffId === 'fsw');

/** Held one-to-ones on the 10th of each listed month. */
const heldIn = (months: string[]) =>
  months.map((m) =>
    session(`s-${m}`, 'fsw', 'tl', `${m}-10`, { recordCompletedAt: `${m}-10T15:00:00.000Z` }),
  );

describe('annual-minimum-at-risk (000: 9 full-time / 5 part-time; 001 Frequency: 10; year 1 April)', () => {
  // Supervision year 2026-27. Held Apr, May; none Jun-Sep. As of 30 Sep: remaining months Oct-Mar = 6.
  const sessions = heldIn(['2026-04', '2026-05']);
  test('000: durham full-time: 2 held + 6 possible = 8 < 9 is a breach, escalated at once', () => {
    const f = find(sessions, 'durham-eh', '2026-09-30', 'annual-minimum-at-risk');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      key: 'annual-minimum-at-risk|fsw|2026-27',
      due: '2027-03-31',
      escalateTo: 'sm',
      facts: { held: 2, possible: 8, required: 9, year: '2026-27' },
    });
  });
  test('000: the current month counts while none is held in it and it is not over', () => {
    // 29 Sep: Sep still possible → 2 + 7 = 9: not at risk.
    expect(find(sessions, 'durham-eh', '2026-09-29', 'annual-minimum-at-risk')).toEqual([]);
  });
  test('000: durham part-time minimum is 5', () => {
    expect(
      find(sessions, 'durham-eh', '2026-09-30', 'annual-minimum-at-risk', {
        employment: 'part-time',
      }),
    ).toEqual([]);
    const late = find([], 'durham-eh', '2027-01-31', 'annual-minimum-at-risk', {
      employment: 'part-time',
    });
    expect(late[0]!.facts).toMatchObject({ held: 0, possible: 2, required: 5 });
  });
  test('001 Frequency: shropshire 10 a year: held 3 by 31 Oct, 5 left → at risk', () => {
    const f = find(
      heldIn(['2026-04', '2026-06', '2026-08']),
      'shropshire-teh',
      '2026-10-31',
      'annual-minimum-at-risk',
    );
    expect(f[0]!.facts).toMatchObject({ held: 3, possible: 8, required: 10 });
  });
  test('a held session in the current month means it no longer counts as remaining', () => {
    const s = heldIn(['2026-04', '2026-05', '2026-09']);
    // 15 Sep, Sep held: 3 + Oct..Mar 6 = 9 → fine for durham.
    expect(find(s, 'durham-eh', '2026-09-15', 'annual-minimum-at-risk')).toEqual([]);
  });
  test('a new starter part-way through the year: the minimum is pro-rated to months in post', () => {
    // Started 1 Oct: 6 months in post → ceil(9 × 6/12) = 5.
    const f = find(
      heldIn(['2026-10', '2026-11', '2026-12', '2027-01']),
      'durham-eh',
      '2027-01-31',
      'annual-minimum-at-risk',
      { startDate: '2026-10-01' },
    );
    expect(f).toEqual([]);
    const g = find([], 'durham-eh', '2027-01-31', 'annual-minimum-at-risk', {
      startDate: '2026-10-01',
    });
    expect(g[0]!.facts).toMatchObject({ required: 5, possible: 2 });
  });
  test.each(['manchester-cs', 'telford-sf', 'islington-eh'])('%s has no yearly minimum', (id) => {
    expect(find([], id, '2027-03-01', 'annual-minimum-at-risk')).toEqual([]);
  });
});

const obs = (id: string, day: string, supervisorId = 'tl'): Session =>
  session(id, 'fsw', supervisorId, day, { kind: 'observation' });

describe('observation-due (000 Direct Observations; 002 §3.1/§3.6; 003 §5)', () => {
  test('raised only once the year has under 2 months left (from 1 Feb)', () => {
    expect(find([], 'durham-eh', '2027-01-31', 'observation-due')).toEqual([]);
    const f = find([], 'durham-eh', '2027-02-01', 'observation-due');
    expect(f[0]).toMatchObject({
      key: 'observation-due|fsw|2026-27',
      due: '2027-03-31',
      source: '000 Direct Observations',
    });
  });
  test('000 / 003: one observation in the year is enough', () => {
    expect(
      find([obs('o1', '2026-06-01', 'x')], 'durham-eh', '2027-02-01', 'observation-due'),
    ).toEqual([]);
    expect(
      find([obs('o1', '2026-06-01', 'x')], 'telford-sf', '2027-02-01', 'observation-due'),
    ).toEqual([]);
    expect(find([], 'telford-sf', '2027-02-01', 'observation-due')).toHaveLength(1);
  });
  test('002 §3.6: manchester needs two, one of them by the supervisor', () => {
    expect(
      find(
        [obs('o1', '2026-06-01', 'x'), obs('o2', '2026-07-01', 'y')],
        'manchester-cs',
        '2027-02-01',
        'observation-due',
      )[0]!.facts,
    ).toMatchObject({
      held: 2,
      bySupervisor: 0,
    });
    expect(
      find(
        [obs('o1', '2026-06-01', 'tl'), obs('o2', '2026-07-01', 'y')],
        'manchester-cs',
        '2027-02-01',
        'observation-due',
      ),
    ).toEqual([]);
    expect(
      find([obs('o1', '2026-06-01', 'tl')], 'manchester-cs', '2027-02-01', 'observation-due'),
    ).toHaveLength(1);
  });
  test('observations in the previous year do not count', () => {
    expect(
      find([obs('o1', '2026-03-20')], 'durham-eh', '2027-02-01', 'observation-due'),
    ).toHaveLength(1);
  });
  test('non-case-holders are not observed (case holders only)', () => {
    expect(
      find([], 'manchester-cs', '2027-02-01', 'observation-due', { caseHolding: false }),
    ).toEqual([]);
  });
  test.each(['shropshire-teh', 'islington-eh'])('%s asks no observations', (id) => {
    expect(find([], id, '2027-02-01', 'observation-due')).toEqual([]);
  });
});
