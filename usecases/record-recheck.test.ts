import { ManualClock } from '../ports/clock';
import { RecordingLogger } from '../ports/logger';
import { PROFILES } from '../policy/profiles';
import { MessageDelivery } from '../delivery/event-messages';
import { Ledger } from '../delivery/ledger';
import { SendQueue } from '../delivery/send-queue';
import { runTick } from '../scheduler/tick';
import { RecordingNotifier, timeFromClock } from '../scheduler/testing/fake-time';
import { calendar } from '../scheduler/testing/harness';
import { runCardAction } from '../present/card-actions';
import { recheckAndRender as recheckSignedRecords } from '../present/recheck';
import { recheckCandidates } from './record-recheck';
import { recordContent, recordHash } from './record-hash';
import { demoSessions, makeHarness, request, type Harness } from './testing/harness';

const SUPERVISOR = 'tl-hadley';
const SUPERVISEE = 'fsw-hadley-1';
const SUMMARY = 'Discussed the case in depth; plan agreed.';
let PAST: string;
beforeAll(async () => {
  ({ past: PAST } = await demoSessions());
});

let h: Harness;
let reads: { lists: number; batches: number; batchIds: number };
beforeEach(async () => {
  h = await makeHarness();
  reads = { lists: 0, batches: 0, batchIds: 0 };
  const inner = h.ctx.writer;
  h.ctx.writer = {
    ...inner,
    listSignatures: (id) => (reads.lists++, inner.listSignatures(id)),
    listSignaturesFor: (ids) => (
      reads.batches++,
      (reads.batchIds += ids.length),
      inner.listSignaturesFor(ids)
    ),
  };
  const steps = [
    request(SUPERVISOR, 'session.held', { sessionId: PAST, heldMinutes: 90, action1Text: 'Do it' }),
    request(SUPERVISOR, 'record.complete', { sessionId: PAST, recordSummary: SUMMARY }),
    request(SUPERVISOR, 'record.sign', { sessionId: PAST }),
    request(SUPERVISEE, 'record.sign', { sessionId: PAST }),
  ];
  for (const r of steps) expect((await runCardAction(h.ctx, r)).kind).toBe('card');
  const s = (await h.schedule.getSession(PAST))!.value;
  expect(s.supervisorSignedAt && s.superviseeSignedAt).toBeTruthy();
  reads = { lists: 0, batches: 0, batchIds: 0 };
});
afterEach(() => h.close());

async function hashNow(): Promise<string> {
  const s = (await h.schedule.getSession(PAST))!.value;
  return recordHash(recordContent(s, s.recordSummary, (await h.schedule.load()).snapshot.actions));
}

/** An edit made in SharePoint itself: straight to the store, not through the bot. */
async function editDirectly(summary: string): Promise<void> {
  const e = (await h.schedule.getSession(PAST))!;
  expect((await h.schedule.updateSession(PAST, { recordSummary: summary }, e.version)).ok).toBe(
    true,
  );
}

describe('recheckSignedRecords', () => {
  it('finds signed records of the lookback window, hashed from the snapshot alone', async () => {
    const { snapshot } = await h.schedule.load();
    const now = h.clock.now().toISOString();
    const c = recheckCandidates(snapshot, now, 30).find((x) => x.session.id === PAST);
    expect(c?.hash).toBe(await hashNow());
    // Outside the window: nothing to check.
    expect(recheckCandidates(snapshot, '2027-06-01T09:00:00.000Z', 30)).toEqual([]);
  });

  it('an unchanged signed record: one batch read, nothing voided or sent', async () => {
    const { snapshot } = await h.schedule.load();
    const r = await recheckSignedRecords(h.ctx, snapshot);
    expect(r).toMatchObject({ stale: 0, voided: 0, messages: [] });
    expect(r.candidates).toBeGreaterThan(0);
    expect(reads).toMatchObject({ lists: 0, batches: 1 });
    expect(h.counts.signatures).toBe(2); // the two `signed` entries, nothing new
  });

  it('a dry run counts but changes nothing', async () => {
    await editDirectly('Edited in SharePoint after signing.');
    const { snapshot } = await h.schedule.load();
    const r = await recheckSignedRecords(h.ctx, snapshot, { dryRun: true });
    expect(r).toMatchObject({ stale: 1, voided: 0, messages: [] });
    const s = (await h.schedule.getSession(PAST))!.value;
    expect(s.supervisorSignedAt && s.superviseeSignedAt).toBeTruthy();
  });
});

