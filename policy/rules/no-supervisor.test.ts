import { summariseTeam } from '../compliance';
import { emptySnapshot, type OrgSnapshot, type Staff } from '../domain';
import { evaluate } from '../evaluate';
import { getProfile } from '../profiles';
import { PROFILE_IDS } from '../profile';
import { session, staff } from '../test-support';

/** dir (nobody above) → sm; tl has no supervisor, line-managed by sm; fsw supervised by sm. */
function org(tl: Partial<Staff> = {}): OrgSnapshot {
  return {
    ...emptySnapshot(),
    staff: [
      staff('dir', { role: 'service-manager', caseHolding: false, startDate: '2020-01-01' }),
      staff('sm', { role: 'service-manager', supervisorId: 'dir', caseHolding: false }),
      staff('tl', { role: 'team-leader', lineManagerId: 'sm', caseHolding: false, ...tl }),
      staff('fsw', { supervisorId: 'sm' }),
    ],
  };
}

const noSup = (snap: OrgSnapshot, asOf: string, profile = 'telford-sf') =>
  evaluate(snap, getProfile(profile), asOf).findings.filter((f) => f.kind === 'no-supervisor');

describe('no-supervisor: 003 §6 "All staff, irrespective of their level, must have regular, planned supervision"', () => {
  test('a person in post with a blank supervisorId is a breach to their line manager', () => {
    const f = noSup(org({ startDate: '2026-04-02' }), '2026-04-02');
    const tl = f.find((x) => x.staffId === 'tl')!;
    expect(tl).toMatchObject({
      notify: 'sm',
      escalateTo: null,
      due: '2026-04-02',
      severity: 'breach',
      key: 'no-supervisor|tl',
      facts: { notifyAdmins: false },
    });
    expect(tl.source).toContain('003 §6');
    // Someone with a supervisor raises nothing.
    expect(f.some((x) => x.staffId === 'fsw' || x.staffId === 'sm')).toBe(false);
  });

  test('with no line manager either, it goes to the admins (notify null, notifyAdmins)', () => {
    const dir = noSup(org(), '2026-06-01').find((x) => x.staffId === 'dir')!;
    expect(dir).toMatchObject({ notify: null, escalateTo: null, facts: { notifyAdmins: true } });
    expect(dir.detail).toContain('admins');
  });

  test('a line manager who has left cannot act: the admins are told', () => {
    const snap = org({ startDate: '2026-01-05' });
    snap.staff = snap.staff.map((s) => (s.id === 'sm' ? { ...s, leftDate: '2026-05-31' } : s));
    expect(noSup(snap, '2026-05-31').find((x) => x.staffId === 'tl')!.notify).toBe('sm');
    expect(noSup(snap, '2026-06-01').find((x) => x.staffId === 'tl')!.notify).toBeNull();
  });

  test('escalation "3 working days after due" skips Good Friday and Easter Monday: due Thu 2 Apr 2026 → from Fri 10 Apr', () => {
    const snap = org({ startDate: '2026-04-02' });
    expect(noSup(snap, '2026-04-09').find((x) => x.staffId === 'tl')!.escalateTo).toBeNull();
    expect(noSup(snap, '2026-04-10').find((x) => x.staffId === 'tl')!.escalateTo).toBe('dir');
  });

  test('escalation across Christmas 2026 (Boxing Day substitute Mon 28 Dec): due Wed 23 Dec → from Thu 31 Dec', () => {
    const snap = org({ startDate: '2026-12-23' });
    expect(noSup(snap, '2026-12-30').find((x) => x.staffId === 'tl')!.escalateTo).toBeNull();
    expect(noSup(snap, '2026-12-31').find((x) => x.staffId === 'tl')!.escalateTo).toBe('dir');
  });

  test('"in post": from the start date, through the last day, not after', () => {
    expect(noSup(org({ startDate: '2026-06-02' }), '2026-06-01').map((x) => x.staffId)).toEqual([
      'dir',
    ]);
    expect(noSup(org({ leftDate: '2026-06-01' }), '2026-06-01').map((x) => x.staffId)).toEqual([
      'dir',
      'tl',
    ]);
    expect(noSup(org({ leftDate: '2026-06-01' }), '2026-06-02').map((x) => x.staffId)).toEqual([
      'dir',
    ]);
  });

  test('no start date: due is the first day on record, so it does not move from day to day', () => {
    const snap = org();
    snap.sessions = [session('s1', 'fsw', 'sm', '2026-03-10')];
    const a = noSup(snap, '2026-06-01').find((x) => x.staffId === 'tl')!;
    const b = noSup(snap, '2026-06-02').find((x) => x.staffId === 'tl')!;
    expect([a.due, b.due]).toEqual(['2026-03-10', '2026-03-10']);
  });

  test('raised in every profile (the contract reading applies to all five)', () => {
    for (const id of PROFILE_IDS)
      expect(noSup(org(), '2026-06-01', id).map((x) => x.staffId)).toEqual(['dir', 'tl']);
  });

  test('an organisation can turn it off', () => {
    const p = getProfile('telford-sf', { enabled: { 'no-supervisor': false } });
    expect(evaluate(org(), p, '2026-06-01').findings.some((f) => f.kind === 'no-supervisor')).toBe(
      false,
    );
  });
});

describe('no-supervisor downstream: the team view', () => {
  test("the person with nobody supervising them is a red row in their line manager's team", () => {
    const snap = org({ startDate: '2026-01-05' });
    const p = getProfile('telford-sf');
    const findings = evaluate(snap, p, '2026-06-01').findings;
    const team = summariseTeam(snap, p, '2026-06-01', 'sm', findings);
    const tl = team.members.find((m) => m.staffId === 'tl')!;
    expect(tl.rag).toBe('red');
    expect(tl.openFindings.map((f) => f.kind)).toContain('no-supervisor');
  });
});
