/**
 * Event messages (card actions, triage steps) are not planned by the tick, so nothing would
 * ever send them again: MessageDelivery persists each one's content in the outbox before
 * claiming it, and the tick's outbox step resends what failed or was left by a crash, once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { londonInstant } from '../policy/calendar';
import { PROFILES } from '../policy/profiles';
import { ManualClock } from '../ports/clock';
import type { KvStore } from '../ports/kv-store';
import { RecordingLogger, silentLogger, type Logger } from '../ports/logger';
import type { Notifier, OutboundMessage, SendOutcome } from '../ports/notifier';
import { LEDGER_NS, Ledger } from './ledger';
import { OUTBOX_NS } from './outbox';
import { SendQueue } from './send-queue';
import { RecordingNotifier, timeFromClock } from '../scheduler/testing/fake-time';
import { fixedFindings, instance, StaticSource } from '../scheduler/testing/harness';
import { smallOrg } from '../scheduler/testing/org';
import { runTick } from '../scheduler/tick';
import { SqliteKv } from '../store/sqlite-kv';
import { MessageDelivery } from './event-messages';

const profile = PROFILES['telford-sf'];
const MIN = 60_000;

function message(key: string, recipientId = 'tl-1'): OutboundMessage {
  return {
    recipientId,
    key,
    summary: `Please sign the record (${key})`,
    card: {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: `Sign ${key}`, wrap: true }],
      actions: [{ type: 'Action.Execute', title: 'Sign', verb: 'record.sign', data: { key } }],
    },
  };
}

/** 503 for the first `n` attempts of every key (the queue makes 6 attempts per send). */
const failFirst =
  (n: number) =>
  (_m: OutboundMessage, attempt: number): SendOutcome | undefined =>
    attempt <= n ? { status: 'failed', code: '503' } : undefined;

/** One bot instance: its delivery and its scheduler tick over `kv` (no planned notifications). */
function botInstance(
  owner: string,
  kv: KvStore,
  clock: ManualClock,
  notifier: Notifier & RecordingNotifier,
  logger: Logger = silentLogger,
) {
  const ledger = new Ledger(kv, { clock });
  const queue = new SendQueue(notifier, { time: timeFromClock(clock) });
  const delivery = new MessageDelivery({ ledger, queue, owner, logger });
  const tick = instance(
    owner,
    kv,
    clock,
    notifier,
    new StaticSource(smallOrg()),
    profile,
    fixedFindings([]),
    { ledger, logger },
  );
  return { ledger, delivery, tick };
}

async function until(cond: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await cond()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('condition never met');
}

