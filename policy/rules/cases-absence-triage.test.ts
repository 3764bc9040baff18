import { evaluate } from '../evaluate';
import type { FindingKind } from '../findings';
import { getProfile } from '../profiles';
import { session, smallOrg, staff } from '../test-support';
import { emptySnapshot, type CaseRecord, type OrgSnapshot, type RotaDay } from '../domain';
import { defaultCalendar } from '../calendar';

const kind = (snap: OrgSnapshot, profileId: string, asOf: string, k: FindingKind) =>
  evaluate(snap, getProfile(profileId), asOf).findings.filter((f) => f.kind === k);

const kase = (
  caseId: string,
  category: string,
  openedAt: string,
  lastDiscussedAt?: string,
): CaseRecord => ({
  caseId,
  workerId: 'fsw',
  category,
  openedAt,
  ...(lastDiscussedAt ? { lastDiscussedAt } : {}),
});

describe('case-discussion-due (POLICIES §6)', () => {
  const org = (cases: CaseRecord[]) => smallOrg({ cases }, { startDate: '2020-01-01' });
  test('000 Frequency: durham high priority monthly (31 days), medium every 8 weeks', () => {
    const snap = org([
      kase('C-1', 'high', '2026-01-01', '2026-10-20'),
      kase('C-2', 'medium', '2026-01-01', '2026-10-20'),
    ]);
    const f = kind(snap, 'durham-eh', '2026-11-21', 'case-discussion-due');
    expect(f.map((x) => [x.facts?.caseId, x.due])).toEqual([['C-1', '2026-11-20']]);
    expect(f[0]!.detail).toContain('C-1');
    expect(
      kind(snap, 'durham-eh', '2026-12-16', 'case-discussion-due').map((x) => x.facts?.caseId),
    ).toEqual(['C-1', 'C-2']);
  });
  // CONTRACT "every 2 calendar months": last discussed 20 Sep → due 20 Nov, raised from 21 Nov
  // (it was 62 days, raised from 22 Nov, before the contract settled the unit).
  test('001 Frequency: shropshire every case every two months', () => {
    const snap = org([kase('C-1', 'low', '2026-01-01', '2026-09-20')]);
    expect(kind(snap, 'shropshire-teh', '2026-11-20', 'case-discussion-due')).toEqual([]);
    expect(kind(snap, 'shropshire-teh', '2026-11-21', 'case-discussion-due')).toHaveLength(1);
  });
  test('002 §3.1: manchester single-agency first within 4 weeks of allocation, then every 8 weeks', () => {
    const snap = org([kase('C-1', 'low', '2026-10-20'), kase('C-2', 'cin', '2026-10-20')]);
    expect(kind(snap, 'manchester-cs', '2026-11-17', 'case-discussion-due')).toEqual([]);
    expect(
      kind(snap, 'manchester-cs', '2026-11-18', 'case-discussion-due').map((x) => x.facts?.caseId),
    ).toEqual(['C-1']);
  });
  test('003 §6: telford CP monthly, others three-monthly', () => {
    const snap = org([
      kase('C-1', 'cp', '2026-01-01', '2026-10-01'),
      kase('C-2', 'medium', '2026-01-01', '2026-10-01'),
    ]);
    expect(
      kind(snap, 'telford-sf', '2026-11-24', 'case-discussion-due').map((x) => x.facts?.caseId),
    ).toEqual(['C-1']);
  });
  // CONTRACT: "every open case at every held one-to-one" (not a rolling 31 days).
  test('004 Frequency: islington every open case each month; closed cases are ignored', () => {
    const snap = org([
      kase('C-1', 'low', '2026-01-01', '2026-10-01'),
      { ...kase('C-2', 'low', '2026-01-01', '2026-09-01'), closedAt: '2026-10-01' },
    ]);
    snap.sessions = [session('s-nov', 'fsw', 'tl', '2026-11-10')];
    expect(
      kind(snap, 'islington-eh', '2026-11-24', 'case-discussion-due').map((x) => x.facts?.caseId),
    ).toEqual(['C-1']);
  });
});

