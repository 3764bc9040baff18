/**
 * Issue 18, storage in SharePoint mode: the `Supervision Records` list over the Graph test
 * server (real HTTPS, the real Graph SDK). Provisioned with its columns and a unique, indexed
 * session id; read by delta; written with If-Match; created once whatever the answer; the
 * record's JSON kept under the multiple-lines-of-text limit, tested at the limit and one over.
 */
import { emptySnapshot } from '../policy/domain';
import { PENDING_NS } from './graph-schedule';
import { importToSharePoint } from './import';
import { provisionedSite, type Provisioned } from '../test/graph-server/fixture';
import { provision } from './provision';
import { SITE_URL } from '../test/graph-server/fixture';
import { MULTI_LINE_MAX, recordJson } from './record-fields';
import { SNAPSHOT_LISTS } from './schema';
import type { SupervisionRecord } from '../policy/domain';

const record = (over: Partial<SupervisionRecord> = {}): SupervisionRecord => ({
  sections: { wellbeing: 'Feeling settled after the move.', 'learning-development': 'PDR due.' },
  cases: [
    {
      caseId: 'LL-204318',
      discussion: 'What are we worried about? School attendance.',
      decision: 'Step down to universal services in January.',
      riskScale: 6,
      actions: [{ text: 'Call the school', ownerId: 'fsw-1', dueDate: '2026-12-10' }],
      significantDecision: true,
    },
  ],
  nextSessionAt: '2026-12-22T10:00:00.000Z',
  status: 'draft',
  updatedAt: '2026-11-24T10:00:00.000Z',
  ...over,
});

/** A record whose stored JSON is exactly `length` characters long. */
function recordOfLength(length: number): SupervisionRecord {
  const base = record({ sections: { wellbeing: '' } });
  const pad = length - recordJson(base).length;
  const r = record({ sections: { wellbeing: 'x'.repeat(pad) } });
  expect(recordJson(r).length).toBe(length);
  return r;
}

type Schedule = Provisioned['openSchedule'] extends (...a: never[]) => { schedule: infer S }
  ? S
  : never;
/** Saves through the port (RecordWriter.putRecord): a create without a version. */
const save = (s: Schedule, sessionId: string, r: SupervisionRecord, version?: string) =>
  s.putRecord({ sessionId, ...r }, version ?? null);
/** The stored record without its key, or null. */
async function body(s: Schedule, sessionId: string): Promise<SupervisionRecord | null> {
  const got = await s.getRecord(sessionId);
  if (!got) return null;
  expect(got.value.sessionId).toBe(sessionId);
  const rest: Partial<typeof got.value> = { ...got.value };
  delete rest.sessionId;
  return rest as SupervisionRecord;
}

const itemsTitled = (site: Provisioned, title: string) =>
  [...site.list('records').items.values()].filter((i) => i.fields['Title'] === title);

