/**
 * The tab's JSON views and writes in local mode (X-Dev-User), over the demo organisation on
 * its anchor day: my supervision, my team, history, CSV, the audit sample, the triage month,
 * and the sign / swap writes going through the card use-cases (same audit trail, `tab`).
 */
import { demoSessions, type DemoSessions } from '../../usecases/testing/harness';
import { startTabServer, type TabServer } from './tab-server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, checked by the assertions
type Json = any;
type Day = {
  date: string;
  gap: boolean;
  rotaDay: boolean;
  memberId: string | null;
  inMonth: boolean;
  mine: boolean;
  canSwap: boolean;
  swapOpen: boolean;
};
type Sign = { sessionId: string; contentHash: string };

let tab: TabServer;
let demo: DemoSessions;

beforeAll(async () => {
  tab = await startTabServer({ mode: 'local' });
  demo = await demoSessions();
});
afterAll(async () => {
  await tab?.close();
});

async function call(as: string | null, path: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (as) headers['X-Dev-User'] = as;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${tab.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Json };
}

/** The record's hash as the page shows it to `userId` (what the page sends back when signing). */
async function hashOf(userId: string, sessionId: string): Promise<string> {
  const me = (await call(userId, '/api/tab/me')).json();
  return me.awaitingSignature.find((x: Sign) => x.sessionId === sessionId).contentHash;
}

test('local mode: the developer picker lists the demo staff; no identity → 401', async () => {
  expect((await call(null, '/api/tab/mode')).json()).toEqual({ mode: 'local' });
  const people = (await call(null, '/api/tab/dev/people')).json().people as Array<{ id: string }>;
  expect(people.map((p) => p.id)).toEqual(expect.arrayContaining(['sm-1', 'fsw-hadley-1']));
  expect((await call(null, '/api/tab/me')).status).toBe(401);
});

test('the picker starts on the person with most reporting to them, not the first id (issue 17)', async () => {
  const body = (await call(null, '/api/tab/dev/people')).json() as {
    people: Array<{ id: string; role: string }>;
    suggested: string;
  };
  expect(body.people[0]?.id).not.toBe(body.suggested);
  // A manager with a team to show (the first id was a business-support officer with none).
  expect(body.suggested).toMatch(/^(sm|tl)-/);
  const team = (await call(body.suggested, '/api/tab/team')).json() as { rows?: unknown[] };
  expect(team.rows?.length ?? 0).toBeGreaterThan(0);
});

test('my supervision: next session, what to prepare, the year, records to sign', async () => {
  const me = (await call('fsw-hadley-1', '/api/tab/me')).json();
  expect(me.next.id).toBe(demo.upcoming);
  expect(me.next.withName).toBe('Helen Ashford');
  expect(me.prepare.items.length).toBeGreaterThan(0);
  expect(me.prepare.openActions.length).toBeGreaterThan(0);
  expect(me.year.held).toBeGreaterThan(0);
  const waiting = me.awaitingSignature.map((s: { sessionId: string }) => s.sessionId);
  expect(waiting).toContain(demo.halfSigned);
  expect(me.hasTeam).toBe(false);
});

test('my team: one row per supervisee with RAG, sorted by id; history drills in', async () => {
  const team = (await call('tl-hadley', '/api/tab/team')).json();
  const row = team.rows.find((r: { staffId: string }) => r.staffId === 'fsw-hadley-1');
  expect(row).toMatchObject({ name: expect.any(String), team: 'Hadley Castle' });
  expect(['red', 'amber', 'green']).toContain(row.rag);
  expect(team.counts.red + team.counts.amber + team.counts.green).toBe(team.rows.length);
  const hist = (await call('tl-hadley', '/api/tab/people/fsw-hadley-1')).json();
  expect(hist.sessions.length).toBeGreaterThan(3);
  expect(hist.sessions[0].date >= hist.sessions[1].date).toBe(true);
});

test('CSV export: text/csv, a row per person, no case ids or record text', async () => {
  const r = await call('tl-hadley', '/api/tab/team.csv');
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
  const lines = r.text.trim().split('\r\n');
  const team = (await call('tl-hadley', '/api/tab/team')).json();
  expect(lines).toHaveLength(team.rows.length + 1);
  expect(lines[0]).toContain('"Staff id","Name"');
  const snapshot = (await tab.harness.ctx.source.load()).snapshot;
  for (const c of snapshot.cases) expect(r.text).not.toContain(c.caseId);
  for (const s of snapshot.sessions)
    if (s.recordSummary) expect(r.text).not.toContain(s.recordSummary);
});