describe('supervisor-absent (001 Frequency: supervisor absent more than one month)', () => {
  const org = (from: string, to: string) =>
    smallOrg(
      { absences: [{ staffId: 'tl', from, to, reason: 'sickness' }] },
      { startDate: '2020-01-01' },
    );
  test("an absence longer than a month: the supervisor's line manager arranges cover", () => {
    const f = kind(
      org('2026-11-02', '2026-12-18'),
      'shropshire-teh',
      '2026-11-24',
      'supervisor-absent',
    );
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      staffId: 'tl',
      notify: 'sm',
      key: 'supervisor-absent|tl|2026-11-02',
      facts: { supervisees: 1 },
    });
  });
  test("meanwhile the supervisees' findings go to that line manager, not to the absent supervisor", () => {
    // fsw has had no one-to-one in September or October: Shropshire's second month is a breach.
    const all = (from: string, to: string) =>
      evaluate(org(from, to), getProfile('shropshire-teh'), '2026-11-24').findings.filter(
        (f) => f.staffId === 'fsw' && f.kind === 'supervision-gap',
      );
    const [gap] = all('2026-11-02', '2026-12-18');
    expect(gap).toMatchObject({ notify: 'sm', escalateTo: null });
    expect(gap!.detail).toMatch(/their supervisor tl is absent: for sm to arrange cover/);
    // A short absence: the supervisor still acts, and it escalates to sm as usual.
    expect(all('2026-11-02', '2026-11-20')[0]).toMatchObject({ notify: 'tl', escalateTo: 'sm' });
  });
  test('a month or less: nothing', () => {
    expect(
      kind(org('2026-11-02', '2026-12-02'), 'shropshire-teh', '2026-11-24', 'supervisor-absent'),
    ).toEqual([]);
  });
  test('back-to-back absences over a weekend are one period', () => {
    const snap = smallOrg({
      absences: [
        { staffId: 'tl', from: '2026-11-02', to: '2026-11-20', reason: 'sickness' },
        { staffId: 'tl', from: '2026-11-23', to: '2026-12-11', reason: 'sickness' },
      ],
    });
    expect(kind(snap, 'shropshire-teh', '2026-11-24', 'supervisor-absent')).toHaveLength(1);
  });
  test.each(['durham-eh', 'manchester-cs', 'telford-sf', 'islington-eh'])(
    '%s does not report it',
    (id) => {
      expect(kind(org('2026-11-02', '2026-12-18'), id, '2026-11-24', 'supervisor-absent')).toEqual(
        [],
      );
    },
  );
});

describe('triage (003 Family Connect — Triage Cover, telford-sf)', () => {
  const members = [
    'tl-hadley',
    'tl-wrekin',
    'tl-lakeside',
    'sp-hadley',
    'sp-wrekin',
    'sp-lakeside',
  ];
  const org = (rota: RotaDay[]): OrgSnapshot => ({
    ...emptySnapshot(),
    staff: [
      staff('sm-1', { role: 'service-manager' }),
      ...['hadley', 'wrekin', 'lakeside'].map((h) =>
        staff(`tl-${h}`, {
          role: 'team-leader',
          supervisorId: 'sm-1',
          team: h === 'hadley' ? 'Hadley Castle' : h === 'wrekin' ? 'The Wrekin' : 'Lakeside South',
        }),
      ),
      ...['hadley', 'wrekin', 'lakeside'].map((h) =>
        staff(`sp-${h}`, { role: 'senior-practitioner', supervisorId: `tl-${h}` }),
      ),
    ],
    rota,
  });
  /** Every working day from 24 Nov 2026 to 24 Jan 2027 covered in turn. */
  const full = (): RotaDay[] =>
    defaultCalendar.workingDaysInRange('2026-11-01', '2027-01-31').map((date, i) => ({
      date,
      hub: 'Hadley Castle',
      memberId: members[i % members.length]!,
      status: 'planned' as const,
    }));
  test('a fully covered rota: no uncovered days', () => {
    expect(kind(org(full()), 'telford-sf', '2026-11-24', 'triage-uncovered')).toEqual([]);
  });
  test("a day with no member is uncovered; the hub's team leader is told; close days go up a level", () => {
    const rota = full().map((r) =>
      r.date === '2026-11-26' || r.date === '2027-01-05'
        ? { ...r, memberId: undefined, hub: 'The Wrekin' }
        : r,
    );
    const f = kind(org(rota), 'telford-sf', '2026-11-24', 'triage-uncovered');
    expect(f.map((x) => [x.key, x.notify, x.escalateTo, x.severity])).toEqual([
      ['triage-uncovered|2026-11-26', 'tl-wrekin', 'sm-1', 'breach'],
      ['triage-uncovered|2027-01-05', 'tl-wrekin', null, 'warning'],
    ]);
  });
  test('two calendar months ahead: a gap on 25 Jan 2027 is beyond the window as of 24 Nov', () => {
    const rota = full().filter((r) => r.date !== '2027-01-25' && r.date !== '2027-01-22');
    expect(
      kind(org(rota), 'telford-sf', '2026-11-24', 'triage-uncovered').map((x) => x.due),
    ).toEqual(['2027-01-22']);
  });
  test('bank holidays are not rota days (Christmas 2026)', () => {
    const rota = full().filter((r) => r.date !== '2026-12-25' && r.date !== '2026-12-28');
    expect(kind(org(rota), 'telford-sf', '2026-11-24', 'triage-uncovered')).toEqual([]);
  });
  test('imbalance: a member more than one day off the fair share (2.5 with a full complement)', () => {
    const rota = full().map((r) =>
      r.date.startsWith('2026-12') ? { ...r, memberId: 'tl-hadley' } : r,
    );
    const f = kind(org(rota), 'telford-sf', '2026-11-24', 'triage-imbalance').filter(
      (x) => x.facts?.month === '2026-12',
    );
    expect(f.map((x) => x.staffId).sort()).toEqual([...members].sort());
    expect(f.find((x) => x.staffId === 'tl-hadley')).toMatchObject({
      notify: 'sm-1',
      severity: 'info',
    });
  });
  test.each(['durham-eh', 'shropshire-teh', 'manchester-cs', 'islington-eh'])(
    '%s has no triage rota',
    (id) => {
      expect(kind(org([]), id, '2026-11-24', 'triage-uncovered')).toEqual([]);
    },
  );
});
