/**
 * KvSchedule's behaviour as one jest suite, run over both KvStore adapters
 * (store/kv-schedule.test.ts on SQLite, store/azure-table-kv.test.ts on Azurite).
 */
import { randomUUID } from 'node:crypto';
import type { OrgSnapshot, Session } from '../policy/domain';
import type { KvStore } from '../ports/kv-store';
import type { SignatureEntry } from '../ports/schedule';
import { importSnapshot, KvSchedule } from './kv-schedule';
import { NAMESPACES } from './schedule-docs';

/** A tiny Telford-style organisation using the demo ids. */
export function smallOrg(): OrgSnapshot {
  return {
    staff: [
      {
        id: 'sm-1',
        name: 'Service Manager',
        email: 'sm@example.org',
        role: 'service-manager',
        caseHolding: false,
        employment: 'full-time',
      },
      {
        id: 'tl-hadley',
        name: 'Team Leader',
        email: 'tl@example.org',
        role: 'team-leader',
        caseHolding: false,
        employment: 'full-time',
        supervisorId: 'sm-1',
        team: 'Hadley Castle',
      },
      {
        id: 'fsw-hadley-1',
        name: 'Worker',
        email: 'fsw@example.org',
        role: 'practitioner',
        caseHolding: true,
        employment: 'full-time',
        supervisorId: 'tl-hadley',
        team: 'Hadley Castle',
        startDate: '2024-01-08',
      },
    ],
    sessions: [
      {
        id: 's-2',
        superviseeId: 'fsw-hadley-1',
        supervisorId: 'tl-hadley',
        kind: 'one-to-one',
        scheduledStart: '2026-11-26T10:00:00.000Z',
        plannedMinutes: 90,
        status: 'scheduled',
      },
      {
        id: 's-1',
        superviseeId: 'fsw-hadley-1',
        supervisorId: 'tl-hadley',
        kind: 'one-to-one',
        scheduledStart: '2026-11-23T10:00:00.000Z',
        plannedMinutes: 90,
        status: 'scheduled',
      },
      {
        id: 's-0',
        superviseeId: 'fsw-hadley-1',
        supervisorId: 'tl-hadley',
        kind: 'one-to-one',
        scheduledStart: '2026-10-20T10:00:00.000Z',
        status: 'held',
        heldMinutes: 95,
        recordCompletedAt: '2026-10-21T16:00:00.000Z',
        supervisorSignedAt: '2026-10-22T09:00:00.000Z',
      },
    ],
    agreements: [
      { superviseeId: 'fsw-hadley-1', supervisorId: 'tl-hadley', signedAt: '2026-01-12' },
    ],
    absences: [
      { staffId: 'tl-hadley', from: '2026-12-21', to: '2026-12-24', reason: 'annual-leave' },
    ],
    rota: [
      { date: '2026-11-24', hub: 'Hadley Castle', memberId: 'tl-hadley', status: 'planned' },
      { date: '2026-11-25', hub: 'Hadley Castle', status: 'planned' },
    ],
    actions: [
      {
        id: 'a-1',
        sessionId: 's-0',
        ownerId: 'fsw-hadley-1',
        text: 'Update chronology',
        due: '2026-11-20',
      },
    ],
    cases: [
      {
        caseId: 'EH-1001',
        workerId: 'fsw-hadley-1',
        category: 'high',
        openedAt: '2026-06-01',
        lastDiscussedAt: '2026-10-20',
      },
    ],
    records: [
      {
        sessionId: 's-0',
        sections: { 'agenda-items': 'Caseload' },
        cases: [
          {
            caseId: 'EH-1001',
            discussion: 'Plan reviewed',
            decision: 'Continue',
            actions: [{ text: 'Call school', ownerId: 'fsw-hadley-1', dueDate: '2026-11-20' }],
            significantDecision: false,
          },
        ],
        status: 'final',
        updatedAt: '2026-11-10T15:00:00.000Z',
      },
    ],
  };
}