// Changed by issue 12: Telford (the demo) samples 4 supervision files over the supervision year
// (003 §10) and 4 open cases per hub each half-year (003 QA table), not 4 one-to-ones a month.
test('audit sample: 4 supervision files of the year, inside my tree, the same every time', async () => {
  const a = (await call('sm-1', '/api/tab/audit-sample?month=2026-10')).json();
  const b = (await call('sm-1', '/api/tab/audit-sample?month=2026-10')).json();
  expect(a.picked).toHaveLength(Math.min(4, a.population));
  expect(a.population).toBeGreaterThan(4);
  expect(new Set(a.picked.map((p: { superviseeId: string }) => p.superviseeId)).size).toBe(
    a.picked.length,
  );
  expect(b.picked).toEqual(a.picked);
  expect(a.period).toMatchObject({ from: '2026-04', to: '2027-03' });
  // Another month of the same supervision year: the same files.
  const other = (await call('sm-1', '/api/tab/audit-sample?month=2026-09')).json();
  expect(other.picked).toEqual(a.picked);
  expect(a.rule.casesPerHub.size).toBe(4);
  const tl = (await call('tl-wrekin', '/api/tab/audit-sample?month=2026-10')).json();
  for (const p of tl.picked) expect(p.superviseeId).toMatch(/wrekin/);
  expect((await call('sm-1', '/api/tab/audit-sample?month=2026-13')).status).toBe(400);
});

test('triage month: weeks from Monday, gaps from today, my days marked', async () => {
  const t = (await call('tl-hadley', '/api/tab/triage?month=2026-12')).json();
  expect(t.enabled).toBe(true);
  expect(t.weeks[0][0].weekday).toBe(1);
  const days = t.weeks.flat();
  expect(days.filter((d: Day) => d.inMonth)).toHaveLength(31);
  expect(days.some((d: Day) => d.mine)).toBe(true);
  expect(days.filter((d: Day) => d.gap && (!d.rotaDay || d.memberId))).toEqual([]);
  expect(days.find((d: Day) => d.date === '2026-12-25').rotaDay).toBe(false);
});

test('sign from the tab: same use-case, audit entry with activityId "tab", once', async () => {
  const me = (await call('fsw-hadley-1', '/api/tab/me')).json();
  const item = me.awaitingSignature.find((s: Sign) => s.sessionId === demo.halfSigned);
  const body = { sessionId: item.sessionId, decision: 'sign', contentHash: item.contentHash };
  const r = await call('fsw-hadley-1', '/api/tab/sign', body);
  expect(r.status).toBe(200);
  const again = await call('fsw-hadley-1', '/api/tab/sign', body);
  expect(again.status).toBe(200);
  const entries = await tab.harness.schedule.listSignatures(demo.halfSigned);
  const mine = entries.filter((e) => e.signerId === 'fsw-hadley-1' && e.decision === 'signed');
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({
    activityId: 'tab',
    signerRole: 'supervisee',
    contentHash: item.contentHash,
  });
  const session = await tab.harness.schedule.getSession(demo.halfSigned);
  expect(session?.value.superviseeSignedAt).toBe('2026-11-24T09:30:00.000Z');
  // Both have now signed: the other party is told, through the deliver hook (the signer sees
  // it on the page; issue 17: no second copy of the final record to them).
  expect(tab.delivered.map((m) => m.recipientId).sort()).toEqual(['tl-hadley']);
  const after = (await call('fsw-hadley-1', '/api/tab/me')).json();
  expect(after.awaitingSignature.map((s: Sign) => s.sessionId)).not.toContain(demo.halfSigned);
});

test('sign needs the hash the page showed; a non-party learns nothing, not even existence', async () => {
  const { snapshot } = await tab.harness.ctx.source.load();
  const s = snapshot.sessions.find(
    (x) => x.recordCompletedAt && !x.superviseeSignedAt && x.superviseeId !== 'fsw-hadley-1',
  )!;
  const before = await tab.harness.schedule.listSignatures(s.id);
  // A signature covers what the signer saw: without the hash there is nothing to sign.
  for (const decision of ['sign', 'disagree']) {
    const bare = await call(s.superviseeId, '/api/tab/sign', {
      sessionId: s.id,
      decision,
      comment: 'Not what we agreed.',
    });
    expect(bare.status).toBe(400);
  }
  expect(await tab.harness.schedule.listSignatures(s.id)).toEqual(before);

  const outsider = 'fsw-lakeside-1';
  expect([s.supervisorId, s.superviseeId]).not.toContain(outsider);
  const body = { decision: 'sign', contentHash: 'f'.repeat(64) };
  const real = await call(outsider, '/api/tab/sign', { ...body, sessionId: s.id });
  const madeUp = await call(outsider, '/api/tab/sign', { ...body, sessionId: 'no-such-session' });
  expect([real.status, madeUp.status]).toEqual([403, 403]);
  expect(real.json()).toEqual(madeUp.json());
  for (const id of [s.supervisorId, s.superviseeId]) {
    const name = snapshot.staff.find((p) => p.id === id)!.name;
    expect(real.text).not.toContain(name);
  }
});

