import { emptySnapshot, type OrgSnapshot, type Session, type Staff } from '../policy/domain';
import { auditRuleFor, auditSample } from './audit-sample';

function staff(id: string, supervisorId?: string): Staff {
  return {
    id,
    name: id.toUpperCase(),
    email: `${id}@example.org`,
    role: supervisorId ? 'practitioner' : 'service-manager',
    caseHolding: true,
    employment: 'full-time',
    ...(supervisorId ? { supervisorId } : {}),
  };
}

function held(id: string, superviseeId: string, day: string): Session {
  return {
    id,
    superviseeId,
    supervisorId: 'tl',
    kind: 'one-to-one',
    scheduledStart: `${day}T10:00:00.000Z`,
    status: 'held',
    heldMinutes: 90,
  };
}

function org(): OrgSnapshot {
  const s = emptySnapshot();
  s.staff = [staff('sm'), staff('tl', 'sm'), staff('other')];
  for (let i = 1; i <= 8; i++) s.staff.push(staff(`p${i}`, 'tl'));
  s.staff.push(staff('x1', 'other'));
  for (let i = 1; i <= 8; i++) {
    s.sessions.push(held(`s-${i}-oct`, `p${i}`, `2026-10-${String(i + 1).padStart(2, '0')}`));
    s.sessions.push(held(`s-${i}-nov`, `p${i}`, `2026-11-${String(i + 1).padStart(2, '0')}`));
  }
  s.sessions.push(held('s-x1-oct', 'x1', '2026-10-05'));
  s.sessions.push({ ...held('s-sched', 'p1', '2026-10-20'), status: 'scheduled' });
  return s;
}

describe('audit sample', () => {
  test('002 §5.3 "4 x Supervisions of social workers per month": Manchester, 4 from held one-to-ones in my tree that month only', () => {
    const a = auditSample(org(), 'manchester-cs', 'sm', '2026-10');
    expect(a.rule.size).toBe(4);
    expect(a.rule.period).toBe('month');
    expect(a.population).toBe(8);
    expect(a.picked).toHaveLength(4);
    for (const p of a.picked) {
      expect(p.sessionId).toMatch(/-oct$/);
      expect(p.superviseeId).toMatch(/^p/);
    }
  });

  test('reproducible per month, and input order does not matter', () => {
    const a = auditSample(org(), 'manchester-cs', 'sm', '2026-10');
    const shuffled = org();
    shuffled.sessions.reverse();
    expect(auditSample(shuffled, 'manchester-cs', 'sm', '2026-10').picked).toEqual(a.picked);
    // Across many months the picks differ (not always the first four).
    const picks = new Set(
      ['2026-10', '2026-11'].map((m) =>
        auditSample(org(), 'manchester-cs', 'sm', m)
          .picked.map((p) => p.superviseeId)
          .join(','),
      ),
    );
    expect(picks.size).toBe(2);
  });

  test('fewer than the size: everyone; none: empty; profiles without a rule say so', () => {
    const s = org();
    s.sessions = s.sessions.slice(0, 4);
    expect(auditSample(s, 'manchester-cs', 'sm', '2026-10').picked).toHaveLength(2);
    expect(auditSample(s, 'manchester-cs', 'sm', '2025-01').picked).toEqual([]);
    expect(auditRuleFor('durham-eh').source).toMatch(/default/);
  });

  // Changed by issue 12 (Telford's audit sample was "4 one-to-ones a month per manager").
  test('003 §10 "a sample of 4-8 supervision files ... at least annually": Telford draws 4 files over the supervision year', () => {
    const a = auditSample(org(), 'telford-sf', 'sm', '2026-11');
    expect(a.rule).toMatchObject({
      unit: 'supervision-files',
      size: 4,
      maxSize: 8,
      period: 'year',
    });
    expect(a.rule.source).toMatch(/^003 §10 Monitoring/);
    expect(a.period).toMatchObject({ from: '2026-04', to: '2027-03' });
    // 8 people in the tree held one-to-ones (Oct and Nov): 8 files, one picked per person.
    expect(a.population).toBe(8);
    expect(new Set(a.picked.map((p) => p.superviseeId)).size).toBe(4);
    for (const p of a.picked) expect(p.sessionId).toMatch(/-nov$/); // each file's latest
    // The same year from any of its months, the same files.
    expect(auditSample(org(), 'telford-sf', 'sm', '2027-02').picked).toEqual(a.picked);
  });

  test('003 QA table "6 monthly: Select 4 random SF open cases within the Hub": 4 open cases per hub, by case id', () => {
    const s = org();
    for (let i = 1; i <= 8; i++) {
      const p = s.staff.find((x) => x.id === `p${i}`)!;
      p.team = i <= 4 ? 'Hadley Castle' : 'The Wrekin';
    }
    for (let i = 1; i <= 8; i++)
      for (let k = 1; k <= 2; k++)
        s.cases.push({
          caseId: `C${i}${k}`,
          workerId: `p${i}`,
          category: 'cp',
          openedAt: '2026-05-01',
        });
    // Closed before the half-year (October–March) began: not in the population.
    s.cases.push({
      caseId: 'CLOSED',
      workerId: 'p1',
      category: 'cp',
      openedAt: '2026-01-01',
      closedAt: '2026-09-30',
    });
    const a = auditSample(s, 'telford-sf', 'sm', '2026-11');
    expect(a.rule.casesPerHub!.source).toMatch(/^003 QA framework/);
    const hubs = a.cases.map((c) => c.hub);
    expect(hubs.filter((x) => x === 'Hadley Castle')).toHaveLength(4);
    expect(hubs.filter((x) => x === 'The Wrekin')).toHaveLength(4);
    expect(a.cases.map((c) => c.caseId)).not.toContain('CLOSED');
    expect(auditSample(s, 'telford-sf', 'sm', '2027-03').cases).toEqual(a.cases);
    // Manchester has no case sample.
    expect(auditSample(s, 'manchester-cs', 'sm', '2026-11').cases).toEqual([]);
  });
});
