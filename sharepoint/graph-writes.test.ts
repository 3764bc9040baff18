import type { Session } from '../policy/domain';
import type { SignatureEntry } from '../ports/schedule';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { itemByTitle, seededSiteForEach } from '../test/graph-server/fixture';
import { recordToFields } from './fields';
import { PENDING_NS } from './graph-schedule';

const ORG = generateOrganisation({
  staff: 20,
  years: 1,
  seed: 11,
  asOf: '2026-11-24',
  profile: 'telford-sf',
});
const scheduled = ORG.sessions.filter((s) => s.status === 'scheduled');

describe('GraphSchedule writes: If-Match, 412 re-check, $batch, pending', () => {
  const site = seededSiteForEach(ORG);

  const otherUserEdits = (id: string, fields: Record<string, unknown>) => {
    const list = site.list('sessions');
    site.server.state.updateItem(list, itemByTitle(list, id).id, fields);
  };

  it('412 after an unrelated concurrent edit is a conflict (the use-case re-reads), as in the embedded store', async () => {
    const { schedule } = site.openSchedule();
    await schedule.load();
    const target = scheduled[0]!;
    const read = (await schedule.getSession(target.id))!;
    expect(read.value.status).toBe('scheduled');
    otherUserEdits(target.id, { plannedMinutes: 120 });
    const r = await schedule.updateSession(
      target.id,
      { status: 'held', heldMinutes: 90 },
      read.version,
    );
    expect(r).toMatchObject({ ok: false, code: 'conflict' });
    expect(itemByTitle(site.list('sessions'), target.id).fields['status']).toBe('scheduled');
    // The use-case re-reads, decides again on what is there, and writes with the new version.
    const fresh = (await schedule.getSession(target.id))!;
    expect(
      await schedule.updateSession(target.id, { status: 'held', heldMinutes: 90 }, fresh.version),
    ).toMatchObject({ ok: true, value: { status: 'held', heldMinutes: 90, plannedMinutes: 120 } });
    // The same card submitted again with the stale version: already done, nothing written twice.
    site.server.resetLog();
    const again = await schedule.updateSession(
      target.id,
      { status: 'held', heldMinutes: 90 },
      read.version,
    );
    expect(again).toMatchObject({ ok: true });
    expect(site.server.log.filter((e) => e.method === 'PATCH' && e.status === 200)).toEqual([]);
  });

  it('a second confirmer with the same stale version and another answer conflicts; the first answer stands', async () => {
    const { schedule } = site.openSchedule();
    await schedule.load();
    const target = scheduled[4]!;
    const read = (await schedule.getSession(target.id))!;
    const a = await schedule.updateSession(
      target.id,
      { status: 'held', heldMinutes: 60 },
      read.version,
    );
    expect(a).toMatchObject({ ok: true });
    const b = await schedule.updateSession(
      target.id,
      { status: 'held', heldMinutes: 90 },
      read.version,
    );
    expect(b).toMatchObject({ ok: false, code: 'conflict' });
    expect(itemByTitle(site.list('sessions'), target.id).fields['heldMinutes']).toBe(60);
  });

  it('a signed-at write on top of a concurrent summary edit conflicts instead of signing unseen content', async () => {
    const { schedule } = site.openSchedule();
    await schedule.load();
    const held = ORG.sessions.find((s) => s.status === 'held')!;
    otherUserEdits(held.id, {
      recordSummary: 'Version A',
      recordCompletedAt: '2026-11-20T10:00:00Z',
      supervisorSignedAt: null,
      superviseeSignedAt: null,
    });
    const v = (await schedule.getSession(held.id))!;
    otherUserEdits(held.id, { recordSummary: 'Version B' });
    const r = await schedule.updateSession(
      held.id,
      { superviseeSignedAt: '2026-11-24T09:00:00.000Z' },
      v.version,
    );
    expect(r).toMatchObject({ ok: false, code: 'conflict' });
    expect(
      itemByTitle(site.list('sessions'), held.id).fields['superviseeSignedAt'],
    ).toBeUndefined();
  });

  it('confirming a session someone cancelled meanwhile is a conflict', async () => {
    const { schedule } = site.openSchedule();
    await schedule.load();
    const target = scheduled[1]!;
    const read = (await schedule.getSession(target.id))!;
    otherUserEdits(target.id, { status: 'cancelled', cancelReason: 'sick' });
    const r = await schedule.updateSession(
      target.id,
      { status: 'held', heldMinutes: 90 },
      read.version,
    );
    expect(r).toMatchObject({ ok: false, code: 'conflict' });
    expect(itemByTitle(site.list('sessions'), target.id).fields['status']).toBe('cancelled');
  });

  it('a signature after the other party signed concurrently conflicts, then lands on the re-read version', async () => {
    const { schedule } = site.openSchedule();
    await schedule.load();
    const held = ORG.sessions.filter((s) => s.status === 'held');
    const [s1, s2] = [held[0]!, held[1]!];
    for (const s of [s1, s2])
      otherUserEdits(s.id, {
        recordCompletedAt: '2026-11-20T10:00:00Z',
        supervisorSignedAt: null,
        superviseeSignedAt: null,
      });

    const v1 = (await schedule.getSession(s1.id))!;
    otherUserEdits(s1.id, { supervisorSignedAt: '2026-11-23T09:00:00Z' });
    const patch = { superviseeSignedAt: '2026-11-23T10:00:00.000Z' };
    expect(await schedule.updateSession(s1.id, patch, v1.version)).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    const fresh = (await schedule.getSession(s1.id))!;
    expect(await schedule.updateSession(s1.id, patch, fresh.version)).toMatchObject({
      ok: true,
      value: {
        supervisorSignedAt: '2026-11-23T09:00:00.000Z',
        superviseeSignedAt: '2026-11-23T10:00:00.000Z',
      },
    });

    const v2 = (await schedule.getSession(s2.id))!;
    otherUserEdits(s2.id, { superviseeSignedAt: '2026-11-22T09:00:00Z' });
    const clash = await schedule.updateSession(
      s2.id,
      { superviseeSignedAt: '2026-11-23T10:00:00.000Z' },
      v2.version,
    );
    expect(clash).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('creates sessions idempotently and refuses a different session under an existing id', async () => {
    const { schedule } = site.openSchedule();
    await schedule.load();
    const fresh: Session = {
      id: 'new-1',
      superviseeId: ORG.staff[1]!.id,
      supervisorId: ORG.staff[0]!.id,
      kind: 'one-to-one',
      scheduledStart: '2026-12-01T10:00:00.000Z',
      status: 'scheduled',
      plannedMinutes: 60,
    };
    expect(await schedule.createSession(fresh)).toMatchObject({ ok: true, value: fresh });
    expect(await schedule.createSession(fresh)).toMatchObject({ ok: true });
    expect(await schedule.createSession({ ...fresh, plannedMinutes: 30 })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    expect(
      [...site.list('sessions').items.values()].filter((i) => i.fields['Title'] === 'new-1'),
    ).toHaveLength(1);
  });

  it.each([409, 400, 500] as const)(
    'a session another writer created between our look and our POST: one row (a %i refusal read as done or conflict)',
    async (refusal) => {
      site.server.behaviour.duplicateStatus = refusal;
      const { schedule } = site.openSchedule();
      await schedule.load();
      const list = site.list('sessions');
      const fresh: Session = {
        id: 'raced-1',
        superviseeId: ORG.staff[1]!.id,
        supervisorId: ORG.staff[0]!.id,
        kind: 'one-to-one',
        scheduledStart: '2026-12-02T10:00:00.000Z',
        status: 'scheduled',
        plannedMinutes: 90,
      };
      const otherWriterAddsFirst = (s: Session) => {
        site.server.hooks.beforeRoute = ({ method, path }) => {
          if (method !== 'POST' || !path.endsWith(`/lists/${list.id}/items`)) return;
          site.server.hooks.beforeRoute = undefined;
          site.server.state.addItem(list, recordToFields('sessions', { ...s }));
        };
      };
      otherWriterAddsFirst(fresh);
      expect(await schedule.createSession(fresh)).toMatchObject({ ok: true });
      const rows = (id: string) =>
        [...list.items.values()].filter((i) => i.fields['Title'] === id).length;
      expect(rows('raced-1')).toBe(1);
      expect(site.server.log.filter((e) => e.status === refusal)).toHaveLength(1);
      // The other writer's session under that id differs: a conflict, still one row.
      const other: Session = { ...fresh, id: 'raced-2' };
      otherWriterAddsFirst({ ...other, plannedMinutes: 30 });
      expect(await schedule.createSession(other)).toMatchObject({ ok: false, code: 'conflict' });
      expect(rows('raced-2')).toBe(1);
    },
  );

  it('keeps a write that fails with 500s pending and replays it on the next tick, once', async () => {
    const { schedule, kv } = site.openSchedule();
    await schedule.load();
    const session = ORG.sessions.find((s) => s.status === 'held')!;
    const entry: SignatureEntry = {
      id: `${session.id}|${session.supervisorId}|abc|signed`,
      sessionId: session.id,
      signerId: session.supervisorId,
      signerRole: 'supervisor',
      decision: 'signed',
      at: '2026-11-24T09:30:00.000Z',
      contentHash: 'abc',
      activityId: 'act-1',
    };
    const target = scheduled[2]!;
    const read = (await schedule.getSession(target.id))!;

    site.server.faults.errorEvery = 1;
    expect(await schedule.appendSignature(entry)).toMatchObject({ ok: false, code: 'unavailable' });
    expect(
      await schedule.updateSession(target.id, { status: 'held', heldMinutes: 60 }, read.version),
    ).toMatchObject({ ok: false, code: 'unavailable' });
    expect(await kv.list(PENDING_NS)).toHaveLength(2);
    expect(site.list('signatures').items.size).toBe(0);

    site.server.faults.errorEvery = undefined;
    const next = await schedule.load();
    expect(await kv.list(PENDING_NS)).toHaveLength(0);
    expect(next.snapshot.sessions.find((s) => s.id === target.id)).toMatchObject({
      status: 'held',
      heldMinutes: 60,
    });
    expect(await schedule.listSignatures(session.id)).toEqual([entry]);
    expect(await schedule.appendSignature(entry)).toMatchObject({ ok: true });
    expect(site.list('signatures').items.size).toBe(1);
  });

  it('does not append a signature while the audit list cannot be read (its duplicate check would be stale)', async () => {
    const { schedule, kv } = site.openSchedule();
    await schedule.load();
    const session = ORG.sessions.find((s) => s.status === 'held')!;
    const entry: SignatureEntry = {
      id: `${session.id}|${session.superviseeId}|h2|signed`,
      sessionId: session.id,
      signerId: session.superviseeId,
      signerRole: 'supervisee',
      decision: 'signed',
      at: '2026-11-24T11:00:00.000Z',
      contentHash: 'h2',
      activityId: 'a-10',
    };
    const before = site.list('signatures').items.size;
    // Item POSTs (a $batch envelope of reads is a POST too).
    const posts = () => site.server.log.filter((l) => l.method === 'POST' && !l.envelope).length;
    const postsBefore = posts();
    site.server.faults.errorEvery = 1; // every read fails; a POST would have landed
    site.server.faults.errorStatus = 503;
    try {
      expect(await schedule.appendSignature(entry)).toMatchObject({
        ok: false,
        code: 'unavailable',
      });
      expect(posts()).toBe(postsBefore);
      expect(site.list('signatures').items.size).toBe(before);
      expect(await kv.list(PENDING_NS)).toHaveLength(1);
    } finally {
      site.server.faults.errorEvery = undefined;
      site.server.faults.errorStatus = undefined;
    }
  });

  it('reports a permission error (403) on a write instead of keeping it pending for ever', async () => {
    const { schedule, kv } = site.openSchedule();
    await schedule.load();
    const target = scheduled[3]!;
    const read = (await schedule.getSession(target.id))!;
    site.server.faults.errorEvery = 1;
    site.server.faults.errorStatus = 403;
    try {
      expect(
        await schedule.updateSession(target.id, { status: 'held', heldMinutes: 60 }, read.version),
      ).toMatchObject({ ok: false, code: 'invalid' });
      expect(await kv.list(PENDING_NS)).toHaveLength(0);
    } finally {
      site.server.faults.errorEvery = undefined;
      site.server.faults.errorStatus = undefined;
    }
  });

  it('updates the rota day with If-Match and reports a concurrent swap as a conflict', async () => {
    const { schedule } = site.openSchedule();
    await schedule.load();
    const day = ORG.rota[0]!;
    const v = (await schedule.getRotaDay(day.date))!;
    const other = ORG.staff.find((s) => s.id !== day.memberId)!;
    expect(await schedule.updateRotaDay(day.date, { status: 'sick' }, v.version)).toMatchObject({
      ok: true,
      value: { status: 'sick' },
    });
    const stale = await schedule.updateRotaDay(
      day.date,
      { memberId: other.id, status: 'swapped' },
      v.version,
    );
    expect(stale).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('a signature whose answer was lost is found by its id at once and not appended twice', async () => {
    const { schedule, kv } = site.openSchedule();
    await schedule.load();
    const session = ORG.sessions.find((s) => s.status === 'held')!;
    const entry: SignatureEntry = {
      id: `${session.id}|${session.superviseeId}|h1|signed`,
      sessionId: session.id,
      signerId: session.superviseeId,
      signerRole: 'supervisee',
      decision: 'signed',
      at: '2026-11-24T10:00:00.000Z',
      contentHash: 'h1',
      activityId: 'a-9',
    };
    site.server.faults.dropAfterEvery = 1;
    site.server.faults.dropAfterMethod = 'POST'; // the audit-list read answers; the POST's answer is lost
    // The failed POST is followed by a re-read by the entry id (not a resend): it is there.
    expect(await schedule.appendSignature(entry)).toMatchObject({ ok: true });
    expect(site.list('signatures').items.size).toBe(1); // it did reach SharePoint, once
    site.server.faults.dropAfterEvery = undefined;
    site.server.faults.dropAfterMethod = undefined;
    await schedule.load();
    expect(await kv.list(PENDING_NS)).toHaveLength(0);
    expect(site.list('signatures').items.size).toBe(1);
    expect(await schedule.listSignatures(session.id)).toEqual([entry]);
  });

  describe('agreed actions are written with If-Match', () => {
    const action = ORG.actions[0]!;
    const text = () => itemByTitle(site.list('actions'), action.id).fields['text'];
    const editInSharePoint = (fields: Record<string, unknown>) =>
      site.server.state.updateItem(
        site.list('actions'),
        itemByTitle(site.list('actions'), action.id).id,
        fields,
      );

    it.each([409, 400, 500] as const)(
      'a new action another writer added between our look and our POST: one row (refused with %i)',
      async (refusal) => {
        site.server.behaviour.duplicateStatus = refusal;
        const { schedule } = site.openSchedule();
        await schedule.load();
        const list = site.list('actions');
        const fresh = { ...action, id: `${action.id}-raced`, text: 'Agreed at the session' };
        site.server.hooks.beforeRoute = ({ method, path, inBatch }) => {
          if (method !== 'POST' || !inBatch || !path.endsWith(`/lists/${list.id}/items`)) return;
          site.server.hooks.beforeRoute = undefined;
          site.server.state.addItem(list, recordToFields('actions', { ...fresh }));
        };
        expect(await schedule.upsertActions([fresh])).toMatchObject({ ok: true });
        expect([...list.items.values()].filter((i) => i.fields['Title'] === fresh.id)).toHaveLength(
          1,
        );
        expect(site.server.log.some((e) => e.status === refusal)).toBe(true);
      },
    );

    it('an action edited in SharePoint since it was read is not overwritten', async () => {
      const { schedule, kv } = site.openSchedule();
      await schedule.load();
      editInSharePoint({ text: 'Edited in SharePoint' });
      expect(await schedule.upsertActions([{ ...action, text: 'Bot text' }])).toMatchObject({
        ok: false,
        code: 'conflict',
      });
      expect(text()).toBe('Edited in SharePoint');
      expect(await kv.list(PENDING_NS)).toEqual([]);
      // Once the edit has been read, a write based on it lands.
      await schedule.load();
      expect(await schedule.upsertActions([{ ...action, text: 'Bot text' }])).toMatchObject({
        ok: true,
      });
      expect(text()).toBe('Bot text');
      // Unchanged content is not written again.
      site.server.resetLog();
      expect(await schedule.upsertActions([{ ...action, text: 'Bot text' }])).toMatchObject({
        ok: true,
      });
      expect(site.server.log.filter((e) => e.method !== 'GET')).toEqual([]);
    });

    it('a concurrent edit that made the very same change is success, not a conflict', async () => {
      const { schedule } = site.openSchedule();
      await schedule.load();
      editInSharePoint({ text: 'Bot text' });
      expect(await schedule.upsertActions([{ ...action, text: 'Bot text' }])).toMatchObject({
        ok: true,
      });
      expect(site.server.log.filter((e) => e.status === 412)).toHaveLength(1);
    });

    it('a kept action write replayed after an edit in SharePoint is dropped, not overwritten', async () => {
      const { schedule, kv } = site.openSchedule();
      await schedule.load();
      site.server.faults.errorEvery = 1;
      site.server.faults.errorStatus = 503;
      try {
        expect(await schedule.upsertActions([{ ...action, text: 'Bot text' }])).toMatchObject({
          ok: false,
          code: 'unavailable',
        });
      } finally {
        site.server.faults.errorEvery = undefined;
        site.server.faults.errorStatus = undefined;
      }
      expect(await kv.list(PENDING_NS)).toHaveLength(1);
      editInSharePoint({ text: 'Edited in SharePoint' });
      await schedule.load();
      expect(await kv.list(PENDING_NS)).toEqual([]);
      expect(text()).toBe('Edited in SharePoint');
    });
  });
});