export function describeKvScheduleSuite(name: string, open: () => Promise<KvStore>): void {
  describe(`KvSchedule on ${name}`, () => {
    let kv: KvStore;
    let schedule: KvSchedule;

    beforeEach(async () => {
      kv = await open();
      schedule = new KvSchedule(kv);
      await importSnapshot(kv, smallOrg());
    });

    afterEach(async () => {
      await kv.close();
    });

    test('load returns the imported snapshot, sorted, with no problems', async () => {
      const { snapshot, problems } = await schedule.load();
      expect(problems).toEqual([]);
      expect(snapshot.staff.map((s) => s.id)).toEqual(['fsw-hadley-1', 'sm-1', 'tl-hadley']);
      expect(snapshot.sessions.map((s) => s.id)).toEqual(['s-0', 's-1', 's-2']);
      const org = smallOrg();
      expect(snapshot.agreements).toEqual(org.agreements);
      expect(snapshot.absences).toEqual(org.absences);
      expect(snapshot.rota).toEqual(org.rota);
      expect(snapshot.actions).toEqual(org.actions);
      expect(snapshot.cases).toEqual(org.cases);
      expect(snapshot.records).toEqual(org.records);
      expect(snapshot.sessions.find((s) => s.id === 's-0')).toEqual(org.sessions[2]);
    });

    test('a second import changes nothing; dry run and replace count removals', async () => {
      const again = await importSnapshot(kv, smallOrg());
      expect(again.problems).toEqual([]);
      for (const c of Object.values(again.counts)) {
        expect(c.created + c.updated + c.removed).toBe(0);
      }
      expect(again.counts.sessions.unchanged).toBe(3);

      const org = smallOrg();
      org.sessions = org.sessions.filter((s) => s.id !== 's-2');
      org.staff[0] = { ...org.staff[0]!, team: 'Central' };
      const dry = await importSnapshot(kv, org, { replace: true, dryRun: true });
      expect(dry.counts.sessions).toEqual({ created: 0, updated: 0, unchanged: 2, removed: 1 });
      expect(dry.counts.staff).toEqual({ created: 0, updated: 1, unchanged: 2, removed: 0 });
      expect((await schedule.load()).snapshot.sessions).toHaveLength(3);

      const kept = await importSnapshot(kv, org);
      expect(kept.counts.sessions.removed).toBe(0);
      expect((await schedule.load()).snapshot.sessions).toHaveLength(3);

      const real = await importSnapshot(kv, org, { replace: true });
      expect(real.counts.sessions.removed).toBe(1);
      const { snapshot } = await schedule.load();
      expect(snapshot.sessions.map((s) => s.id)).toEqual(['s-0', 's-1']);
      expect(snapshot.staff.find((s) => s.id === 'sm-1')?.team).toBe('Central');
    });

    test('records: create-only then ETag-checked replace; cases patched with their version', async () => {
      const existing = (await schedule.getRecord('s-0'))!;
      expect(existing.value).toEqual(smallOrg().records[0]);
      const next = { ...existing.value, sessionId: 's-1', status: 'draft' as const };
      const created = await schedule.putRecord(next, null);
      expect(created.ok).toBe(true);
      // Creating again (someone else wrote first) is a conflict, never an overwrite.
      expect(await schedule.putRecord(next, null)).toMatchObject({ ok: false, code: 'conflict' });
      if (!created.ok) throw new Error('not created');
      const changed = { ...next, sections: { 'agenda-items': 'Changed' } };
      expect((await schedule.putRecord(changed, created.version)).ok).toBe(true);
      expect(await schedule.putRecord(changed, created.version)).toMatchObject({
        ok: false,
        code: 'conflict',
      });
      expect(
        await schedule.putRecord({ ...changed, cases: [{ caseId: '' }] } as never, null),
      ).toMatchObject({ ok: false, code: 'invalid' });

      const c = (await schedule.getCase('EH-1001'))!;
      const moved = await schedule.updateCase(
        'EH-1001',
        { lastDiscussedAt: '2026-11-23' },
        c.version,
      );
      expect(moved).toMatchObject({ ok: true, value: { lastDiscussedAt: '2026-11-23' } });
      expect(
        await schedule.updateCase('EH-1001', { lastDiscussedAt: '2026-11-24' }, c.version),
      ).toMatchObject({ ok: false, code: 'conflict' });
      expect((await schedule.load()).snapshot.cases[0]!.lastDiscussedAt).toBe('2026-11-23');
    });

    test('import reports invalid and duplicate rows and keeps the rest', async () => {
      const org = smallOrg();
      org.sessions.push({ ...org.sessions[0]!, id: 's-bad', status: 'maybe' as Session['status'] });
      org.cases.push({ ...org.cases[0]! });
      const result = await importSnapshot(kv, org);
      expect(result.problems.map((p) => [p.file, p.code])).toEqual([
        ['org.sessions', 'invalid-row'],
        ['org.cases', 'duplicate-key'],
      ]);
      expect(JSON.stringify(result.problems)).not.toContain('Worker');
    });

    test('load reports a malformed stored document and skips it', async () => {
      await kv.upsert(NAMESPACES.sessions, 's-broken', { id: 's-broken', status: 'held' });
      await kv.upsert(NAMESPACES.rota, '2026-13-01', { date: 'not a date' });
      await kv.upsert(NAMESPACES.staff, 'x', { ...smallOrg().staff[0]!, id: 'y' });
      const { snapshot, problems } = await schedule.load();
      expect(snapshot.sessions).toHaveLength(3);
      expect(problems.map((p) => [p.file, p.row, p.code])).toEqual([
        ['org.staff', 'x', 'invalid-document'],
        ['org.sessions', 's-broken', 'invalid-document'],
        ['org.rota', '2026-13-01', 'invalid-document'],
      ]);
      expect(problems[1]?.column).toBe('superviseeId');
    });

    test('updateSession with the read version succeeds and moves the version', async () => {
      const read = await schedule.getSession('s-1');
      if (!read) throw new Error('missing');
      const w = await schedule.updateSession(
        's-1',
        { status: 'held', heldMinutes: 90 },
        read.version,
      );
      expect(w.ok).toBe(true);
      if (!w.ok) return;
      expect(w.value).toMatchObject({
        id: 's-1',
        status: 'held',
        heldMinutes: 90,
        plannedMinutes: 90,
      });
      expect(w.version).not.toBe(read.version);
      expect((await schedule.getSession('s-1'))?.version).toBe(w.version);
      // The stale version is now a conflict.
      const stale = await schedule.updateSession('s-1', { status: 'not-held' }, read.version);
      expect(stale).toMatchObject({ ok: false, code: 'conflict' });
      expect((await schedule.getSession('s-1'))?.value.status).toBe('held');
    });

    test('updateSession: not-found, invalid patch, id change, clearing a field', async () => {
      expect(await schedule.updateSession('nope', { status: 'held' }, '*')).toMatchObject({
        ok: false,
        code: 'not-found',
      });
      const read = await schedule.getSession('s-1');
      if (!read) throw new Error('missing');
      const bad = await schedule.updateSession(
        's-1',
        { status: 'gone' as Session['status'] },
        read.version,
      );
      expect(bad).toMatchObject({ ok: false, code: 'invalid' });
      expect(await schedule.updateSession('s-1', { id: 's-9' }, read.version)).toMatchObject({
        code: 'invalid',
      });
      const cleared = await schedule.updateSession(
        's-1',
        { plannedMinutes: undefined },
        read.version,
      );
      expect(cleared.ok).toBe(true);
      expect((await schedule.getSession('s-1'))?.value).not.toHaveProperty('plannedMinutes');
    });

    test('two concurrent updates from the same version: one wins, the other conflicts', async () => {
      const read = await schedule.getSession('s-1');
      if (!read) throw new Error('missing');
      const other = new KvSchedule(kv);
      const [a, b] = await Promise.all([
        schedule.updateSession('s-1', { status: 'held', heldMinutes: 60 }, read.version),
        other.updateSession('s-1', { status: 'cancelled', cancelReason: 'sick' }, read.version),
      ]);
      expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
      const loser = a.ok ? b : a;
      expect(loser).toMatchObject({ ok: false, code: 'conflict' });
      const winner = a.ok ? a : b;
      expect((await schedule.getSession('s-1'))?.value.status).toBe(
        winner.ok ? winner.value.status : '',
      );
    });

    test('createSession is idempotent on id; different content conflicts', async () => {
      const s: Session = {
        id: `s-new-${randomUUID().slice(0, 4)}`,
        superviseeId: 'fsw-hadley-1',
        supervisorId: 'tl-hadley',
        kind: 'one-to-one',
        scheduledStart: '2026-12-22T10:00:00.000Z',
        status: 'scheduled',
      };
      const first = await schedule.createSession(s);
      expect(first.ok).toBe(true);
      const again = await schedule.createSession({ ...s });
      expect(again).toMatchObject({ ok: true, version: first.ok ? first.version : '' });
      expect(await schedule.createSession({ ...s, plannedMinutes: 30 })).toMatchObject({
        ok: false,
        code: 'conflict',
      });
      expect(
        await schedule.createSession({ ...s, id: 's-x', kind: 'chat' as Session['kind'] }),
      ).toMatchObject({
        ok: false,
        code: 'invalid',
      });
    });

    test('upsertActions is idempotent and updates changed actions', async () => {
      const before = await kv.get(NAMESPACES.actions, 'a-1');
      expect((await schedule.upsertActions(smallOrg().actions)).ok).toBe(true);
      expect((await kv.get(NAMESPACES.actions, 'a-1'))?.etag).toBe(before?.etag);
      const done = { ...smallOrg().actions[0]!, doneAt: '2026-11-24' };
      const added = { id: 'a-2', sessionId: 's-1', ownerId: 'tl-hadley', text: 'Book joint visit' };
      expect((await schedule.upsertActions([done, added])).ok).toBe(true);
      const { snapshot } = await schedule.load();
      expect(snapshot.actions).toEqual([done, added]);
      expect(await schedule.upsertActions([{ ...added, ownerId: '' }])).toMatchObject({
        code: 'invalid',
      });
    });

    test('signatures: append-only, idempotent on id, listed per session in time order', async () => {
      const base: SignatureEntry = {
        id: 's-0|tl-hadley|abc|signed',
        sessionId: 's-0',
        signerId: 'tl-hadley',
        signerRole: 'supervisor',
        decision: 'signed',
        at: '2026-11-24T10:00:00.000Z',
        contentHash: 'abc',
        activityId: 'act-1',
      };
      const sup = await schedule.appendSignature(base);
      expect(sup.ok).toBe(true);
      // A retried card submission a moment later appends nothing new.
      expect((await schedule.appendSignature({ ...base, at: '2026-11-24T10:00:05.000Z' })).ok).toBe(
        true,
      );
      const disagreed: SignatureEntry = {
        ...base,
        id: 's-0|fsw-hadley-1|abc|disagreed',
        signerId: 'fsw-hadley-1',
        signerRole: 'supervisee',
        decision: 'disagreed',
        comment: 'The plan was not agreed',
        at: '2026-11-24T09:00:00.000Z',
      };
      expect((await schedule.appendSignature({ ...disagreed, comment: ' ' })).ok).toBe(false);
      expect((await schedule.appendSignature(disagreed)).ok).toBe(true);
      // Another session whose id shares the prefix is not listed.
      await schedule.appendSignature({
        ...base,
        id: 's-0x|tl-hadley|abc|signed',
        sessionId: 's-0x',
      });
      const listed = await schedule.listSignatures('s-0');
      expect(listed.map((s) => s.id)).toEqual([disagreed.id, base.id]);
      expect(listed[1]?.at).toBe(base.at);
      expect(await schedule.appendSignature({ ...base, contentHash: 'different' })).toMatchObject({
        ok: false,
        code: 'conflict',
      });
      expect(await schedule.listSignatures('nobody')).toEqual([]);
      const batch = await schedule.listSignaturesFor(['s-0', 's-0x', 'nobody']);
      expect([...batch.keys()]).toEqual(['s-0', 's-0x', 'nobody']);
      expect(batch.get('s-0')).toEqual(listed);
      expect(batch.get('s-0x')!.map((e) => e.id)).toEqual(['s-0x|tl-hadley|abc|signed']);
      expect(batch.get('nobody')).toEqual([]);
    });

    test('rota day: get, update with version, conflict on a stale version', async () => {
      const day = await schedule.getRotaDay('2026-11-25');
      expect(day?.value).toEqual({ date: '2026-11-25', hub: 'Hadley Castle', status: 'planned' });
      if (!day) return;
      const w = await schedule.updateRotaDay('2026-11-25', { memberId: 'sp-hadley' }, day.version);
      expect(w).toMatchObject({ ok: true, value: { memberId: 'sp-hadley', status: 'planned' } });
      expect(
        await schedule.updateRotaDay('2026-11-25', { status: 'sick' }, day.version),
      ).toMatchObject({
        code: 'conflict',
      });
      expect(await schedule.getRotaDay('2030-01-01')).toBeNull();
      expect(await schedule.updateRotaDay('2030-01-01', { status: 'sick' }, '*')).toMatchObject({
        code: 'not-found',
      });
    });
  });
}
