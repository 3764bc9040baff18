import { addDays, londonInstant } from './calendar';
import { ABSENCE_REASONS, ROLES, type OrgSnapshot, type Session, type Staff } from './domain';
import { compareFindings, evaluate } from './evaluate';
import { FINDING_KINDS } from './findings';
import { PROFILE_IDS } from './profile';
import { getProfile } from './profiles';
import { session, smallOrg } from './test-support';

/** Small deterministic PRNG (mulberry32) so failures reproduce from the seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

/** A random snapshot of the shape the contract reader accepts (valid dates, known enums). */
function randomSnapshot(seed: number): OrgSnapshot {
  const r = prng(seed);
  const n = 3 + r.int(25);
  const ids = Array.from({ length: n }, (_, i) => `st-${i}`);
  const day = () => addDays('2025-01-01', r.int(800));
  const staff: Staff[] = ids.map((id, i) => ({
    id,
    name: `N ${i}`,
    email: `${id}@x.org`,
    role: r.pick(ROLES),
    caseHolding: r.chance(0.7),
    employment: r.chance(0.8) ? 'full-time' : 'part-time',
    ...(i > 0 && r.chance(0.9) ? { supervisorId: ids[r.int(i)]! } : {}),
    ...(i > 1 && r.chance(0.2) ? { lineManagerId: ids[r.int(i)]! } : {}),
    ...(r.chance(0.5) ? { team: r.pick(['Hadley Castle', 'The Wrekin', 'Lakeside South']) } : {}),
    ...(r.chance(0.3) ? { startDate: day() } : {}),
    ...(r.chance(0.1) ? { leftDate: day() } : {}),
  }));
  const sessions: Session[] = [];
  for (let i = 0; i < n * 8; i++) {
    const sup = r.pick(ids);
    const status = r.pick(['scheduled', 'held', 'held', 'held', 'cancelled', 'not-held'] as const);
    const d = day();
    sessions.push({
      id: `se-${i}`,
      superviseeId: sup,
      supervisorId: r.pick(ids),
      kind: r.pick([
        'one-to-one',
        'one-to-one',
        'one-to-one',
        'group',
        'observation',
        'ad-hoc',
      ] as const),
      scheduledStart: londonInstant(d, r.pick(['00:30', '09:00', '23:30', '13:15'])),
      status,
      ...(status === 'held' && r.chance(0.9) ? { heldMinutes: 30 + r.int(120) } : {}),
      ...(status === 'held' && r.chance(0.7)
        ? { recordCompletedAt: londonInstant(addDays(d, r.int(12))) }
        : {}),
      ...(r.chance(0.5) ? { supervisorSignedAt: londonInstant(addDays(d, r.int(15))) } : {}),
      ...(r.chance(0.5) ? { superviseeSignedAt: londonInstant(addDays(d, r.int(15))) } : {}),
      ...(r.chance(0.1) ? { significantDecision: true } : {}),
    });
  }
  const absences = Array.from({ length: r.int(n) }, () => {
    const from = day();
    return {
      staffId: r.pick(ids),
      from,
      to: addDays(from, r.int(80)),
      reason: r.pick(ABSENCE_REASONS),
    };
  });
  const agreements = Array.from({ length: r.int(n) }, () => ({
    superviseeId: r.pick(ids),
    supervisorId: r.pick(ids),
    ...(r.chance(0.8) ? { signedAt: day() } : {}),
  }));
  const rota = Array.from({ length: r.int(60) }, (_, i) => ({
    date: addDays('2026-11-01', i),
    hub: r.pick(['Hadley Castle', 'The Wrekin', 'Lakeside South']),
    ...(r.chance(0.8) ? { memberId: r.pick(ids) } : {}),
    status: r.pick(['planned', 'sick', 'swapped'] as const),
  }));
  const cases = Array.from({ length: r.int(n * 2) }, (_, i) => ({
    caseId: `C-${i}`,
    workerId: r.pick(ids),
    category: r.pick(['cp', 'high', 'medium', 'low', 'single-agency', 'x']),
    openedAt: day(),
    ...(r.chance(0.6) ? { lastDiscussedAt: day() } : {}),
    ...(r.chance(0.2) ? { closedAt: day() } : {}),
  }));
  const actions = sessions
    .slice(0, n)
    .map((s, i) => ({ id: `a-${i}`, sessionId: s.id, ownerId: s.superviseeId, text: 'do it' }));
  return { staff, sessions, agreements, absences, rota, actions, cases, records: [] };
}

