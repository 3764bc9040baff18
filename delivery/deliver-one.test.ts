/**
 * The delivery room's one path (claim → render → send → record → settle the outbox), as the
 * tick, the outbox resend and the event messages use it: exactly once across instances, across
 * a crash between claim and record, and across 429s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../ports/clock';
import type { OutboundMessage, SendOutcome } from '../ports/notifier';
import { RecordingNotifier, timeFromClock } from '../scheduler/testing/fake-time';
import { SqliteKv } from '../store/sqlite-kv';
import { deliverOne, type DeliveryRoom, type Parcel, type Rendered } from './deliver-one';
import { Ledger } from './ledger';
import { Outbox } from './outbox';
import { SendQueue } from './send-queue';

const MIN = 60_000;
const card = { type: 'AdaptiveCard', version: '1.5', body: [] };

describe('deliverOne', () => {
  let dir: string;
  let clock: ManualClock;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'deliver-one-'));
    clock = new ManualClock(new Date('2026-11-24T09:00:00Z'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function room(
    owner: string,
    notifier: RecordingNotifier,
    extra: Partial<DeliveryRoom> = {},
  ): DeliveryRoom {
    const kv = new SqliteKv(join(dir, 'state.db'));
    return {
      ledger: new Ledger(kv, { clock }),
      queue: new SendQueue(notifier, { time: timeFromClock(clock), maxAttempts: 2 }),
      owner,
      leaseMs: 30_000,
      ...extra,
    };
  }
  function parcel(key: string, render: Parcel['render'] = () => ({ card, summary: key })): Parcel {
    return { key, recipientId: 'sw-1', render };
  }

  it('two instances delivering the same key at once send it once, and only the winner renders', async () => {
    const teams = new RecordingNotifier(() => clock.now().getTime());
    let renders = 0;
    const render = (): Rendered => (renders++, { card, summary: 'x' });
    const [a, b] = await Promise.all([
      deliverOne(room('A', teams), parcel('prep|s-1|2026-11-26|supervisee', render)),
      deliverOne(room('B', teams), parcel('prep|s-1|2026-11-26|supervisee', render)),
    ]);
    expect([a.status, b.status].sort()).toEqual(['held-by-other', 'sent']);
    expect(renders).toBe(1);
    expect(teams.delivered()).toEqual(['prep|s-1|2026-11-26|supervisee']);
    // Later, anyone: already sent, nothing rendered or sent.
    const again = await deliverOne(
      room('B', teams),
      parcel('prep|s-1|2026-11-26|supervisee', render),
    );
    expect(again.status).toBe('already-sent');
    expect(renders).toBe(1);
  });

  it('a claim left by a crash is taken over after its lease, and sent once', async () => {
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const dead = room('dead', teams);
    // The dead instance claimed and never sent nor recorded.
    await dead.ledger.claim('k|crash', 'dead', dead.leaseMs, { recipientId: 'sw-1' });
    expect((await deliverOne(room('B', teams), parcel('k|crash'))).status).toBe('held-by-other');
    expect(teams.sends).toHaveLength(0);
    clock.advance(dead.leaseMs + 1);
    const d = await deliverOne(room('B', teams), parcel('k|crash'));
    expect(d.status).toBe('sent');
    expect(d.status === 'sent' && d.attempt).toBe(2);
    expect(teams.delivered()).toEqual(['k|crash']);
  });

  it('429s: recorded as a retryable failure that waits out Retry-After, then sent once', async () => {
    let throttle = true;
    const teams = new RecordingNotifier(
      () => clock.now().getTime(),
      (): SendOutcome | undefined =>
        throttle ? { status: 'throttled', retryAfterMs: 20 * MIN } : undefined,
    );
    const r = room('A', teams);
    const first = await deliverOne(r, parcel('k|429'));
    expect(first).toMatchObject({ status: 'failed', code: 'throttled', state: 'failed' });
    const entry = await r.ledger.get('k|429');
    expect(entry?.retryAt).toBeGreaterThanOrEqual(clock.now().getTime() + 20 * MIN - 10_000);
    throttle = false;
    clock.advance(5 * MIN);
    expect((await deliverOne(r, parcel('k|429'))).status).toBe('held-by-other');
    clock.advance(20 * MIN);
    expect((await deliverOne(r, parcel('k|429'))).status).toBe('sent');
    expect(teams.delivered()).toEqual(['k|429']);
  });

  it('settles the outbox: removed once sent or given up, kept while a retry is to come', async () => {
    let fail = true;
    const teams = new RecordingNotifier(
      () => clock.now().getTime(),
      (): SendOutcome | undefined => (fail ? { status: 'failed', code: '503' } : undefined),
    );
    const kv = new SqliteKv(join(dir, 'state.db'));
    const outbox = new Outbox(kv, clock);
    const r = room('A', teams, { outbox });
    const m: OutboundMessage = { key: 'k|out', recipientId: 'sw-1', card, summary: 's' };
    const etag = await outbox.put(m);
    const p = { ...parcel('k|out'), outboxEtag: etag };
    expect((await deliverOne(r, p)).status).toBe('failed');
    expect(await outbox.get('k|out')).not.toBeNull();
    fail = false;
    clock.advance(10 * MIN);
    expect((await deliverOne(r, p)).status).toBe('sent');
    expect(await outbox.get('k|out')).toBeNull();

    const gone = { key: 'k|gone', recipientId: 'sw-1', card, summary: 's' };
    const goneEtag = await outbox.put(gone);
    const d = await deliverOne(r, {
      ...parcel('k|gone', () => ({ giveUp: 'outbox-expired' })),
      outboxEtag: goneEtag,
    });
    expect(d).toEqual({ status: 'given-up', code: 'outbox-expired' });
    expect((await r.ledger.get('k|gone'))?.state).toBe('abandoned');
    expect(await outbox.get('k|gone')).toBeNull();
  });

  it('nothing to send is recorded not-applicable for good; a render error is retryable', async () => {
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const r = room('A', teams);
    expect(
      await deliverOne(
        r,
        parcel('k|moved-on', () => null),
      ),
    ).toEqual({
      status: 'given-up',
      code: 'not-applicable',
    });
    expect((await r.ledger.get('k|moved-on'))?.state).toBe('abandoned');
    const broken = () => {
      throw Object.assign(new Error('x'), { code: 'no-renderer' });
    };
    expect(await deliverOne(r, parcel('k|broken', broken))).toEqual({
      status: 'render-failed',
      code: 'no-renderer',
    });
    expect((await r.ledger.get('k|broken'))?.state).toBe('failed');
    expect(teams.sends).toHaveLength(0);
  });

  it('a message that delivers others (a digest) records each of them as sent', async () => {
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const r = room('A', teams);
    const d = await deliverOne(
      r,
      parcel('digest|sm-1|2026-11-24', () => ({
        card,
        summary: 'digest',
        delivers: ['escalation|record-overdue|s-1|L1'],
      })),
    );
    expect(d.status).toBe('sent');
    expect(await r.ledger.get('escalation|record-overdue|s-1|L1')).toMatchObject({
      state: 'sent',
      outcome: 'digest:digest|sm-1|2026-11-24',
    });
    expect(teams.delivered()).toEqual(['digest|sm-1|2026-11-24']);
  });
});
