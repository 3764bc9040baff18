import { myTeam, mySupervision, openActions } from './queries';
import { demoSessions, makeHarness, type DemoSessions, type Harness } from './testing/harness';

let h: Harness;
let ids: DemoSessions;
beforeAll(async () => {
  h = await makeHarness();
  ids = await demoSessions();
});
afterAll(() => h.close());

describe('queries', () => {
  it('mySupervision: next session, open actions, records awaiting my signature', async () => {
    const mine = (await mySupervision(h.ctx, 'fsw-hadley-1'))!;
    expect(mine.next?.id).toBe(ids.upcoming);
    expect(mine.openActions.every((a) => a.ownerId === 'fsw-hadley-1' && !a.doneAt)).toBe(true);
    expect(mine.awaitingMySignature.map((s) => s.id)).toContain(ids.halfSigned);
    expect(mine.summary?.staffId).toBe('fsw-hadley-1');
    expect(mine.findings.every((f) => f.staffId === 'fsw-hadley-1')).toBe(true);
    expect(await mySupervision(h.ctx, 'stranger')).toBeNull();
  });

  it('mySupervision: someone nobody supervises sees it red (no-supervisor, 003 §6)', async () => {
    const mine = (await mySupervision(h.ctx, 'sm-1'))!;
    expect(mine.findings.map((f) => f.kind)).toContain('no-supervisor');
    expect(mine.summary?.rag).toBe('red');
  });

  it('myTeam: only the manager’s own tree', async () => {
    const hadley = (await myTeam(h.ctx, 'tl-hadley'))!;
    const ids = hadley.team.members.map((m) => m.staffId);
    expect(ids).toContain('fsw-hadley-1');
    expect(ids.some((id) => id.includes('wrekin') || id.includes('lakeside'))).toBe(false);
    const all = (await myTeam(h.ctx, 'sm-1'))!.team.members.map((m) => m.staffId);
    expect(all).toEqual(expect.arrayContaining(['tl-hadley', 'tl-wrekin', 'fsw-hadley-1']));
    expect((await myTeam(h.ctx, 'fsw-hadley-1'))!.team.members).toEqual([]);
  });

  it('openActions: mine, not done as of the day, soonest first', async () => {
    const { snapshot } = await h.schedule.load();
    const list = openActions(snapshot, 'fsw-hadley-1', '2026-11-24');
    expect(list.length).toBeGreaterThan(0);
    const done = snapshot.actions.filter(
      (a) => a.ownerId === 'fsw-hadley-1' && a.doneAt && a.doneAt <= '2026-11-24',
    );
    expect(done.length).toBeGreaterThan(0);
    for (const d of done) expect(list.map((a) => a.id)).not.toContain(d.id);
    const dues = list.map((a) => a.due ?? '9999');
    expect([...dues].sort()).toEqual(dues);
  });
});
