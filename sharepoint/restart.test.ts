/**
 * Issue 14 item 4: a restart (or a new instance) with nothing changed costs one request (every
 * list's delta in one `$batch`; the goal was one a list): the items are kept in the state store
 * with the delta link they go with.
 */
import { generateOrganisation } from '../test/fixtures/generate-org';
import {
  canonicalSnapshot as canon,
  itemByTitle,
  seededSiteForEach,
} from '../test/graph-server/fixture';
import { etagVersion, MIRROR_NS } from './mirror-store';
import { SNAPSHOT_LISTS } from './schema';

const ORG = generateOrganisation({
  staff: 25,
  years: 1,
  seed: 21,
  asOf: '2026-11-24',
  profile: 'telford-sf',
});

describe('restart from the state store', () => {
  const site = seededSiteForEach(ORG);

  it("a restart with nothing changed costs one request (every list's delta in one $batch) and loads the same data", async () => {
    const first = site.openSchedule({ pageSize: 50 });
    const loaded = await first.schedule.load();
    expect((await first.kv.list(MIRROR_NS)).length).toBeGreaterThan(SNAPSHOT_LISTS.length);

    site.server.resetLog();
    const restarted = site.openSchedule({ pageSize: 50, kv: first.kv });
    const again = await restarted.schedule.load();
    expect(site.server.stats()).toMatchObject({
      requests: 1,
      byEndpoint: { batch: 1, delta: SNAPSHOT_LISTS.length },
    });
    expect(canon(again.snapshot)).toEqual(canon(loaded.snapshot));
    expect(again.problems).toEqual(loaded.problems);
  });

  it('changes made while it was down arrive through that one delta; a deletion is not brought back by an older instance', async () => {
    const a = site.openSchedule({ pageSize: 50 });
    await a.schedule.load();
    const b = site.openSchedule({ pageSize: 50, kv: a.kv }); // a second instance, same store
    await b.schedule.load();
    const sessions = site.list('sessions');
    const [x, y] = ORG.sessions.filter((s) => s.status === 'scheduled');
    site.server.state.updateItem(sessions, itemByTitle(sessions, x!.id).id, { plannedMinutes: 33 });
    const yItem = itemByTitle(sessions, y!.id);
    site.server.state.deleteItem(sessions, yItem.id);
    await a.schedule.load(); // A sees the edit and the deletion and stores them
    // B, still holding the old copies, stores an unrelated change to the same shard later.
    site.server.state.updateItem(sessions, itemByTitle(sessions, x!.id).id, { plannedMinutes: 34 });
    await b.schedule.load();

    site.server.resetLog();
    const c = site.openSchedule({ pageSize: 50, kv: a.kv });
    const r = await c.schedule.load();
    expect(site.server.stats().requests).toBe(1);
    expect(r.snapshot.sessions.find((s) => s.id === x!.id)?.plannedMinutes).toBe(34);
    expect(r.snapshot.sessions.find((s) => s.id === y!.id)).toBeUndefined();
    expect(r.snapshot.sessions).toHaveLength(ORG.sessions.length - 1);
  });

  it('reads the version out of a SharePoint eTag', () => {
    expect(etagVersion('"{2F1E1B7C-0000-4000-8000-000000000000},12"')).toBe(12);
    expect(etagVersion('nonsense')).toBe(-1);
  });
});
