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
  test.each(['durham-eh', 'telford-sf'])(
    "%s: a missed month is a breach escalated to the supervisor's line manager",
    (id) => {
      const f = gaps(monthly(['2026-04']), id, '2026-06-30');
      expect(f.map((x) => [x.key, x.escalateTo])).toEqual([['supervision-gap|fsw|2026-04', 'sm']]);
    },
  );
  test("escalateTo is the supervisee's own line manager when that is not the supervisor", () => {
    const snap = monthly(['2026-04'], { lineManagerId: 'lm' });
    snap.staff.push(staff('lm', { role: 'team-manager', supervisorId: 'sm' }));
    expect(gaps(snap, 'durham-eh', '2026-06-30')[0]!.escalateTo).toBe('lm');
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
    expect(
      evaluate(snap, getProfile('islington-eh'), '2026-06-30').findings.filter(
        (f) => f.staffId === 'fsw',
      ),
    ).toEqual([]);
  });
  test('staff without a supervisor are not subject to supervision rules', () => {
    const f = evaluate(monthly([]), getProfile('islington-eh'), '2026-06-30').findings;
    expect(f.some((x) => x.staffId === 'sm')).toBe(false);
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
  test('absent days pause the interval, recorded as gap-explained-by-absence', () => {
    const snap = last();
    snap.absences.push({
      staffId: 'fsw',
      from: '2026-03-20',
      to: '2026-03-29',
      reason: 'sickness',
    });
    const f = gaps(snap, 'manchester-cs', '2026-04-05');
    expect(f.map((x) => [x.kind, x.facts?.adjustedDue])).toEqual([
      ['gap-explained-by-absence', '2026-04-08'],
    ]);
    expect(gaps(snap, 'manchester-cs', '2026-04-09').map((x) => [x.kind, x.due])).toEqual([
      ['supervision-gap', '2026-04-08'],
    ]);
  });
  test('003 Family Ambassador SOP: telford volunteers every 6 weeks', () => {
    const snap = last({ role: 'volunteer', caseHolding: false });
    expect(gaps(snap, 'telford-sf', '2026-04-12')).toEqual([]);
    expect(gaps(snap, 'telford-sf', '2026-04-13')).toHaveLength(1);
  });
});

describe('part-time staff (000: 5 a year part-time; 003 §7: frequency may vary for part-time)', () => {
  test('by default monthly applies to part-time staff too (000 "Monthly")', () => {
    expect(
      gaps(monthly(['2026-03'], { employment: 'part-time' }), 'durham-eh', '2026-06-30'),
    ).toHaveLength(1);
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
