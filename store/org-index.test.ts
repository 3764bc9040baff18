/**
 * The embedded store's secondary indexes (store/org-index.ts): every narrow read agrees with
 * the same question asked of the whole organisation, a store written before the indexes is
 * indexed on first use, and an entry left behind by a deleted or moved row is never trusted.
 */
import type { OrgSnapshot } from '../policy/domain';
import { SnapshotReads } from '../usecases/scoped-reads';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { expectTeamsAsWhole } from '../test/scoped-reads-agree';
import { KvSchedule, importSnapshot } from './kv-schedule';
import { INDEX_NAMESPACE } from './org-index';
import { NAMESPACES } from './schedule-docs';
import { SqliteKv } from './sqlite-kv';

const byId = <T extends { id: string }>(xs: readonly T[]) =>
  [...xs].sort((a, b) => a.id.localeCompare(b.id));
const byCase = <T extends { caseId: string }>(xs: readonly T[]) =>
  [...xs].sort((a, b) => a.caseId.localeCompare(b.caseId));

let org: OrgSnapshot;
beforeAll(() => {
  org = generateOrganisation({ staff: 120, years: 1, seed: 3, asOf: '2026-11-24' });
});

async function agreesWithWholeOrganisation(schedule: KvSchedule): Promise<void> {
  const whole = new SnapshotReads(async () => (await schedule.load()).snapshot);
  const people = org.staff.slice(0, 40).map((s) => s.id);
  for (const id of people) {
    for (const side of ['supervisee', 'supervisor'] as const)
      expect(byId(await schedule.sessionsOf(id, side))).toEqual(
        byId(await whole.sessionsOf(id, side)),
      );
    expect(byId(await schedule.actionsOwnedBy(id))).toEqual(byId(await whole.actionsOwnedBy(id)));
    expect(byCase(await schedule.casesOf(id))).toEqual(byCase(await whole.casesOf(id)));
  }
  const sessions = org.sessions.filter((_, i) => i % 17 === 0).map((s) => s.id);
  expect(byId(await schedule.actionsOfSessions(sessions))).toEqual(
    byId(await whole.actionsOfSessions(sessions)),
  );
  expect(byId(await schedule.staffByIds(people))).toEqual(byId(await whole.staffByIds(people)));
  // Everyone's team: by supervisor and by line manager (a group session's tick boxes).
  await expectTeamsAsWhole(schedule, whole, org.staff);
}

describe('org indexes', () => {
  it('answer as the whole organisation does, after an import', async () => {
    const kv = new SqliteKv(':memory:');
    await importSnapshot(kv, org);
    expect((await kv.list(INDEX_NAMESPACE)).length).toBeGreaterThan(org.sessions.length * 2);
    await agreesWithWholeOrganisation(new KvSchedule(kv));
    await kv.close();
  });

  it('index a store written before they existed, on first use', async () => {
    const kv = new SqliteKv(':memory:');
    await importSnapshot(kv, org);
    for (const e of await kv.list(INDEX_NAMESPACE)) await kv.delete(INDEX_NAMESPACE, e.key);
    await agreesWithWholeOrganisation(new KvSchedule(kv));
    await kv.close();
  });

  it('keep up with the writes made through the schedule', async () => {
    const kv = new SqliteKv(':memory:');
    await importSnapshot(kv, org);
    const schedule = new KvSchedule(kv);
    const s = org.sessions.find((x) => x.status === 'held')!;
    const other = org.staff.find((p) => p.id !== s.supervisorId && p.id !== s.superviseeId)!;
    await schedule.upsertActions([
      { id: 'new-action', sessionId: s.id, ownerId: other.id, text: 'Ring the school' },
    ]);
    expect((await schedule.actionsOwnedBy(other.id)).map((a) => a.id)).toContain('new-action');
    expect((await schedule.actionsOfSessions([s.id])).map((a) => a.id)).toContain('new-action');
    await schedule.createSession({ ...s, id: 'new-session', status: 'scheduled' });
    expect((await schedule.sessionsOf(s.superviseeId, 'supervisee')).map((x) => x.id)).toContain(
      'new-session',
    );
    // Moved to another supervisor: found under the new one, no longer under the old.
    const entry = (await schedule.getSession('new-session'))!;
    const moved = await schedule.updateSession(
      'new-session',
      { supervisorId: other.id },
      entry.version,
    );
    expect(moved.ok).toBe(true);
    expect((await schedule.sessionsOf(other.id, 'supervisor')).map((x) => x.id)).toContain(
      'new-session',
    );
    expect(
      (await schedule.sessionsOf(s.supervisorId, 'supervisor')).map((x) => x.id),
    ).not.toContain('new-session');
    await kv.close();
  });

  it('never trust an entry whose row is gone', async () => {
    const kv = new SqliteKv(':memory:');
    await importSnapshot(kv, org);
    const schedule = new KvSchedule(kv);
    const s = org.sessions[0]!;
    await kv.delete(NAMESPACES.sessions, s.id);
    expect(
      (await schedule.sessionsOf(s.superviseeId, 'supervisee')).map((x) => x.id),
    ).not.toContain(s.id);
    await kv.close();
  });
});