test('sign refusals: a stale hash 409, someone else 403, disagree without a comment 400', async () => {
  const s = (await tab.harness.ctx.source.load()).snapshot.sessions.find(
    (x) => x.recordCompletedAt && !x.superviseeSignedAt && x.superviseeId !== 'fsw-hadley-1',
  )!;
  const stale = await call(s.superviseeId, '/api/tab/sign', {
    sessionId: s.id,
    decision: 'sign',
    contentHash: 'f'.repeat(64),
  });
  expect(stale.status).toBe(409);
  const other = await call('fsw-wrekin-1', '/api/tab/sign', { sessionId: s.id, decision: 'sign' });
  expect(other.status).toBe(403);
  const bare = await call(s.superviseeId, '/api/tab/sign', {
    sessionId: s.id,
    decision: 'disagree',
  });
  expect(bare.status).toBe(400);
  const disagree = await call(s.superviseeId, '/api/tab/sign', {
    sessionId: s.id,
    decision: 'disagree',
    comment: 'The actions are not what we agreed.',
    contentHash: await hashOf(s.superviseeId, s.id),
  });
  expect(disagree.status).toBe(200);
  const entries = await tab.harness.schedule.listSignatures(s.id);
  expect(entries.find((e) => e.decision === 'disagreed')).toMatchObject({
    activityId: 'tab',
    comment: 'The actions are not what we agreed.',
  });
});

test('swap from the tab goes through the card use-case', async () => {
  const t = (await call('tl-hadley', '/api/tab/triage?month=2026-12')).json();
  const day = t.weeks.flat().find((d: Day) => d.canSwap);
  expect(day).toBeDefined();
  const r = await call('tl-hadley', '/api/tab/triage/swap', { date: day.date, to: 'hub' });
  expect(r.status).toBe(200);
  expect(tab.delivered.some((m) => m.key.startsWith('triage-swap|'))).toBe(true);
  const after = (await call('tl-hadley', '/api/tab/triage?month=2026-12')).json();
  expect(after.weeks.flat().find((d: Day) => d.date === day.date).swapOpen).toBe(true);
  const notMine = await call('fsw-hadley-1', '/api/tab/triage/swap', { date: day.date, to: 'hub' });
  expect(notMine.status).toBe(403);
});

test('my team lists the managers I can narrow to: me first, then managers in my tree', async () => {
  const sm = (await call('sm-1', '/api/tab/team')).json();
  const ids = sm.managers.map((m: { id: string }) => m.id);
  expect(ids[0]).toBe('sm-1');
  expect(ids).toEqual(expect.arrayContaining(['tl-hadley', 'tl-wrekin', 'sp-hadley']));
  expect(ids).not.toContain('fsw-hadley-1');
  const tl = (await call('tl-hadley', '/api/tab/team')).json();
  expect(tl.managers.map((m: { id: string }) => m.id)).not.toContain('sm-1');
});

test('history shows the group sessions a person attended (CONTRACT "Group supervision")', async () => {
  const created = await tab.harness.schedule.createSession({
    id: 'grp-tab-1',
    superviseeId: '',
    supervisorId: 'tl-hadley',
    kind: 'group',
    scheduledStart: '2026-11-17T14:00:00.000Z',
    status: 'held',
    heldMinutes: 90,
    attendees: ['fsw-hadley-1', 'fsw-hadley-2'],
  });
  expect(created.ok).toBe(true);
  const hist = (await call('tl-hadley', '/api/tab/people/fsw-hadley-1')).json();
  const g = hist.sessions.find((s: { id: string }) => s.id === 'grp-tab-1');
  expect(g).toMatchObject({ kind: 'group', attended: true, withName: 'Helen Ashford' });
  const other = (await call('sm-1', '/api/tab/people/fsw-hadley-3')).json();
  expect(other.sessions.some((s: { id: string }) => s.id === 'grp-tab-1')).toBe(false);
});