describe('the Supervision Records list', () => {
  let site: Provisioned;
  beforeEach(async () => {
    site = await provisionedSite();
  });
  afterEach(() => site.close());

  it('is provisioned: session id in a unique indexed Title, status indexed, plain-text JSON', async () => {
    const list = site.list('records');
    expect(list.displayName).toBe('Supervision Records');
    const col = (n: string) => list.columns.find((c) => c.name === n);
    expect(col('Title')).toMatchObject({ indexed: true, enforceUniqueValues: true });
    expect(col('status')).toMatchObject({ indexed: true, choice: { choices: ['draft', 'final'] } });
    expect(col('record')).toMatchObject({ text: { allowMultipleLines: true, textType: 'plain' } });
    expect(col('updatedAt')).toMatchObject({ dateTime: { format: 'dateTime' } });
    expect(col('recordFormat')).toMatchObject({ number: {} });
    site.server.resetLog();
    const again = await provision(site.client, SITE_URL);
    expect(again).toMatchObject({ ok: true, report: { listsCreated: [], columnsAdded: [] } });
    expect(site.server.log.filter((e) => e.method !== 'GET')).toEqual([]);
  });

  it('a site provisioned before the list gets it on the next provision run', async () => {
    const records = site.list('records');
    site.server.state.sites.get(site.siteId)!.lists.delete(records.id);
    const out = await provision(site.client, SITE_URL);
    expect(out).toMatchObject({ ok: true, report: { listsCreated: ['Supervision Records'] } });
  });

  it('saves, reads back by delta (one request when unchanged) and sees another user’s edit', async () => {
    // Every read its own round (a press's reads share one: sharepoint/scoped-reads.test.ts).
    const { schedule } = site.openSchedule({ freshForMs: 0 });
    const r = record();
    const saved = await save(schedule, 's-1', r);
    expect(saved).toMatchObject({ ok: true, value: r });
    expect(itemsTitled(site, 's-1')).toHaveLength(1);
    expect(await schedule.getRecord('s-1')).toEqual({
      value: { sessionId: 's-1', ...r },
      version: saved.ok ? saved.version : '',
    });
    site.server.resetLog();
    expect(await schedule.getRecord('nobody')).toBeNull();
    // The record list's delta rides in the request's one `$batch` round.
    expect(site.server.stats()).toMatchObject({ requests: 1, byEndpoint: { batch: 1 } });

    // Someone edits the item in SharePoint: the next read sees it through delta.
    const item = itemsTitled(site, 's-1')[0]!;
    const edited = record({ status: 'final', sections: { wellbeing: 'Edited in the list.' } });
    site.server.state.updateItem(site.list('records'), item.id, {
      status: 'final',
      record: recordJson(edited),
    });
    site.server.resetLog();
    const now = await body(schedule, 's-1');
    expect(now).toMatchObject({
      status: 'final',
      sections: { wellbeing: 'Edited in the list.' },
    });
    expect(site.server.stats()).toMatchObject({ requests: 1, byEndpoint: { batch: 1 } });
  });

  it('updates with If-Match; a stale version is a conflict unless the change is already there', async () => {
    const { schedule } = site.openSchedule();
    const first = await save(schedule, 's-2', record());
    if (!first.ok) throw new Error(first.message);
    site.server.resetLog();
    const second = record({ status: 'final', updatedAt: '2026-11-24T11:00:00.000Z' });
    const updated = await save(schedule, 's-2', second, first.version);
    expect(updated).toMatchObject({ ok: true, value: second });
    if (!updated.ok) throw new Error('not updated');
    expect(updated.version).not.toBe(first.version);
    expect(site.server.log.filter((e) => e.method === 'PATCH')).toHaveLength(1);

    // The same form sent twice with the old version: already there → success (412, re-read).
    const again = await save(
      schedule,
      's-2',
      { ...second, updatedAt: '2026-11-24T11:00:05.000Z' },
      first.version,
    );
    expect(again).toMatchObject({ ok: true });
    // A different change on the old version: a conflict, the stored record untouched.
    const other = record({ sections: { wellbeing: 'Something else' } });
    expect(await save(schedule, 's-2', other, first.version)).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    expect(await body(schedule, 's-2')).toEqual(second);
    expect(site.server.log.some((e) => e.status === 412)).toBe(true);
  });

  it('creates once: the same record again is success, another one a conflict', async () => {
    const { schedule } = site.openSchedule();
    expect(await save(schedule, 's-3', record())).toMatchObject({ ok: true });
    expect(await save(schedule, 's-3', record())).toMatchObject({ ok: true });
    expect(
      await save(schedule, 's-3', record({ sections: { wellbeing: 'different' } })),
    ).toMatchObject({ ok: false, code: 'conflict' });
    expect(itemsTitled(site, 's-3')).toHaveLength(1);
  });

  it('two instances creating at once: the unique Title refuses the second, which re-reads', async () => {
    const a = site.openSchedule().schedule;
    const b = site.openSchedule().schedule;
    // Both have looked at the list (empty) before either writes.
    await a.getRecord('s-4');
    await b.getRecord('s-4');
    expect(await save(a, 's-4', record())).toMatchObject({ ok: true });
    expect(await save(b, 's-4', record())).toMatchObject({ ok: true });
    expect(itemsTitled(site, 's-4')).toHaveLength(1);
  });

  it('a create applied, then answered 503: one item, success, nothing pending', async () => {
    const { schedule, kv } = site.openSchedule();
    await schedule.getRecord('s-5');
    site.server.faults.applyThenErrorEvery = 1;
    site.server.faults.applyThenErrorMethod = 'POST';
    expect(await save(schedule, 's-5', record())).toMatchObject({ ok: true });
    site.server.faults.applyThenErrorEvery = undefined;
    expect(itemsTitled(site, 's-5')).toHaveLength(1);
    expect(await kv.list(PENDING_NS)).toEqual([]);
  });

  it('throttled past the retries: kept pending, replayed on the next load', async () => {
    const { schedule, kv } = site.openSchedule();
    await schedule.load();
    site.server.faults.throttleEvery = 1;
    expect(await save(schedule, 's-6', record())).toMatchObject({
      ok: false,
      code: 'unavailable',
    });
    expect(await kv.list(PENDING_NS)).toHaveLength(1);
    site.server.faults.throttleEvery = undefined;
    await schedule.load();
    expect(await kv.list(PENDING_NS)).toEqual([]);
    expect(await body(schedule, 's-6')).toEqual(record());
  });

  it(`stores a record of exactly ${MULTI_LINE_MAX} characters; one more is refused before sending, nothing lost`, async () => {
    const { schedule } = site.openSchedule();
    const atLimit = recordOfLength(MULTI_LINE_MAX);
    const saved = await save(schedule, 's-7', atLimit);
    expect(saved).toMatchObject({ ok: true });
    if (!saved.ok) return;
    // Read back through a fresh instance: every character came back.
    const fresh = site.openSchedule().schedule;
    expect(await body(fresh, 's-7')).toEqual(atLimit);

    site.server.resetLog();
    const over = recordOfLength(MULTI_LINE_MAX + 1);
    const refused = await save(schedule, 's-7', over, saved.version);
    expect(refused).toMatchObject({ ok: false, code: 'invalid' });
    if (refused.ok) return;
    expect(refused.message).toContain('64,000 characters as stored');
    expect(refused.message).toContain('at most 63,999');
    expect(refused.message).toContain('Shorten it by 1 characters');
    expect(refused.message).toContain('section wellbeing');
    expect(site.server.log.filter((e) => e.method !== 'GET')).toEqual([]);
    expect(await body(fresh, 's-7')).toEqual(atLimit);
    // The same over-long record as a first save: refused, no item made.
    expect(await save(schedule, 's-8', over)).toMatchObject({ ok: false, code: 'invalid' });
    expect(itemsTitled(site, 's-8')).toHaveLength(0);
  });

  it('the test server itself refuses 64,000 characters in a multi-line column', async () => {
    const url = `/sites/${site.siteId}/lists/${site.listIds.records}/items`;
    const fields = { Title: 'raw', status: 'draft' };
    expect(
      await site.client.request('POST', url, {
        fields: { ...fields, record: 'x'.repeat(MULTI_LINE_MAX + 1) },
      }),
    ).toMatchObject({ ok: false, status: 400 });
    expect(
      await site.client.request('POST', url, {
        fields: { ...fields, record: 'x'.repeat(MULTI_LINE_MAX) },
      }),
    ).toMatchObject({ ok: true });
  });

  it('a broken item is reported by id and skipped; saving over it is a conflict naming it', async () => {
    const bad = site.server.state.addItem(site.list('records'), {
      Title: 's-9',
      status: 'draft',
      record: '{"sections": "not an object", "cases": []}',
    });
    const { schedule } = site.openSchedule();
    expect(await schedule.getRecord('s-9')).toBeNull();
    const problems = schedule.recordProblems();
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'Supervision Records',
        row: bad.id,
        code: 'record-unreadable',
      }),
    ]);
    expect(problems[0]!.message).not.toContain('not an object');
    const r = await save(schedule, 's-9', record());
    expect(r).toMatchObject({ ok: false, code: 'conflict' });
    if (!r.ok) expect(r.message).toContain(`Supervision Records item ${bad.id}`);
    expect(site.list('records').items.get(bad.id)!.fields['record']).toContain('not an object');
  });

  it('load() brings the records with the organisation, one delta request a list; a broken item is a problem', async () => {
    const { schedule } = site.openSchedule();
    await schedule.load();
    expect(await save(schedule, 's-10', record())).toMatchObject({ ok: true });
    const bad = site.server.state.addItem(site.list('records'), {
      Title: 's-11',
      status: 'final',
      record: 'not json',
    });
    site.server.resetLog();
    const r = await schedule.load();
    expect(site.server.stats().byEndpoint).toEqual({ batch: 1, delta: SNAPSHOT_LISTS.length });
    expect(r.snapshot.records).toEqual([{ sessionId: 's-10', ...record() }]);
    expect(r.problems).toEqual([
      expect.objectContaining({
        file: 'Supervision Records',
        row: bad.id,
        code: 'record-unreadable',
      }),
    ]);
  });

  it('reads a case with its eTag and sets lastDiscussedAt with If-Match (412 → conflict)', async () => {
    site.server.state.addItem(site.list('cases'), {
      Title: 'LL-204318',
      workerId: 'fsw-1',
      category: 'cp',
      openedAt: '2026-03-01T00:00:00Z',
      lastDiscussedAt: '2026-08-18T23:00:00Z',
    });
    const { schedule } = site.openSchedule();
    const c = await schedule.getCase('LL-204318');
    expect(c?.value).toMatchObject({ caseId: 'LL-204318', lastDiscussedAt: '2026-08-19' });
    if (!c) return;
    const done = await schedule.updateCase(
      'LL-204318',
      { lastDiscussedAt: '2026-11-24' },
      c.version,
    );
    expect(done).toMatchObject({ ok: true, value: { lastDiscussedAt: '2026-11-24' } });
    expect(
      await schedule.updateCase('LL-204318', { lastDiscussedAt: '2026-11-25' }, c.version),
    ).toMatchObject({ ok: false, code: 'conflict' });
    expect(await schedule.updateCase('LL-204318', { workerId: 'x' }, c.version)).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    expect(await schedule.getCase('nope')).toBeNull();
  });

  it('import brings records.csv in: created, then unchanged, then updated; too long is reported and skipped', async () => {
    const { schedule } = site.openSchedule();
    const org = { ...emptySnapshot(), records: [{ sessionId: 's-20', ...record() }] };
    const run = (o: typeof org, dryRun = false) =>
      importToSharePoint(site.client, schedule.cache, site.siteId, site.listIds, o, { dryRun });
    expect((await run(org, true)).counts.records).toMatchObject({ created: 1 });
    expect(itemsTitled(site, 's-20')).toHaveLength(0);
    expect((await run(org)).counts.records).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
      failed: 0,
    });
    expect((await run(org)).counts.records).toMatchObject({ created: 0, unchanged: 1 });
    const changed = { ...org, records: [{ sessionId: 's-20', ...record({ status: 'final' }) }] };
    expect((await run(changed)).counts.records).toMatchObject({ updated: 1 });
    expect((await body(schedule, 's-20'))?.status).toBe('final');
    const long = {
      ...org,
      records: [{ sessionId: 's-21', ...recordOfLength(MULTI_LINE_MAX + 1) }],
    };
    const r = await run(long);
    expect(r.counts.records).toMatchObject({ failed: 1 });
    expect(r.problems).toEqual([
      expect.objectContaining({ file: 'Supervision Records', row: 's-21', code: 'too-long' }),
    ]);
    expect(itemsTitled(site, 's-21')).toHaveLength(0);
  });
});