function shuffled<T>(xs: T[], seed: number): T[] {
  const r = prng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('evaluate: properties over random snapshots the reader would accept', () => {
  const seeds = Array.from({ length: 40 }, (_, i) => i + 1);
  test.each(seeds)(
    'seed %i: never throws, deterministic, independent of row order, sorted, unique keys',
    (seed) => {
      const snap = randomSnapshot(seed);
      const id = PROFILE_IDS[seed % PROFILE_IDS.length]!;
      const asOf = addDays('2026-01-01', (seed * 37) % 500);
      const profile = getProfile(id);
      const a = evaluate(snap, profile, asOf);
      const b = evaluate(structuredClone(snap), getProfile(id), asOf);
      expect(b).toEqual(a);
      const mixed: OrgSnapshot = {
        staff: shuffled(snap.staff, seed),
        sessions: shuffled(snap.sessions, seed + 1),
        agreements: shuffled(snap.agreements, seed + 2),
        absences: shuffled(snap.absences, seed + 3),
        rota: shuffled(snap.rota, seed + 4),
        actions: shuffled(snap.actions, seed + 5),
        cases: shuffled(snap.cases, seed + 6),
        records: [],
      };
      expect(evaluate(mixed, profile, asOf)).toEqual(a);
      const keys = a.findings.map((f) => f.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (let i = 1; i < a.findings.length; i++)
        expect(compareFindings(a.findings[i - 1]!, a.findings[i]!)).toBeLessThan(0);
      for (const f of a.findings) {
        expect(FINDING_KINDS).toContain(f.kind);
        expect(f.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(f.source.length).toBeGreaterThan(0);
        expect(f.detail).not.toMatch(/@|Name /); // no emails or names in the plain-English detail
        expect(profile.enabled[f.kind]).toBe(true);
      }
    },
  );
});

describe('evaluate: profile switches and output shape (CONTRACT "Findings" JSON)', () => {
  const snap = smallOrg(
    { sessions: [session('s1', 'fsw', 'tl', '2026-01-15')] },
    { startDate: '2025-06-01' },
  );
  test('result carries asOf and profile id', () => {
    const r = evaluate(snap, getProfile('shropshire-teh'), '2026-04-01');
    expect(r.asOf).toBe('2026-04-01');
    expect(r.profile).toBe('shropshire-teh');
    expect(r.findings.find((f) => f.key === 'supervision-gap|fsw|2026-03')).toMatchObject({
      kind: 'supervision-gap',
      staffId: 'fsw',
      sessionId: null,
      notify: 'tl',
      escalateTo: 'sm',
      due: '2026-03-31',
      detail: 'no one-to-one held in 2026-02 and 2026-03',
      source: '001 Frequency',
    });
  });
  test('a kind switched off is never reported', () => {
    const on = evaluate(snap, getProfile('durham-eh'), '2026-04-01').findings;
    expect(on.some((f) => f.kind === 'record-overdue')).toBe(true);
    const off = evaluate(
      snap,
      getProfile('durham-eh', { enabled: { 'record-overdue': false } }),
      '2026-04-01',
    ).findings;
    expect(off.some((f) => f.kind === 'record-overdue')).toBe(false);
    expect(off.length).toBe(on.length - on.filter((f) => f.kind === 'record-overdue').length);
  });
  test('the lookback window limits historic gap months', () => {
    const all = evaluate(snap, getProfile('islington-eh'), '2026-04-01').findings.filter(
      (f) => f.kind === 'supervision-gap' && f.staffId === 'fsw',
    );
    const short = evaluate(
      snap,
      getProfile('islington-eh', { interpretations: { lookbackMonths: 2 } }),
      '2026-04-01',
    ).findings.filter((f) => f.kind === 'supervision-gap' && f.staffId === 'fsw');
    expect(all.length).toBeGreaterThan(short.length);
    expect(short.map((f) => f.key)).toEqual([
      'supervision-gap|fsw|2026-02',
      'supervision-gap|fsw|2026-03',
    ]);
  });
  test('an empty organisation has no findings', () => {
    for (const id of PROFILE_IDS)
      expect(evaluate({ ...smallOrg(), staff: [] }, getProfile(id), '2026-11-24').findings).toEqual(
        [],
      );
  });
});