describe('MessageDelivery with the outbox', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'deliver-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a failed event message is resent on the next tick, with its content, and delivered once', async () => {
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock(londonInstant('2026-11-24', '10:00'));
    const teams = new RecordingNotifier(() => clock.now().getTime(), failFirst(6));
    const logger = new RecordingLogger();
    const a = botInstance('A', kv, clock, teams, logger);
    const m = message('sign-request|s-1|supervisee|abc123', 'fsw-1');

    const [first] = await a.delivery.deliver([m]);
    expect(first).toEqual({ key: m.key, outcome: 'failed:503' });
    expect(await a.ledger.get(m.key)).toMatchObject({ state: 'failed' });
    // The content waits in the outbox under the ledger key.
    expect((await kv.get(OUTBOX_NS, m.key))?.value).toMatchObject({
      recipientId: 'fsw-1',
      summary: m.summary,
      card: m.card,
    });

    // Not due yet (the ledger's retry delay): nothing is sent.
    const early = await runTick(a.tick);
    expect(early.outbox).toMatchObject({ resent: 0, waiting: 1 });
    expect(teams.delivered()).toEqual([]);

    clock.advance(5 * MIN);
    const due = await runTick(a.tick);
    expect(due.outbox).toMatchObject({ resent: 1 });
    expect(teams.delivered()).toEqual([m.key]);
    const sent = teams.sends.filter((s) => s.outcome.status === 'sent');
    expect(sent[0]!.message).toEqual(m);
    expect(await a.ledger.get(m.key)).toMatchObject({ state: 'sent', attempts: 2 });
    expect(await kv.list(OUTBOX_NS)).toEqual([]);

    for (let i = 0; i < 3; i++) {
      clock.advance(10 * MIN);
      await runTick(a.tick);
    }
    expect(teams.delivered()).toEqual([m.key]);
    // Ids and codes only: the card's text and the summary never reach the logs.
    const logged = JSON.stringify(logger.lines);
    expect(logged).not.toContain('Please sign');
    expect(logged).not.toContain('Sign sign-request');
    await kv.close();
  });

  it('a message sent at once leaves nothing in the outbox; one already sent is not sent again', async () => {
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock(londonInstant('2026-11-24', '10:00'));
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const a = botInstance('A', kv, clock, teams);
    const m = message('record-request|s-2');
    expect(await a.delivery.deliver([m])).toEqual([{ key: m.key, outcome: 'sent' }]);
    expect(await a.delivery.deliver([m])).toEqual([{ key: m.key, outcome: 'already-sent' }]);
    expect(teams.delivered()).toEqual([m.key]);
    expect(await kv.list(OUTBOX_NS)).toEqual([]);
    await kv.close();
  });

  it('a permanent failure is abandoned and its content removed', async () => {
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock(londonInstant('2026-11-24', '10:00'));
    const teams = new RecordingNotifier(
      () => clock.now().getTime(),
      () => ({ status: 'blocked' }),
    );
    const a = botInstance('A', kv, clock, teams);
    const m = message('triage-sick|sick|2026-11-25|x|ask|tl-1');
    expect(await a.delivery.deliver([m])).toEqual([{ key: m.key, outcome: 'blocked' }]);
    expect(await a.ledger.get(m.key)).toMatchObject({ state: 'abandoned' });
    expect(await kv.list(OUTBOX_NS)).toEqual([]);
    await kv.close();
  });

  it('a crash after claiming but before sending is delivered after the lease, once', async () => {
    const file = join(dir, 'state.db');
    const kvA = new SqliteKv(file);
    const kvB = new SqliteKv(file);
    const clock = new ManualClock(londonInstant('2026-11-24', '10:00'));
    // Instance A dies mid-send: its notifier never answers and nothing is recorded.
    const dead = new RecordingNotifier(() => clock.now().getTime());
    dead.send = () => new Promise<SendOutcome>(() => {});
    const a = botInstance('A', kvA, clock, dead);
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const b = botInstance('B', kvB, clock, teams);
    const m = message('triage-swap|swap|2026-11-26|t|expired|fsw-2', 'fsw-2');

    void a.delivery.deliver([m]);
    await until(async () => (await a.ledger.get(m.key))?.state === 'claimed');

    clock.advance(9 * MIN);
    expect((await runTick(b.tick)).outbox).toMatchObject({ resent: 0, waiting: 1 });
    expect(teams.delivered()).toEqual([]);

    clock.advance(MIN);
    await Promise.all([runTick(b.tick), runTick(b.tick)]);
    clock.advance(MIN);
    await runTick(b.tick);
    expect(teams.delivered()).toEqual([m.key]);
    expect(teams.sends[0]!.message).toEqual(m);
    expect(await b.ledger.get(m.key)).toMatchObject({ state: 'sent', owner: 'B' });
    expect(await kvB.list(OUTBOX_NS)).toEqual([]);
    await kvA.close();
    await kvB.close();
  });

  it('a crash after persisting but before claiming is delivered after the lease, once', async () => {
    const file = join(dir, 'state.db');
    const kvA = new SqliteKv(file);
    const kvB = new SqliteKv(file);
    const clock = new ManualClock(londonInstant('2026-11-24', '10:00'));
    // Instance A's store "dies" right after the outbox write: the claim never happens.
    const crashing: KvStore = Object.assign(Object.create(kvA) as KvStore, {
      insert: (ns: string, key: string, value: never) =>
        ns === LEDGER_NS
          ? Promise.reject(Object.assign(new Error('crash'), { name: 'Crash' }))
          : kvA.insert(ns, key, value),
    });
    const never = new RecordingNotifier(() => clock.now().getTime());
    const a = botInstance('A', crashing, clock, never);
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const b = botInstance('B', kvB, clock, teams);
    const m = message('record-disagreed|s-3|tl-1');

    expect(await a.delivery.deliver([m])).toEqual([{ key: m.key, outcome: 'error' }]);
    expect(never.sends).toEqual([]);
    expect(await b.ledger.get(m.key)).toBeNull();
    expect(await kvB.get(OUTBOX_NS, m.key)).not.toBeNull();

    // Within the grace period it may still be A's in-flight delivery: left alone.
    clock.advance(5 * MIN);
    expect((await runTick(b.tick)).outbox).toMatchObject({ resent: 0, waiting: 1 });
    clock.advance(5 * MIN);
    await Promise.all([runTick(b.tick), runTick(b.tick)]);
    await runTick(b.tick);
    expect(teams.delivered()).toEqual([m.key]);
    expect(await kvB.list(OUTBOX_NS)).toEqual([]);
    await kvA.close();
    await kvB.close();
  });

  it('two scheduler instances over one store resend each outbox entry once', async () => {
    const file = join(dir, 'state.db');
    const kvA = new SqliteKv(file);
    const kvB = new SqliteKv(file);
    const clock = new ManualClock(londonInstant('2026-11-24', '10:00'));
    const failing = new RecordingNotifier(
      () => clock.now().getTime(),
      () => ({
        status: 'failed',
        code: '503',
      }),
    );
    const origin = botInstance('O', kvA, clock, failing);
    const messages = Array.from({ length: 20 }, (_, i) =>
      message(`record-signed|s-${i}|fsw-1`, i % 2 ? 'fsw-1' : 'tl-1'),
    );
    const outcomes = await origin.delivery.deliver(messages);
    expect(outcomes.every((o) => o.outcome === 'failed:503')).toBe(true);

    const teams = new RecordingNotifier(() => clock.now().getTime());
    const a = botInstance('A', kvA, clock, teams);
    const b = botInstance('B', kvB, clock, teams);
    clock.advance(5 * MIN);
    for (let i = 0; i < 3; i++) {
      await Promise.all([runTick(a.tick), runTick(b.tick), runTick(b.tick), runTick(a.tick)]);
      clock.advance(6 * MIN);
    }
    const keys = teams.delivered();
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(messages.map((m) => m.key).sort());
    expect(await kvA.list(OUTBOX_NS)).toEqual([]);
    await kvA.close();
    await kvB.close();
  });

  it('an entry past its maximum age is abandoned, not sent', async () => {
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock(londonInstant('2026-11-24', '10:00'));
    const failing = new RecordingNotifier(() => clock.now().getTime(), failFirst(6));
    const a = botInstance('A', kv, clock, failing);
    const m = message('record-request|s-9');
    await a.delivery.deliver([m]);
    clock.advance(49 * 60 * MIN);
    const r = await runTick(a.tick);
    expect(r.outbox).toMatchObject({ resent: 0, abandoned: 1 });
    expect(failing.delivered()).toEqual([]);
    expect(await a.ledger.get(m.key)).toMatchObject({
      state: 'abandoned',
      outcome: 'outbox-expired',
    });
    expect(await kv.list(OUTBOX_NS)).toEqual([]);
    await kv.close();
  });
});
