import { ManualClock } from '../ports/clock';
import { silentLogger } from '../ports/logger';
import { SqliteKv } from '../store/sqlite-kv';
import { CONV_REFS_NS, runHousekeeping } from './housekeeping';
import { Ledger } from '../delivery/ledger';
import { OUTBOX_NS, Outbox } from '../delivery/outbox';
import { smallOrg } from './testing/org';

describe('housekeeping', () => {
  it('prunes old settled entries, keeps open escalations and live claims, forgets leavers', async () => {
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock('2026-06-01T09:00:00Z');
    const ledger = new Ledger(kv, { clock });
    const sent = async (key: string, recipientId: string) => {
      await ledger.claim(key, 'A', 60_000, { recipientId });
      await ledger.markSent(key);
    };
    await sent('prep|s-old|supervisee', 'fsw-2');
    await sent('escalation|agreement-missing|fsw-2|L0', 'tl-1');
    await ledger.claim('confirm-request|s-live', 'A', 60_000, { recipientId: 'tl-1' });
    clock.set('2026-11-24T09:00:00Z');
    await sent('prep|s-new|supervisee', 'fsw-2');
    await sent('prep|s-leaver|supervisee', 'fsw-1');
    await kv.upsert(CONV_REFS_NS, 'fsw-1', { conversationId: 'c1' });
    await kv.upsert(CONV_REFS_NS, 'fsw-2', { conversationId: 'c2' });
    const org = smallOrg();
    org.staff.find((s) => s.id === 'fsw-1')!.leftDate = '2026-11-20';

    const r = await runHousekeeping(
      { kv, clock, logger: silentLogger, retainDays: 90 },
      org,
      new Set(['agreement-missing|fsw-2']),
    );
    expect(r).toEqual({
      ledgerPruned: 1,
      leaverLedgerDeleted: 1,
      leaverRefsDeleted: 1,
      outboxPruned: 0,
      auditPruned: 0,
    });
    expect((await ledger.list()).map((e) => e.key).sort()).toEqual([
      'confirm-request|s-live',
      'escalation|agreement-missing|fsw-2|L0',
      'prep|s-new|supervisee',
    ]);
    expect((await kv.list(CONV_REFS_NS)).map((e) => e.key)).toEqual(['fsw-2']);
  });
});

describe("housekeeping: an admin's copy of an open finding", () => {
  it('is kept while the finding stands (no-supervisor goes to each admin under its own key)', async () => {
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock('2026-06-01T09:00:00Z');
    const ledger = new Ledger(kv, { clock });
    for (const key of [
      'escalation|no-supervisor|dir-1|admin|sm-1|L0',
      'escalation|no-supervisor|gone-1|admin|sm-1|L0',
    ]) {
      await ledger.claim(key, 'A', 60_000, { recipientId: 'sm-1' });
      await ledger.markSent(key);
    }
    clock.set('2026-11-24T09:00:00Z');
    await runHousekeeping(
      { kv, clock, logger: silentLogger, retainDays: 90 },
      smallOrg(),
      new Set(['no-supervisor|dir-1']),
    );
    expect((await ledger.list()).map((e) => e.key)).toEqual([
      'escalation|no-supervisor|dir-1|admin|sm-1|L0',
    ]);
    await kv.close();
  });
});

