import { evaluate } from '../evaluate';
import { getProfile } from '../profiles';
import { session, smallOrg, staff } from '../test-support';
import type { Absence, OrgSnapshot } from '../domain';

const gaps = (
  snap: OrgSnapshot,
  profileId: string,
  asOf: string,
  who = 'fsw',
  overrides?: unknown,
) =>
  evaluate(snap, getProfile(profileId, overrides), asOf).findings.filter(
    (f) =>
      f.staffId === who && (f.kind === 'supervision-gap' || f.kind === 'gap-explained-by-absence'),
  );

/** fsw held monthly from Jan 2026, except the listed months. */
function monthly(except: string[], fsw = {}, absences: Absence[] = []): OrgSnapshot {
  const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
  const sessions = months
    .filter((m) => !except.includes(m))
    .map((m) =>
      session(`s-${m}`, 'fsw', 'tl', `${m}-10`, { recordCompletedAt: `${m}-10T15:00:00.000Z` }),
    );
  return smallOrg({ sessions, absences }, { startDate: '2026-01-01', ...fsw });
}

describe('001 Frequency: shropshire-teh tolerates one missed month, not two', () => {
  test('one month without a one-to-one is tolerated', () => {
    expect(gaps(monthly(['2026-03']), 'shropshire-teh', '2026-06-30')).toEqual([]);
  });
  test('two consecutive months is a breach, always escalated, due at the end of the second', () => {
    const f = gaps(monthly(['2026-02', '2026-03']), 'shropshire-teh', '2026-04-01');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      kind: 'supervision-gap',
      key: 'supervision-gap|fsw|2026-03',
      due: '2026-03-31',
      notify: 'tl',
      escalateTo: 'sm',
      detail: 'no one-to-one held in 2026-02 and 2026-03',
      source: '001 Frequency',
      severity: 'breach',
    });
  });
  test('the second month is not complete until the end of its last day', () => {
    expect(
      gaps(
        monthly(['2026-02', '2026-03', '2026-04', '2026-05', '2026-06']),
        'shropshire-teh',
        '2026-03-30',
      ),
    ).toEqual([]);
    expect(
      gaps(
        monthly(['2026-02', '2026-03', '2026-04', '2026-05', '2026-06']),
        'shropshire-teh',
        '2026-03-31',
      ),
    ).toHaveLength(1);
  });
  test('two separate single missed months are both tolerated', () => {
    expect(gaps(monthly(['2026-02', '2026-04']), 'shropshire-teh', '2026-06-30')).toEqual([]);
  });
  test('an override can make Shropshire strict', () => {
    const strict = {
      frequency: [{ match: {}, rule: { type: 'calendar-month', toleratedMissedMonths: 0 } }],
    };
    expect(gaps(monthly(['2026-03']), 'shropshire-teh', '2026-06-30', 'fsw', strict)).toHaveLength(
      1,
    );
  });
});

describe('004 Frequency: islington-eh breaches any calendar month without a one-to-one', () => {
  test('a single missed month is a breach', () => {
    const f = gaps(monthly(['2026-03']), 'islington-eh', '2026-06-30');
    expect(f.map((x) => x.key)).toEqual(['supervision-gap|fsw|2026-03']);
    expect(f[0]!.source).toBe('004 Frequency');
  });
  test('a session at 23:30 London on 31 May (BST, 22:30 UTC) counts for May', () => {
    const snap = monthly(['2026-05']);
    snap.sessions.push(session('late', 'fsw', 'tl', '2026-05-31', { time: '23:30' }));
    expect(snap.sessions.find((s) => s.id === 'late')!.scheduledStart).toBe(
      '2026-05-31T22:30:00.000Z',
    );
    expect(gaps(snap, 'islington-eh', '2026-06-30')).toEqual([]);
  });
  test('a session at 00:30 London on 1 June (BST, 23:30 UTC on 31 May) does not count for May', () => {
    const snap = monthly(['2026-05']);
    snap.sessions.push(session('early', 'fsw', 'tl', '2026-06-01', { time: '00:30' }));
    expect(gaps(snap, 'islington-eh', '2026-06-30').map((f) => f.key)).toEqual([
      'supervision-gap|fsw|2026-05',
    ]);
  });
  test('004 Frequency: absent all month (sickness) is not a gap; recorded as gap-explained-by-absence', () => {
    const snap = monthly(['2026-03'], {}, [
      { staffId: 'fsw', from: '2026-02-20', to: '2026-03-15', reason: 'sickness' },
      { staffId: 'fsw', from: '2026-03-16', to: '2026-04-02', reason: 'annual-leave' },
    ]);
    const f = gaps(snap, 'islington-eh', '2026-06-30');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      kind: 'gap-explained-by-absence',
      severity: 'info',
      key: 'gap-explained-by-absence|fsw|2026-03',
    });
  });
  test("the absence finding cites the profile's own frequency rule, not Islington's", () => {
    const snap = monthly(['2026-03'], {}, [
      { staffId: 'fsw', from: '2026-03-01', to: '2026-03-31', reason: 'sickness' },
    ]);
    expect(gaps(snap, 'telford-sf', '2026-06-30').map((f) => [f.kind, f.source])).toEqual([
      ['gap-explained-by-absence', '003 §6, §7 (at least monthly)'],
    ]);
  });
  test('absence for part of the month does not explain a gap', () => {
    const snap = monthly(['2026-03'], {}, [
      { staffId: 'fsw', from: '2026-03-02', to: '2026-03-20', reason: 'sickness' },
    ]);
    expect(gaps(snap, 'islington-eh', '2026-06-30').map((f) => f.kind)).toEqual([
      'supervision-gap',
    ]);
  });
});

