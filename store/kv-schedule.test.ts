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
});
