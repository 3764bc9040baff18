import { emptySnapshot, type OrgSnapshot, type Staff } from '../policy/domain';
import { loadTables } from './load-tables';
import { resolveReferences, validateReferences } from './references';

const person = (id: string, supervisorId?: string): Record<string, string> => ({
  id,
  name: id,
  email: `${id}@example.org`,
  role: 'practitioner',
  caseHolding: 'yes',
  employment: 'full-time',
  supervisorId: supervisorId ?? '',
});
const session = (id: string, superviseeId: string, supervisorId: string, rescheduledToId = '') => ({
  id,
  superviseeId,
  supervisorId,
  kind: 'one-to-one',
  scheduledStart: '2026-03-02T10:00',
  status: rescheduledToId ? 'cancelled' : 'held',
  rescheduledToId,
});

describe('reference checks', () => {
  const result = loadTables({
    staff: {
      rows: [
        person('tl'),
        person('p1', 'tl'),
        person('p2', 'ghost'),
        person('p1', 'tl'),
        person('p3', 'p3'),
      ],
    },
    sessions: {
      rows: [
        session('s1', 'p1', 'tl'),
        session('s2', 'nobody', 'tl'),
        session('s3', 'p1', 'tl', 'nowhere'),
        session('s1', 'p2', 'tl'),
        session('s4', 'p1', 'tl', 's1'),
      ],
    },
    agreements: {
      rows: [
        { superviseeId: 'p1', supervisorId: 'tl', signedAt: '' },
        { superviseeId: 'x', supervisorId: 'tl', signedAt: '' },
      ],
    },
    absences: { rows: [{ staffId: 'zed', from: '2026-01-01', to: '2026-01-02', reason: 'other' }] },
    rota: {
      rows: [
        { date: '2026-12-01', hub: 'H', memberId: 'tl', status: 'planned' },
        { date: '2026-12-01', hub: 'H', memberId: 'p1', status: 'planned' },
        { date: '2026-12-02', hub: 'H', memberId: 'ghost', status: 'planned' },
      ],
    },
    actions: {
      rows: [
        { id: 'a1', sessionId: 's1', ownerId: 'p1', text: 't' },
        { id: 'a2', sessionId: 'sX', ownerId: 'p1', text: 't' },
        { id: 'a3', sessionId: 's1', ownerId: 'ghost', text: 't' },
      ],
    },
    cases: {
      rows: [
        { caseId: 'LL-1', workerId: 'p1', category: 'cp', openedAt: '2026-01-01' },
        { caseId: 'LL-2', workerId: 'nope', category: 'cp', openedAt: '2026-01-01' },
      ],
    },
  });
  const codes = result.problems.map((p) => `${p.file}:${p.row}:${p.column}:${p.code}`);

  it('reports each broken reference with file, row, column and code', () => {
    expect(codes.sort()).toEqual(
      [
        'staff.csv:4:supervisorId:unknown-staff',
        'staff.csv:5:id:duplicate-id',
        'staff.csv:6:supervisorId:self-reference',
        'sessions.csv:3:superviseeId:unknown-staff',
        'sessions.csv:4:rescheduledToId:unknown-session',
        'sessions.csv:5:id:duplicate-id',
        'agreements.csv:3:superviseeId:unknown-staff',
        'absences.csv:2:staffId:unknown-staff',
        'rota.csv:3:date:duplicate-id',
        'rota.csv:4:memberId:unknown-staff',
        'actions.csv:3:sessionId:unknown-session',
        'actions.csv:4:ownerId:unknown-staff',
        'cases.csv:3:workerId:unknown-staff',
      ].sort(),
    );
    for (const p of result.problems) expect(p.message).not.toMatch(/ghost|nobody|nowhere/);
  });

  it('drops rows that mean nothing without their reference, and keeps people and days', () => {
    const s = result.snapshot;
    expect(s.staff.map((x) => [x.id, x.supervisorId])).toEqual([
      ['tl', undefined],
      ['p1', 'tl'],
      ['p2', undefined],
      ['p3', undefined],
    ]);
    expect(s.sessions.map((x) => [x.id, x.rescheduledToId])).toEqual([
      ['s1', undefined],
      ['s3', undefined],
      ['s4', 's1'],
    ]);
    expect(s.agreements).toHaveLength(1);
    expect(s.absences).toHaveLength(0);
    expect(s.rota).toEqual([
      { date: '2026-12-01', hub: 'H', memberId: 'tl', status: 'planned' },
      { date: '2026-12-02', hub: 'H', status: 'planned' },
    ]);
    expect(s.actions.map((a) => a.id)).toEqual(['a1']);
    expect(s.cases.map((c) => c.caseId)).toEqual(['LL-1']);
  });

  it('works on snapshots built in code (rows labelled by position) without mutating them', () => {
    const snapshot: OrgSnapshot = emptySnapshot();
    const staff: Staff = {
      id: 'a',
      name: 'A',
      email: 'a@x',
      role: 'assistant',
      caseHolding: false,
      employment: 'full-time',
      supervisorId: 'b',
    };
    snapshot.staff.push(staff);
    const problems = validateReferences(snapshot, { staff: 'Staff' });
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'Staff',
        row: 2,
        column: 'supervisorId',
        code: 'unknown-staff',
      }),
    ]);
    expect(staff.supervisorId).toBe('b');
    expect(resolveReferences(snapshot).snapshot.staff[0]).not.toHaveProperty('supervisorId');
  });

  it('keeps the rota row that covers a date over a blank duplicate above it', () => {
    const { snapshot, problems } = loadTables({
      staff: { rows: [person('tl')] },
      sessions: { rows: [] },
      rota: {
        rows: [
          { date: '2026-12-01', hub: 'H', memberId: '', status: 'planned' },
          { date: '2026-12-01', hub: 'H', memberId: 'tl', status: 'planned' },
          { date: '2026-12-02', hub: 'H', memberId: 'tl', status: 'planned' },
          { date: '2026-12-02', hub: 'H', memberId: '', status: 'planned' },
        ],
      },
    });
    expect(snapshot.rota.map((r) => [r.date, r.memberId])).toEqual([
      ['2026-12-01', 'tl'],
      ['2026-12-02', 'tl'],
    ]);
    expect(problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual([
      '2:date:duplicate-id',
      '5:date:duplicate-id',
    ]);
  });
});