describe('000 / 003: durham-eh and telford-sf monthly', () => {
  // Changed by CONTRACT "Durham frequency": durham-eh's missed month used to be an escalated
  // breach; it is now a warning to the supervisor (the yearly minimum is the floor).
  test("003 §6 at least monthly: telford-sf's missed month is a breach escalated to the supervisor's line manager", () => {
    const f = gaps(monthly(['2026-04']), 'telford-sf', '2026-06-30');
    expect(f.map((x) => [x.key, x.escalateTo, x.severity])).toEqual([
      ['supervision-gap|fsw|2026-04', 'sm', 'breach'],
    ]);
  });
  test('000 "Monthly (minimum of 9 per year full time)": durham-eh\'s missed month is a warning to the supervisor, not escalated', () => {
    const f = gaps(monthly(['2026-04']), 'durham-eh', '2026-06-30');
    expect(f.map((x) => [x.key, x.notify, x.escalateTo, x.severity])).toEqual([
      ['supervision-gap|fsw|2026-04', 'tl', null, 'warning'],
    ]);
  });
  test("escalateTo is the supervisee's own line manager when that is not the supervisor", () => {
    const snap = monthly(['2026-04'], { lineManagerId: 'lm' });
    snap.staff.push(staff('lm', { role: 'team-manager', supervisorId: 'sm' }));
    expect(gaps(snap, 'telford-sf', '2026-06-30')[0]!.escalateTo).toBe('lm');
  });
});

describe('staff in post (CONTRACT: "with the supervisee in post all month")', () => {
  test('a new starter mid-month: that month does not count', () => {
    const snap = smallOrg(
      { sessions: [session('s1', 'fsw', 'tl', '2026-04-10')] },
      { startDate: '2026-03-16' },
    );
    expect(gaps(snap, 'islington-eh', '2026-04-30')).toEqual([]);
  });
  test('a new starter on the 1st: that month counts', () => {
    const snap = smallOrg(
      { sessions: [session('s1', 'fsw', 'tl', '2026-04-10')] },
      { startDate: '2026-03-01' },
    );
    expect(gaps(snap, 'islington-eh', '2026-04-30').map((f) => f.key)).toEqual([
      'supervision-gap|fsw|2026-03',
    ]);
  });
  test('a leaver stops generating findings after their last day', () => {
    const snap = monthly(['2026-04', '2026-05', '2026-06'], { leftDate: '2026-05-15' });
    expect(gaps(snap, 'islington-eh', '2026-04-30').map((f) => f.key)).toEqual([
      'supervision-gap|fsw|2026-04',
    ]);
    // Only their unfinished paperwork from before they left is still reported (see records).
    expect(
      evaluate(snap, getProfile('islington-eh'), '2026-06-30').findings.filter(
        (f) => f.staffId === 'fsw' && f.kind !== 'record-overdue' && f.kind !== 'signature-overdue',
      ),
    ).toEqual([]);
  });
  test('staff without a supervisor are not subject to supervision rules (only no-supervisor)', () => {
    const f = evaluate(monthly([]), getProfile('islington-eh'), '2026-06-30').findings;
    // CONTRACT "Nobody supervising": they are reported as no-supervisor, and only that.
    expect(f.filter((x) => x.staffId === 'sm').map((x) => x.kind)).toEqual(['no-supervisor']);
  });
});

