import { londonInstant } from '../calendar';
import type { OrgSnapshot, Session, Staff } from '../domain';
import { evaluate } from '../evaluate';
import { getProfile } from '../profiles';
import type { PolicyProfile } from '../profile';
import { smallOrg } from '../test-support';

function group(
  id: string,
  day: string,
  attendees: string[],
  fields: Partial<Session> = {},
  time = '14:00',
) {
  return {
    id,
    superviseeId: '',
    supervisorId: 'tl',
    kind: 'group',
    scheduledStart: londonInstant(day, time),
    status: 'held',
    heldMinutes: 90,
    attendees,
    ...fields,
  } as Session;
}

const org = (sessions: Session[], fsw: Partial<Staff> = {}): OrgSnapshot =>
  // In post from 1 Jan 2026: the months before are nobody's concern here.
  smallOrg({ sessions }, { startDate: '2026-01-01', ...fsw });

const gaps = (snap: OrgSnapshot, profile: string | PolicyProfile, asOf: string) =>
  evaluate(snap, typeof profile === 'string' ? getProfile(profile) : profile, asOf)
    .findings.filter((f) => f.kind === 'group-supervision-gap' && f.staffId === 'fsw')
    .map((f) => f.facts?.month);

/** Attended a group in every month from Jan 2026 up to (not including) `until`. */
function attendedUntil(until: string, who = ['fsw']): Session[] {
  const out: Session[] = [];
  for (let m = 1; `2026-${String(m).padStart(2, '0')}` < until; m++)
    out.push(group(`g${m}`, `2026-${String(m).padStart(2, '0')}-10`, who));
  return out;
}

describe('group-supervision-gap, durham-eh: 000 "Signs of Safety / Wellbeing" (monthly, bi-monthly for part time)', () => {
  test('a completed calendar month with no group attended: raised at the end of its last day, not before', () => {
    const snap = org(attendedUntil('2026-03'));
    expect(gaps(snap, 'durham-eh', '2026-03-30')).toEqual([]);
    expect(gaps(snap, 'durham-eh', '2026-03-31')).toEqual(['2026-03']);
    const f = evaluate(snap, getProfile('durham-eh'), '2026-03-31').findings.find(
      (x) => x.kind === 'group-supervision-gap' && x.staffId === 'fsw',
    )!;
    expect(f).toMatchObject({
      notify: 'tl',
      escalateTo: null,
      due: '2026-03-31',
      severity: 'warning',
      key: 'group-supervision-gap|fsw|2026-03',
    });
    expect(f.source).toContain('000 Signs of Safety / Wellbeing');
  });

  test('attending on the last evening of the month (London time, BST) counts for that month', () => {
    const snap = org([
      ...attendedUntil('2026-03'),
      group('g-late', '2026-03-31', ['fsw'], {}, '23:30'),
    ]);
    expect(gaps(snap, 'durham-eh', '2026-03-31')).toEqual([]);
  });

  test('only held sessions the person is recorded as attending count', () => {
    const snap = org([
      ...attendedUntil('2026-03'),
      group('g-other', '2026-03-12', ['tl-2']),
      group('g-cancelled', '2026-03-13', ['fsw'], { status: 'cancelled' }),
    ]);
    expect(gaps(snap, 'durham-eh', '2026-03-31')).toEqual(['2026-03']);
  });

  test('"everyone in post all month": starting on the 2nd exempts that month, on the 1st does not', () => {
    expect(gaps(org([], { startDate: '2026-03-02' }), 'durham-eh', '2026-03-31')).toEqual([]);
    expect(gaps(org([], { startDate: '2026-03-01' }), 'durham-eh', '2026-03-31')).toEqual([
      '2026-03',
    ]);
  });

  test('part-time: one empty month is allowed, the second consecutive one is a gap', () => {
    const snap = org(attendedUntil('2026-03'), { employment: 'part-time' });
    expect(gaps(snap, 'durham-eh', '2026-03-31')).toEqual([]);
    expect(gaps(snap, 'durham-eh', '2026-04-29')).toEqual([]);
    expect(gaps(snap, 'durham-eh', '2026-04-30')).toEqual(['2026-04']);
  });

  test('a month absent throughout is not a gap month (leave or sickness)', () => {
    const snap = org(attendedUntil('2026-03'));
    snap.absences = [{ staffId: 'fsw', from: '2026-03-01', to: '2026-03-31', reason: 'sickness' }];
    expect(gaps(snap, 'durham-eh', '2026-03-31')).toEqual([]);
    snap.absences = [{ staffId: 'fsw', from: '2026-03-02', to: '2026-03-31', reason: 'sickness' }];
    expect(gaps(snap, 'durham-eh', '2026-03-31')).toEqual(['2026-03']);
  });

  test('never escalated by itself, however long it stands', () => {
    const snap = org(attendedUntil('2026-03'));
    const all = evaluate(snap, getProfile('durham-eh'), '2026-06-15').findings.filter(
      (f) => f.kind === 'group-supervision-gap',
    );
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((f) => f.escalateTo === null)).toBe(true);
  });
});