describe('the tick re-checks signed records edited outside the bot', () => {
  function tickDeps(owner = 'A') {
    const notifier = new RecordingNotifier(() => h.clock.now().getTime());
    const clock = h.clock as ManualClock;
    const queue = new SendQueue(notifier, { time: timeFromClock(clock) });
    const logger = new RecordingLogger();
    const ledger = new Ledger(h.kv, { clock });
    const delivery = new MessageDelivery({ ledger, queue, owner, logger });
    return {
      notifier,
      logger,
      deps: {
        source: h.schedule,
        kv: h.kv,
        profile: PROFILES['telford-sf'],
        calendar,
        clock,
        logger,
        queue,
        evaluate: () => ({ findings: [] }) as never,
        owner,
        ledger,
        outbox: false as const,
        recheck: {
          run: (
            snapshot: Parameters<typeof recheckSignedRecords>[1],
            o: { dryRun: boolean; lookbackDays: number },
          ) => recheckSignedRecords(h.ctx, snapshot, o),
          deliver: (m: Parameters<MessageDelivery['deliver']>[0]) => delivery.deliver(m),
        },
      },
    };
  }

  it('voids both signatures, re-requests them with the new hash, once', async () => {
    await editDirectly('Edited in SharePoint after signing.');
    const hash = await hashNow();
    const { deps, notifier, logger } = tickDeps();
    const report = await runTick(deps);
    expect(report.recheck).toMatchObject({ stale: 1, voided: 2, requested: 2 });

    const s = (await h.schedule.getSession(PAST))!.value;
    expect(s.supervisorSignedAt).toBeUndefined();
    expect(s.superviseeSignedAt).toBeUndefined();
    const voided = (await h.schedule.listSignatures(PAST)).filter((e) => e.decision === 'voided');
    expect(voided.map((e) => e.signerRole).sort()).toEqual(['supervisee', 'supervisor']);
    expect(voided.every((e) => e.contentHash !== hash)).toBe(true);

    const keys = notifier.delivered().filter((k) => k.includes(PAST));
    expect(keys.sort()).toEqual([
      `sign-request|${PAST}|supervisee|${hash.slice(0, 16)}`,
      `sign-request|${PAST}|supervisor|${hash.slice(0, 16)}`,
    ]);
    // Ids and codes only: the record's text never reaches the log.
    expect(JSON.stringify([logger.lines, h.logger.lines])).not.toContain('Edited in SharePoint');

    const again = await runTick(deps);
    expect(again.recheck).toMatchObject({ stale: 0, voided: 0, requested: 0 });
    expect(notifier.delivered().filter((k) => k.includes(PAST))).toHaveLength(2);
    expect(
      (await h.schedule.listSignatures(PAST)).filter((e) => e.decision === 'voided'),
    ).toHaveLength(2);
  });

  it('at night it waits: the edit is re-requested the next working morning', async () => {
    await editDirectly('Edited in SharePoint after signing.');
    const { deps, notifier } = tickDeps();
    const clock = h.clock as ManualClock;
    clock.set('2026-11-24T21:00:00.000Z');
    const night = await runTick(deps);
    expect(night.recheck).toBeUndefined();
    expect(notifier.delivered()).toEqual([]);
    expect((await h.schedule.getSession(PAST))!.value.supervisorSignedAt).toBeTruthy();
    clock.set('2026-11-25T08:45:00.000Z');
    expect((await runTick(deps)).recheck).toMatchObject({ voided: 2, requested: 2 });
  });

  it('a dry-run tick only counts', async () => {
    await editDirectly('Edited in SharePoint after signing.');
    const { deps, notifier } = tickDeps();
    const report = await runTick({ ...deps, dryRun: true });
    expect(report.recheck).toMatchObject({ stale: 1, voided: 0, requested: 0 });
    expect(notifier.delivered()).toEqual([]);
    expect((await h.schedule.getSession(PAST))!.value.supervisorSignedAt).toBeTruthy();
  });
});