describe('002 §2.1: manchester-cs intervals, 28 days vs 84 for business support', () => {
  const last = (fsw = {}) =>
    smallOrg(
      { sessions: [session('s1', 'fsw', 'tl', '2026-03-01')] },
      { startDate: '2025-01-01', ...fsw },
    );
  test('28 days after the last one-to-one is still fine; 29 is a gap', () => {
    expect(gaps(last(), 'manchester-cs', '2026-03-29')).toEqual([]);
    const f = gaps(last(), 'manchester-cs', '2026-03-30');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      due: '2026-03-29',
      escalateTo: 'sm',
      source: '002 §2.1 (four weekly, case holders)',
      key: 'supervision-gap|fsw|after-2026-03-01',
    });
  });
  test('business support: 84 days is fine, 85 is a gap', () => {
    const bs = { role: 'business-support' as const, caseHolding: false };
    expect(gaps(last(bs), 'manchester-cs', '2026-05-24')).toEqual([]);
    expect(gaps(last(bs), 'manchester-cs', '2026-05-25').map((f) => f.due)).toEqual(['2026-05-24']);
  });
  test('a new starter with no one-to-one yet: counted from the start date', () => {
    const snap = smallOrg({}, { startDate: '2026-03-02' });
    expect(gaps(snap, 'manchester-cs', '2026-03-30')).toEqual([]);
    expect(gaps(snap, 'manchester-cs', '2026-03-31').map((f) => f.due)).toEqual(['2026-03-30']);
  });
  test('an absence of 28 days or more pauses the interval, recorded as gap-explained-by-absence', () => {
    const snap = last();
    // Sickness then leave, end to end: one 28-day absence (20 Mar to 16 Apr).
    snap.absences.push(
      { staffId: 'fsw', from: '2026-03-20', to: '2026-04-02', reason: 'sickness' },
      { staffId: 'fsw', from: '2026-04-03', to: '2026-04-16', reason: 'annual-leave' },
    );
    // 18 days counted (2 to 19 Mar), 28 paused, 10 more (17 to 26 Apr).
    const f = gaps(snap, 'manchester-cs', '2026-04-26');
    expect(f.map((x) => [x.kind, x.due, x.facts?.adjustedDue, x.source])).toEqual([
      [
        'gap-explained-by-absence',
        '2026-03-29',
        '2026-04-26',
        '002 §2.1 (four weekly, case holders)',
      ],
    ]);
    expect(gaps(snap, 'manchester-cs', '2026-04-27').map((x) => [x.kind, x.due])).toEqual([
      ['supervision-gap', '2026-04-26'],
    ]);
  });
  test('a short absence does not pause the interval: one day of leave, still due after 28 days', () => {
    const snap = last();
    snap.absences.push({
      staffId: 'fsw',
      from: '2026-03-13',
      to: '2026-03-13',
      reason: 'annual-leave',
    });
    expect(gaps(snap, 'manchester-cs', '2026-03-30').map((x) => [x.kind, x.due])).toEqual([
      ['supervision-gap', '2026-03-29'],
    ]);
    // Nor does a 27-day absence (the default minimum is 28 consecutive days).
    snap.absences.push({
      staffId: 'fsw',
      from: '2026-03-14',
      to: '2026-04-08',
      reason: 'sickness',
    });
    expect(gaps(snap, 'manchester-cs', '2026-03-30').map((x) => [x.kind, x.due])).toEqual([
      ['supervision-gap', '2026-03-29'],
    ]);
  });
  test('sickness entered a working week at a time is one absence (weekends join it up)', () => {
    const snap = last();
    // Mon 9 Mar to Fri 10 Apr, five weeks; Good Friday 3 Apr and Easter Monday 6 Apr between.
    for (const [from, to] of [
      ['2026-03-09', '2026-03-13'],
      ['2026-03-16', '2026-03-20'],
      ['2026-03-23', '2026-03-27'],
      ['2026-03-30', '2026-04-02'],
      ['2026-04-07', '2026-04-10'],
    ] as const)
      snap.absences.push({ staffId: 'fsw', from, to, reason: 'sickness' });
    // 7 days counted (2 to 8 Mar), 33 paused, 21 more (11 Apr to 1 May).
    expect(
      gaps(snap, 'manchester-cs', '2026-04-12').map((x) => [x.kind, x.facts?.adjustedDue]),
    ).toEqual([['gap-explained-by-absence', '2026-05-01']]);
  });
  test('the minimum pausing absence is a setting (absencePauseMinDays)', () => {
    const snap = last();
    snap.absences.push({
      staffId: 'fsw',
      from: '2026-03-20',
      to: '2026-03-29',
      reason: 'sickness',
    });
    const tuned = { interpretations: { absencePauseMinDays: 10 } };
    expect(
      gaps(snap, 'manchester-cs', '2026-04-05', 'fsw', tuned).map((x) => [
        x.kind,
        x.facts?.adjustedDue,
      ]),
    ).toEqual([['gap-explained-by-absence', '2026-04-08']]);
    expect(gaps(snap, 'manchester-cs', '2026-04-05').map((x) => x.kind)).toEqual([
      'supervision-gap',
    ]);
  });
  test('no start date and never supervised: due is fixed, not moved on each day', () => {
    // Records begin with tl's one-to-one on 1 March: fsw was due 28 days after that.
    const snap = smallOrg({ sessions: [session('s1', 'tl', 'sm', '2026-03-01')] });
    expect(gaps(snap, 'manchester-cs', '2026-03-29')).toEqual([]);
    for (const asOf of ['2026-03-30', '2026-04-15', '2026-11-24'])
      expect(gaps(snap, 'manchester-cs', asOf).map((x) => [x.key, x.due])).toEqual([
        ['supervision-gap|fsw|no-baseline', '2026-03-29'],
      ]);
  });
  test('003 Family Ambassador SOP: telford volunteers every 6 weeks', () => {
    const snap = last({ role: 'volunteer', caseHolding: false });
    expect(gaps(snap, 'telford-sf', '2026-04-12')).toEqual([]);
    expect(gaps(snap, 'telford-sf', '2026-04-13')).toHaveLength(1);
  });
});

