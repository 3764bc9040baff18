import { loadDemoOrg } from '../demo/demo-org';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { importSnapshot, KvSchedule } from './kv-schedule';
import { describeKvScheduleSuite } from './kv-schedule.suite';
import { SqliteKv } from './sqlite-kv';

describeKvScheduleSuite('SqliteKv :memory:', async () => new SqliteKv(':memory:'));

describe('KvSchedule with the real fixtures', () => {
  const sortById = <T>(rows: T[], key: (r: T) => string): string[] => rows.map(key).sort();

  test('the demo organisation imports without problems and loads back the same', async () => {
    const org = await loadDemoOrg();
    const kv = new SqliteKv(':memory:');
    const imported = await importSnapshot(kv, org);
    expect(imported.problems).toEqual([]);
    expect(imported.counts.staff.created).toBe(org.staff.length);
    const { snapshot, problems } = await new KvSchedule(kv).load();
    expect(problems).toEqual([]);
    expect(sortById(snapshot.sessions, (s) => s.id)).toEqual(sortById(org.sessions, (s) => s.id));
    for (const s of org.sessions) {
      expect(snapshot.sessions.find((x) => x.id === s.id)).toEqual(JSON.parse(JSON.stringify(s)));
    }
    expect(snapshot.staff).toHaveLength(org.staff.length);
    expect(snapshot.rota).toHaveLength(org.rota.length);
    await kv.close();
  });

  test('a generated organisation (60 staff, 2 years) round-trips and re-imports as unchanged', async () => {
    const org = generateOrganisation({ staff: 60, years: 2, seed: 7, asOf: '2026-11-24' });
    const kv = new SqliteKv(':memory:');
    const first = await importSnapshot(kv, org);
    const rows = Object.values(first.counts).reduce((n, c) => n + c.created, 0);
    expect(rows + first.problems.length).toBeGreaterThan(1000);
    const second = await importSnapshot(kv, org);
    expect(Object.values(second.counts).every((c) => c.created + c.updated + c.removed === 0)).toBe(
      true,
    );
    const { snapshot } = await new KvSchedule(kv).load();
    expect(snapshot.sessions.length).toBe(first.counts.sessions.created);
    await kv.close();
  });

  test("sessions load a supervisee at a time, each person's by start then id", async () => {
    // The evaluation groups sessions by supervisee (policy/rules/context.ts): in this order
    // each person's are one run, already in the evaluation's order (store/schedule-docs.ts).
    const org = generateOrganisation({ staff: 40, years: 1, seed: 11, asOf: '2026-11-24' });
    const kv = new SqliteKv(':memory:');
    await importSnapshot(kv, org);
    const { snapshot } = await new KvSchedule(kv).load();
    const seen = new Set<string>();
    for (let i = 0; i < snapshot.sessions.length; i++) {
      const s = snapshot.sessions[i]!;
      const prev = snapshot.sessions[i - 1];
      if (prev?.superviseeId === s.superviseeId) {
        expect(prev.scheduledStart <= s.scheduledStart).toBe(true);
        if (prev.scheduledStart === s.scheduledStart) expect(prev.id < s.id).toBe(true);
      } else {
        expect(seen.has(s.superviseeId)).toBe(false);
        if (prev) expect(prev.superviseeId < s.superviseeId).toBe(true);
        seen.add(s.superviseeId);
      }
    }
    expect(seen.size).toBeGreaterThan(20);
    await kv.close();
  });
});
