/**
 * GraphSchedule's ScopedReads (issue 14): the same answers as a whole load, kept current by one
 * shared delta round (one `$batch`), and never a write over someone's edit however stale a
 * read inside the round's window is.
 */
import { silentLogger } from '../ports/logger';
import { hasScopedReads } from '../ports/schedule';
import { SnapshotReads } from '../usecases/scoped-reads';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { expectTeamsAsWhole } from '../test/scoped-reads-agree';
import { itemByTitle, provisionedSite, type Provisioned } from '../test/graph-server/fixture';
import { GraphSchedule } from './graph-schedule';
import { SnapshotCache } from './snapshot-cache';

const ORG = generateOrganisation({ staff: 40, years: 1, seed: 11, asOf: '2026-11-24' });
const byId = <T extends { id: string }>(xs: T[]) =>
  [...xs].sort((a, b) => a.id.localeCompare(b.id));

describe('GraphSchedule ScopedReads', () => {
  let site: Provisioned;
  let mono = 0;
  const open = () => {
    const { kv, clock } = site.openSchedule();
    return new GraphSchedule({
      client: site.client,
      siteId: site.siteId,
      listIds: site.listIds,
      kv,
      logger: silentLogger,
      clock,
      freshForMs: 1000,
      monotonicNow: () => mono,
    });
  };
  beforeEach(async () => {
    site = await provisionedSite();
    site.seed(ORG);
  });
  afterEach(() => site.close());

  it('answers as the whole snapshot does', async () => {
    const schedule = open();
    expect(hasScopedReads(schedule)).toBe(true);
    const whole = new SnapshotReads(async () => (await schedule.load()).snapshot);
    const people = ORG.staff.slice(0, 12).map((s) => s.id);
    const sessions = ORG.sessions.filter((_, i) => i % 37 === 0).map((s) => s.id);
    expect(byId(await schedule.staffByIds(people))).toEqual(byId(await whole.staffByIds(people)));
    expect(byId(await schedule.sessionsByIds(sessions))).toEqual(
      byId(await whole.sessionsByIds(sessions)),
    );
    expect(byId(await schedule.actionsOfSessions(sessions))).toEqual(
      byId(await whole.actionsOfSessions(sessions)),
    );
    for (const id of people) {
      for (const side of ['supervisee', 'supervisor'] as const)
        expect(byId(await schedule.sessionsOf(id, side))).toEqual(
          byId(await whole.sessionsOf(id, side)),
        );
      expect(byId(await schedule.actionsOwnedBy(id))).toEqual(byId(await whole.actionsOwnedBy(id)));
      const cases = (xs: Array<{ caseId: string }>) =>
        [...xs].sort((a, b) => a.caseId.localeCompare(b.caseId));
      expect(cases(await schedule.casesOf(id))).toEqual(cases(await whole.casesOf(id)));
    }
    await expectTeamsAsWhole(schedule, whole, ORG.staff);
  });

  it('reads share one delta round ($batch: one request); a later read sees an edit made in SharePoint', async () => {
    const schedule = open();
    await schedule.load();
    const s = ORG.sessions.find((x) => x.status === 'scheduled')!;
    await schedule.listSignaturesFor([s.id]); // as the tick's re-check does: the audit list is read
    const other = ORG.staff.find((x) => x.id !== s.superviseeId && !x.leftDate)!;
    mono += 5000;
    site.server.resetLog();
    await Promise.all([
      schedule.getSession(s.id),
      schedule.sessionsOf(s.superviseeId, 'supervisee'),
      schedule.staffByIds([s.supervisorId]),
    ]);
    await schedule.actionsOfSessions([s.id]);
    expect(site.server.stats()).toMatchObject({ requests: 1, byEndpoint: { batch: 1, delta: 6 } });

    const list = site.list('sessions');
    site.server.state.updateItem(list, itemByTitle(list, s.id).id, { superviseeId: other.id });
    mono += 5000;
    site.server.resetLog();
    expect((await schedule.sessionsOf(other.id, 'supervisee')).map((x) => x.id)).toContain(s.id);
    expect(
      (await schedule.sessionsOf(s.superviseeId, 'supervisee')).map((x) => x.id),
    ).not.toContain(s.id);
    expect(site.server.stats().requests).toBe(1);
  });

  it("a press's writes find their items through the indexes, never by reading a whole list", async () => {
    const schedule = open();
    await schedule.load();
    const scans = jest.spyOn(SnapshotCache.prototype, 'parsedList');
    try {
      const action = ORG.actions[0]!;
      const c = ORG.cases[0]!;
      const s = ORG.sessions.find((x) => x.status === 'scheduled')!;
      // Changed, created and unchanged actions in one write.
      const upsert = await schedule.upsertActions([
        { ...action, text: 'Revised wording' },
        { ...action, id: 'act-new-1' },
        ORG.actions[1]!,
      ]);
      expect(upsert).toMatchObject({ ok: true });
      const created = await schedule.createSession({ ...s, id: 'sess-new-1' });
      expect(created).toMatchObject({ ok: true });
      // Created again (a card pressed twice): the same session is success.
      expect(await schedule.createSession({ ...s, id: 'sess-new-1' })).toMatchObject({ ok: true });
      const read = (await schedule.getCase(c.caseId))!;
      expect(read.value.caseId).toBe(c.caseId);
      const updated = await schedule.updateCase(
        c.caseId,
        { lastDiscussedAt: '2026-11-20' },
        read.version,
      );
      expect(updated).toMatchObject({ ok: true });
      expect(await schedule.getCase('no-such-case')).toBeNull();
      expect(scans).not.toHaveBeenCalled();
    } finally {
      scans.mockRestore();
    }
    mono += 5000;
    const after = (await schedule.load()).snapshot;
    expect(after.actions.find((a) => a.id === ORG.actions[0]!.id)!.text).toBe('Revised wording');
    expect(after.actions.some((a) => a.id === 'act-new-1')).toBe(true);
    expect(after.sessions.filter((x) => x.id === 'sess-new-1')).toHaveLength(1);
    expect(after.cases.find((x) => x.caseId === ORG.cases[0]!.caseId)!.lastDiscussedAt).toBe(
      '2026-11-20',
    );
  });

  it('a read inside the window may be behind SharePoint, but its write meets the edit (412), never overwrites it', async () => {
    const schedule = open();
    await schedule.load();
    const s = ORG.sessions.find((x) => x.status === 'scheduled')!;
    mono += 5000;
    const read = (await schedule.getSession(s.id))!;
    const list = site.list('sessions');
    const item = itemByTitle(list, s.id);
    site.server.state.updateItem(list, item.id, { plannedMinutes: 45 }); // someone's edit
    const stale = (await schedule.getSession(s.id))!; // same round: not seen yet
    expect(stale.version).toBe(read.version);
    const r = await schedule.updateSession(s.id, { plannedMinutes: 75 }, stale.version);
    expect(r).toMatchObject({ ok: false, code: 'conflict' });
    expect(item.fields['plannedMinutes']).toBe(45);
    mono += 5000;
    expect((await schedule.getSession(s.id))!.value.plannedMinutes).toBe(45);
  });
});