describe('part-time staff (000: 5 a year part-time; 003 §7: frequency may vary for part-time)', () => {
  // Changed by CONTRACT "Durham frequency": part-time staff were held to monthly; they are now
  // due one every two calendar months.
  test('000 "5 per year part time": durham-eh part-time staff are due one every two calendar months', () => {
    const pt = { employment: 'part-time' as const };
    // One empty month (March) is no gap.
    expect(gaps(monthly(['2026-03'], pt), 'durham-eh', '2026-06-30')).toEqual([]);
    // Two consecutive (March, April): a warning as of the end of 30 April, not escalated.
    expect(gaps(monthly(['2026-03', '2026-04'], pt), 'durham-eh', '2026-04-29')).toEqual([]);
    const f = gaps(monthly(['2026-03', '2026-04'], pt), 'durham-eh', '2026-04-30');
    expect(f.map((x) => [x.key, x.due, x.escalateTo, x.severity])).toEqual([
      ['supervision-gap|fsw|2026-04', '2026-04-30', null, 'warning'],
    ]);
  });
  test('an organisation can make a durham-eh gap escalate again (a profile value)', () => {
    const frequency = [
      { match: {}, rule: { type: 'calendar-month', toleratedMissedMonths: 0, escalate: true } },
    ];
    const f = gaps(monthly(['2026-04']), 'durham-eh', '2026-06-30', 'fsw', { frequency });
    expect(f.map((x) => [x.escalateTo, x.severity])).toEqual([['sm', 'breach']]);
  });
  test('an organisation can give part-time staff their own rule (e.g. every 8 weeks)', () => {
    const frequency = [
      { match: { employment: 'part-time' }, rule: { type: 'interval', days: 56 } },
      { match: {}, rule: { type: 'calendar-month', toleratedMissedMonths: 0 } },
    ];
    const snap = monthly(['2026-03'], { employment: 'part-time' });
    expect(gaps(snap, 'durham-eh', '2026-06-30', 'fsw', { frequency })).toEqual([]);
    const full = monthly(['2026-03']);
    expect(gaps(full, 'durham-eh', '2026-06-30', 'fsw', { frequency })).toHaveLength(1);
  });
});