describe('group-supervision-gap, manchester-cs: 002 §1.1.3, §2.3 (case holders and the ASYE, monthly)', () => {
  test('a case holder is raised; someone holding no cases is not', () => {
    expect(gaps(org(attendedUntil('2026-03')), 'manchester-cs', '2026-03-31')).toEqual(['2026-03']);
    expect(
      gaps(org(attendedUntil('2026-03'), { caseHolding: false }), 'manchester-cs', '2026-03-31'),
    ).toEqual([]);
  });

  test('anyone in their ASYE is raised, from the month their ASYE starts, for the year', () => {
    const asye = (asyeStart: string) =>
      org(attendedUntil('2026-03'), { caseHolding: false, asyeStart } as Partial<Staff>);
    expect(gaps(asye('2026-03-31'), 'manchester-cs', '2026-03-31')).toEqual(['2026-03']);
    expect(gaps(asye('2026-04-01'), 'manchester-cs', '2026-03-31')).toEqual([]);
    // A year on, it has ended: started 1 Mar 2025, so March 2026 is outside it.
    expect(gaps(asye('2025-03-01'), 'manchester-cs', '2026-03-31')).toEqual([]);
    expect(gaps(asye('2025-03-02'), 'manchester-cs', '2026-03-31')).toEqual(['2026-03']);
  });
});

describe('group-supervision-gap in the other profiles: off unless the organisation turns it on', () => {
  test.each(['telford-sf', 'shropshire-teh', 'islington-eh'])('%s: off by default', (id) => {
    expect(gaps(org(attendedUntil('2026-03')), id, '2026-03-31')).toEqual([]);
  });

  test('an override turns it on (monthly, everyone) and names itself in the source', () => {
    const p = getProfile('telford-sf', { groupSupervision: {} });
    expect(gaps(org(attendedUntil('2026-03')), p, '2026-03-31')).toEqual(['2026-03']);
    const f = evaluate(org(attendedUntil('2026-03')), p, '2026-03-31').findings.find(
      (x) => x.kind === 'group-supervision-gap',
    )!;
    expect(f.source).toContain('overridden by the organisation');
    // And off again in durham.
    expect(
      gaps(
        org(attendedUntil('2026-03')),
        getProfile('durham-eh', { groupSupervision: null }),
        '2026-03-31',
      ),
    ).toEqual([]);
  });

  test('nonsense overrides are refused at start-up, naming the key', () => {
    expect(() => getProfile('durham-eh', { groupSupervision: { fullTimeMonths: 0 } })).toThrow(
      /groupSupervision\.fullTimeMonths/,
    );
    expect(() => getProfile('durham-eh', { groupSupervision: { who: 'nobody' } })).toThrow(
      /groupSupervision\.who/,
    );
  });
});
