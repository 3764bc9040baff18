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
  test('Manchester: 4 a month, from held one-to-ones in my tree that month only', () => {
    const a = auditSample(org(), 'manchester-cs', 'sm', '2026-10');
    expect(a.rule.perMonth).toBe(4);
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
});
