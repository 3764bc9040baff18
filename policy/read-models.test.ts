import { summariseSupervisee, summariseTeam } from './compliance';
import { evaluate } from './evaluate';
import { nextDue } from './next-due';
import { prepFor } from './prep';
import { getProfile } from './profiles';
import { supervisionYear } from './supervision-year';
import { session, smallOrg, staff } from './test-support';
import type { OrgSnapshot } from './domain';

describe('supervision year (POLICIES §1: 1 April – 31 March unless set)', () => {
  test('31 March belongs to the year that began the April before', () => {
    expect(supervisionYear('2027-03-31', { month: 4, day: 1 })).toEqual({
      start: '2026-04-01',
      end: '2027-03-31',
      label: '2026-27',
    });
    expect(supervisionYear('2026-04-01', { month: 4, day: 1 }).label).toBe('2026-27');
    expect(supervisionYear('2026-11-24', { month: 1, day: 1 })).toEqual({
      start: '2026-01-01',
      end: '2026-12-31',
      label: '2026-27',
    });
  });
});

describe('next-due', () => {
  const snap = smallOrg(
    { sessions: [session('s1', 'fsw', 'tl', '2026-11-02')] },
    { startDate: '2020-01-01' },
  );
  test('monthly: held this month → end of next month; 002 interval: last held + 28', () => {
    expect(nextDue(snap, getProfile('islington-eh'), 'fsw', '2026-11-24')!.due).toBe('2026-12-31');
    expect(nextDue(snap, getProfile('manchester-cs'), 'fsw', '2026-11-24')!.due).toBe('2026-11-30');
    expect(nextDue(snap, getProfile('islington-eh'), 'fsw', '2026-12-01')!.due).toBe('2026-12-31');
    expect(nextDue(snap, getProfile('islington-eh'), 'nobody', '2026-12-01')).toBeNull();
  });
  test('a new starter mid-month: their first month does not count, so due by the end of the next', () => {
    const s = smallOrg({}, { startDate: '2026-11-16' });
    expect(nextDue(s, getProfile('telford-sf'), 'fsw', '2026-11-24')!.due).toBe('2026-12-31');
  });
});

/** The demo's shape (demo-ids): fsw-hadley-1 with tl-hadley, sm-1 above. */
function demo(): OrgSnapshot {
  return {
    ...smallOrg(),
    staff: [
      staff('sm-1', { role: 'service-manager', caseHolding: false }),
      staff('tl-hadley', { role: 'team-leader', supervisorId: 'sm-1', team: 'Hadley Castle' }),
      staff('fsw-hadley-1', {
        supervisorId: 'tl-hadley',
        startDate: '2024-01-01',
        team: 'Hadley Castle',
      }),
      staff('fsw-hadley-2', {
        supervisorId: 'tl-hadley',
        startDate: '2026-10-01',
        team: 'Hadley Castle',
      }),
    ],
    sessions: [
      session('s-sep', 'fsw-hadley-1', 'tl-hadley', '2026-09-22', {
        recordCompletedAt: '2026-09-23T10:00:00.000Z',
        supervisorSignedAt: '2026-09-23T10:00:00.000Z',
        superviseeSignedAt: '2026-09-24T10:00:00.000Z',
      }),
      session('s-oct', 'fsw-hadley-1', 'tl-hadley', '2026-10-20', {
        recordCompletedAt: '2026-11-17T10:00:00.000Z',
        supervisorSignedAt: '2026-10-21T10:00:00.000Z',
      }),
      session('s-nov', 'fsw-hadley-1', 'tl-hadley', '2026-11-23', { status: 'scheduled' }),
      session('s-next', 'fsw-hadley-1', 'tl-hadley', '2026-11-26', { status: 'scheduled' }),
      session('o-1', 'fsw-hadley-2', 'tl-hadley', '2026-10-20', {
        recordCompletedAt: '2026-10-21T10:00:00.000Z',
        supervisorSignedAt: '2026-10-21T10:00:00.000Z',
        superviseeSignedAt: '2026-10-21T10:00:00.000Z',
      }),
      session('o-2', 'fsw-hadley-2', 'tl-hadley', '2026-11-10', {
        recordCompletedAt: '2026-11-10T10:00:00.000Z',
        supervisorSignedAt: '2026-11-10T10:00:00.000Z',
        superviseeSignedAt: '2026-11-10T10:00:00.000Z',
      }),
      session('o-3', 'fsw-hadley-2', 'tl-hadley', '2026-12-08', { status: 'scheduled' }),
    ],
    agreements: [
      { superviseeId: 'fsw-hadley-1', supervisorId: 'tl-hadley', signedAt: '2026-01-10' },
      { superviseeId: 'fsw-hadley-2', supervisorId: 'tl-hadley', signedAt: '2026-01-10' },
      { superviseeId: 'tl-hadley', supervisorId: 'sm-1', signedAt: '2026-01-10' },
    ],
    actions: [
      {
        id: 'a1',
        sessionId: 's-oct',
        ownerId: 'fsw-hadley-1',
        text: 'Book a family meeting',
        due: '2026-11-10',
      },
      {
        id: 'a2',
        sessionId: 's-oct',
        ownerId: 'fsw-hadley-1',
        text: 'Update chronology',
        doneAt: '2026-11-01',
      },
      { id: 'a3', sessionId: 's-sep', ownerId: 'fsw-hadley-1', text: 'Older action' },
    ],
    cases: [
      {
        caseId: 'LCS-1001',
        workerId: 'fsw-hadley-1',
        category: 'cp',
        openedAt: '2026-01-01',
        lastDiscussedAt: '2026-10-26',
      },
      {
        caseId: 'LCS-1002',
        workerId: 'fsw-hadley-1',
        category: 'medium',
        openedAt: '2026-01-01',
        lastDiscussedAt: '2026-10-20',
      },
      {
        caseId: 'LCS-1003',
        workerId: 'fsw-hadley-1',
        category: 'medium',
        openedAt: '2026-01-01',
        lastDiscussedAt: '2026-08-25',
      },
    ],
  };
}