describe('housekeeping: the outbox', () => {
  it("prunes settled, leavers' and very old entries; keeps those still to be sent", async () => {
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock('2026-06-01T09:00:00Z');
    const ledger = new Ledger(kv, { clock });
    const outbox = new Outbox(kv, clock);
    const put = (key: string, recipientId: string) =>
      outbox.put({ key, recipientId, summary: 's', card: { type: 'AdaptiveCard' } });
    // Failed long ago and never resent (the tick was off): past retainDays.
    await put('record-request|s-ancient', 'tl-1');
    await ledger.claim('record-request|s-ancient', 'A', 60_000, { recipientId: 'tl-1' });
    await ledger.markFailed('record-request|s-ancient', 'failed:503', true);
    clock.set('2026-11-24T09:00:00Z');
    // Sent, but the process died before removing the content.
    await put('record-signed|s-1|tl-1', 'tl-1');
    await ledger.claim('record-signed|s-1|tl-1', 'A', 60_000, { recipientId: 'tl-1' });
    await ledger.markSent('record-signed|s-1|tl-1');
    // To a leaver.
    await put('triage-swap|swap|2026-11-26|t|expired|fsw-1', 'fsw-1');
    // Failed recently: the tick will retry it.
    await put('record-request|s-2', 'tl-1');
    await ledger.claim('record-request|s-2', 'A', 60_000, { recipientId: 'tl-1' });
    await ledger.markFailed('record-request|s-2', 'failed:503', true);
    // Persisted a moment ago, not claimed yet (a delivery in flight).
    await put('record-request|s-3', 'tl-1');
    const org = smallOrg();
    org.staff.find((s) => s.id === 'fsw-1')!.leftDate = '2026-11-20';

    const r = await runHousekeeping({ kv, clock, logger: silentLogger, retainDays: 90 }, org);
    expect(r.outboxPruned).toBe(3);
    expect((await kv.list(OUTBOX_NS)).map((e) => e.key)).toEqual([
      'record-request|s-2',
      'record-request|s-3',
    ]);
  });
});

describe('housekeeping from the tick', () => {
  it('runs once a day, on whichever instance claims it first', async () => {
    const { runTick } = await import('./tick');
    const { RecordingNotifier } = await import('./testing/fake-time');
    const { fixedFindings, instance, StaticSource } = await import('./testing/harness');
    const { PROFILES } = await import('../policy/profiles');
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock('2026-11-24T09:00:00Z');
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const org = smallOrg();
    org.staff.find((s) => s.id === 'fsw-1')!.leftDate = '2026-11-20';
    await kv.upsert(CONV_REFS_NS, 'fsw-1', { conversationId: 'c1' });
    const mk = (o: string) =>
      instance(
        o,
        kv,
        clock,
        teams,
        new StaticSource(org),
        PROFILES['durham-eh'],
        fixedFindings([]),
        { housekeeping: {} },
      );
    const [a, b] = await Promise.all([runTick(mk('A')), runTick(mk('B'))]);
    expect([a.housekeeping, b.housekeeping].filter(Boolean)).toEqual([
      {
        ledgerPruned: 0,
        leaverLedgerDeleted: 0,
        leaverRefsDeleted: 1,
        outboxPruned: 0,
        auditPruned: 0,
      },
    ]);
    clock.advance(3600_000);
    expect((await runTick(mk('A'))).housekeeping).toBeUndefined();
    clock.advance(86_400_000);
    expect((await runTick(mk('B'))).housekeeping).toBeDefined();
  });
});

describe('housekeeping: signature audit retention', () => {
  it('prunes audit entries past the retention through the injected step, and reports the count', async () => {
    const { KvSchedule } = await import('../store/kv-schedule');
    const { pruneSignatureAudit } = await import('../store/audit-retention');
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock('2026-11-24T09:00:00Z');
    const audit = new KvSchedule(kv);
    const entry = (sessionId: string, at: string) => ({
      id: `${sessionId}|tl-1|hash|signed`,
      sessionId,
      signerId: 'tl-1',
      signerRole: 'supervisor' as const,
      decision: 'signed' as const,
      at,
      contentHash: 'hash',
      activityId: 'a-1',
    });
    expect((await audit.appendSignature(entry('s-2018', '2018-05-01T10:00:00.000Z'))).ok).toBe(
      true,
    );
    expect((await audit.appendSignature(entry('s-2026', '2026-10-01T10:00:00.000Z'))).ok).toBe(
      true,
    );

    const r = await runHousekeeping(
      {
        kv,
        clock,
        logger: silentLogger,
        pruneAudit: async () =>
          (await pruneSignatureAudit(kv, { clock, retentionYears: 7 })).pruned,
      },
      smallOrg(),
    );
    expect(r.auditPruned).toBe(1);
    expect(await audit.listSignatures('s-2018')).toEqual([]);
    expect((await audit.listSignatures('s-2026')).map((e) => e.sessionId)).toEqual(['s-2026']);
  });
});
