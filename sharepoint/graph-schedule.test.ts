import type { SignatureEntry } from '../ports/schedule';
import { generateOrganisation } from '../test/fixtures/generate-org';
import {
  canonicalSnapshot as canon,
  itemByTitle,
  seededSiteForEach,
} from '../test/graph-server/fixture';
import { SNAPSHOT_LISTS } from './schema';

const ORG = generateOrganisation({
  staff: 30,
  years: 1,
  seed: 7,
  asOf: '2026-11-24',
  profile: 'telford-sf',
});

describe('GraphSchedule over the Graph test server', () => {
  const site = seededSiteForEach(ORG);

  it("loads the whole organisation across many pages, then every list's delta in one $batch", async () => {
    const { schedule } = site.openSchedule({ pageSize: 25 });
    site.server.resetLog();
    const first = await schedule.load();
    expect(first.problems).toEqual([]);
    expect(canon(first.snapshot)).toEqual(canon(ORG));
    const stats = site.server.stats();
    expect(stats.byEndpoint['items']).toBeGreaterThan(SNAPSHOT_LISTS.length * 2); // really paged
    expect(stats.byEndpoint['delta']).toBe(SNAPSHOT_LISTS.length); // token=latest per list

    site.server.resetLog();
    const again = await schedule.load();
    expect(canon(again.snapshot)).toEqual(canon(ORG));
    // Every list's delta in one $batch: one request a tick, whatever the number of lists.
    expect(site.server.stats()).toMatchObject({
      requests: 1,
      byEndpoint: { batch: 1, delta: SNAPSHOT_LISTS.length },
      ru: SNAPSHOT_LISTS.length,
    });
  });

  it('applies edits and deletions from delta, and resyncs after 410', async () => {
    const { schedule, kv } = site.openSchedule({ pageSize: 40 });
    await schedule.load();
    const sessions = site.list('sessions');
    const [a, b] = ORG.sessions.filter((s) => s.status === 'scheduled');
    site.server.state.updateItem(sessions, itemByTitle(sessions, a!.id).id, {
      status: 'held',
      heldMinutes: 75,
    });
    site.server.state.deleteItem(sessions, itemByTitle(sessions, b!.id).id);
    site.server.resetLog();
    const r = await schedule.load();
    expect(site.server.stats().requests).toBe(1);
    expect(r.snapshot.sessions.find((s) => s.id === a!.id)).toMatchObject({
      status: 'held',
      heldMinutes: 75,
    });
    expect(r.snapshot.sessions.find((s) => s.id === b!.id)).toBeUndefined();
    expect(r.snapshot.sessions).toHaveLength(ORG.sessions.length - 1);
    expect(await kv.list('graph.delta')).toHaveLength(SNAPSHOT_LISTS.length);

    // The service forgets our token: 410 → the list is read afresh, nothing lost or doubled.
    site.server.state.expireDeltaTokens(sessions);
    site.server.state.updateItem(sessions, itemByTitle(sessions, a!.id).id, { heldMinutes: 95 });
    site.server.resetLog();
    const after = await schedule.load();
    expect(site.server.log.some((e) => e.status === 410)).toBe(true);
    expect(after.snapshot.sessions).toHaveLength(ORG.sessions.length - 1);
    expect(after.snapshot.sessions.find((s) => s.id === a!.id)).toMatchObject({ heldMinutes: 95 });
  });

  it('converges through a throttling storm (429 on every 3rd request) honouring Retry-After', async () => {
    site.server.faults.throttleEvery = 3;
    site.server.faults.retryAfterSeconds = 2;
    const { schedule } = site.openSchedule({ pageSize: 30 });
    const first = await schedule.load();
    expect(canon(first.snapshot)).toEqual(canon(ORG));
    expect(site.server.stats().throttled).toBeGreaterThan(3);
    expect(site.waits).toContain(2000);

    // Writes in the storm: a batch of 30 actions, some inner requests throttled.
    const actions = Array.from({ length: 30 }, (_, i) => ({
      id: `act-storm-${i}`,
      sessionId: ORG.sessions[0]!.id,
      ownerId: ORG.sessions[0]!.superviseeId,
      text: 'Follow up',
      due: '2026-12-01',
    }));
    expect(await schedule.upsertActions(actions)).toMatchObject({ ok: true });
    const again = await schedule.load();
    for (const a of actions)
      expect(again.snapshot.actions.filter((x) => x.id === a.id)).toHaveLength(1);
  });

  it('survives dropped connections and 503s', async () => {
    site.server.faults.dropEvery = 4;
    site.server.faults.throttleEvery = 5;
    site.server.faults.throttleStatus = 503;
    const { schedule } = site.openSchedule({ pageSize: 50 });
    const r = await schedule.load();
    expect(canon(r.snapshot)).toEqual(canon(ORG));
    expect(site.server.log.some((e) => e.endpoint === 'dropped')).toBe(true);
  });

  it('reports malformed items with list name and item id, skips them, loads the rest', async () => {
    const sessions = site.list('sessions');
    const staff = site.list('staff');
    const bad1 = site.server.state.addItem(
      sessions,
      {
        Title: 'bad-status',
        superviseeId: ORG.staff[0]!.id,
        supervisorId: ORG.staff[0]!.id,
        kind: 'one-to-one',
        scheduledStart: '2026-11-02T10:00:00Z',
        status: 'maybe',
      },
      true,
    );
    const bad2 = site.server.state.addItem(
      staff,
      {
        Title: 'no-email',
        name: 'X',
        role: 'practitioner',
        caseHolding: true,
        employment: 'full-time',
      },
      true,
    );
    const { schedule } = site.openSchedule();
    const r = await schedule.load();
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'Supervision Sessions',
          row: bad1.id,
          column: 'status',
          code: expect.any(String),
        }),
        expect.objectContaining({
          file: 'Supervision Staff',
          row: bad2.id,
          column: 'email',
          code: 'blank-required',
        }),
      ]),
    );
    expect(r.snapshot.sessions).toHaveLength(ORG.sessions.length);
    expect(r.snapshot.staff).toHaveLength(ORG.staff.length);
    for (const p of r.problems) expect(p.message).not.toContain('maybe');
  });

  it('lists the signature trail of many sessions with one request', async () => {
    const { schedule } = site.openSchedule({ pageSize: 25 });
    await schedule.load();
    const held = ORG.sessions.filter((s) => s.status === 'held').slice(0, 6);
    expect(held.length).toBeGreaterThan(3);
    const entry = (sessionId: string, signerId: string, n: number): SignatureEntry => ({
      id: `${sessionId}|${signerId}|h${n}|signed`,
      sessionId,
      signerId,
      signerRole: 'supervisor',
      decision: 'signed',
      at: `2026-11-2${n}T09:00:00.000Z`,
      contentHash: `h${n}`,
      activityId: 'act',
    });
    for (const [i, s] of held.slice(0, 4).entries()) {
      expect(await schedule.appendSignature(entry(s.id, s.supervisorId, 3))).toMatchObject({
        ok: true,
      });
      if (i === 0)
        expect(await schedule.appendSignature(entry(s.id, s.supervisorId, 1))).toMatchObject({
          ok: true,
        });
    }
    const ids = held.map((s) => s.id);
    site.server.resetLog();
    const byId = await schedule.listSignaturesFor([...ids, 'no-such-session']);
    expect(site.server.stats()).toMatchObject({ requests: 1, byEndpoint: { delta: 1 } });
    expect([...byId.keys()].sort()).toEqual([...ids, 'no-such-session'].sort());
    for (const id of ids) expect(byId.get(id)).toEqual(await schedule.listSignatures(id));
    expect(byId.get(ids[0]!)!.map((e) => e.contentHash)).toEqual(['h1', 'h3']); // oldest first
    expect(byId.get(ids[5]!)).toEqual([]);
    expect(byId.get('no-such-session')).toEqual([]);
  });
});