describe('prep (POLICIES §5)', () => {
  const p = getProfile('telford-sf');
  test("003 §3: supervisee prep lists open actions of the pair's previous one-to-one, cases due (ids only), items and agenda", () => {
    const v = prepFor(demo(), p, 's-next', '2026-11-24', 'supervisee')!;
    expect(v.day).toBe('2026-11-26');
    expect(v.previousSessionId).toBe('s-oct');
    expect(v.openActions.map((a) => a.id)).toEqual(['a1']);
    expect(v.casesDue).toEqual([
      {
        caseId: 'LCS-1001',
        reason: 'due by 2026-11-26 (003 §6 (very active safeguarding cases monthly))',
      },
      {
        caseId: 'LCS-1003',
        reason: 'overdue: was due by 2026-11-25 (003 §6 (every open case at least three monthly))',
      },
    ]);
    expect(v.items.map((i) => i.id)).toContain('update-form-reassign');
    expect(v.agenda.map((i) => i.id)).toContain('review-actions');
  });
  test('002 App. K: the Manchester supervisee is asked for the two RAG-rated audits; the supervisor gets their own list', () => {
    const m = prepFor(demo(), getProfile('manchester-cs'), 's-next', '2026-11-24', 'supervisee')!;
    expect(m.items.map((i) => i.id)).toEqual(
      expect.arrayContaining(['rag-audits', 'direct-work-examples']),
    );
    const s = prepFor(demo(), getProfile('shropshire-teh'), 's-next', '2026-11-24', 'supervisor')!;
    expect(s.items.map((i) => i.id)).toContain('chronologies');
  });
  test('unknown session: null', () => {
    expect(prepFor(demo(), p, 'nope', '2026-11-24', 'supervisor')).toBeNull();
  });
});

describe('compliance summaries (RAG)', () => {
  const p = getProfile('telford-sf');
  const snap = demo();
  test('a supervisee with an unsigned record and an unconfirmed session', () => {
    const findings = evaluate(snap, p, '2026-11-27').findings;
    const s = summariseSupervisee(snap, p, '2026-11-27', 'fsw-hadley-1', findings)!;
    expect(s).toMatchObject({
      staffId: 'fsw-hadley-1',
      lastHeld: '2026-10-20',
      nextBooked: null,
      monthsWithout: 0,
      recordStatus: 'complete',
      signatureStatus: 'overdue',
      agreementDue: { status: 'ok', due: '2027-01-10' },
      rag: 'amber',
    });
    expect(s.openFindings.map((f) => f.kind)).toEqual(
      expect.arrayContaining(['session-unconfirmed', 'signature-overdue']),
    );
  });
  test("only the last completed month's gap colours the RAG; older ones stay listed", () => {
    const findings = evaluate(snap, p, '2026-11-24').findings;
    const s = summariseSupervisee(snap, p, '2026-11-24', 'fsw-hadley-1', findings)!;
    expect(s.openFindings.some((f) => f.kind === 'supervision-gap')).toBe(true);
    expect(s.rag).not.toBe('red');
  });
  test('red once anything is a breach or escalated', () => {
    const findings = evaluate(snap, p, '2026-12-02').findings;
    expect(summariseSupervisee(snap, p, '2026-12-02', 'fsw-hadley-1', findings)!.rag).toBe('red');
  });
  test('green when all is in order', () => {
    const findings = evaluate(snap, p, '2026-11-24').findings;
    const s = summariseSupervisee(snap, p, '2026-11-24', 'fsw-hadley-2', findings)!;
    expect(s.openFindings).toEqual([]);
    expect(s.rag).toBe('green');
  });
  test("a manager's team covers their whole tree", () => {
    const findings = evaluate(snap, p, '2026-11-30').findings;
    const t = summariseTeam(snap, p, '2026-11-30', 'sm-1', findings);
    expect(t.members.map((m) => m.staffId)).toEqual(['fsw-hadley-1', 'fsw-hadley-2', 'tl-hadley']);
    expect(t.counts.red + t.counts.amber + t.counts.green).toBe(3);
    expect(
      summariseTeam(snap, p, '2026-11-30', 'tl-hadley', findings).members.map((m) => m.staffId),
    ).toEqual(['fsw-hadley-1', 'fsw-hadley-2']);
  });
  test('000: durham shows the yearly minimum', () => {
    const d = getProfile('durham-eh');
    const s = summariseSupervisee(
      snap,
      d,
      '2026-11-24',
      'fsw-hadley-1',
      evaluate(snap, d, '2026-11-24').findings,
    )!;
    expect(s.heldThisYear).toBe(2);
    expect(s.requiredThisYear).toBe(9);
  });
});
