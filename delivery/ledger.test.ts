import { ManualClock } from '../ports/clock';
import { SqliteKv } from '../store/sqlite-kv';
import { Ledger } from './ledger';

describe('Ledger', () => {
  let kv: SqliteKv;
  let clock: ManualClock;
  beforeEach(() => {
    kv = new SqliteKv(':memory:');
    clock = new ManualClock('2026-11-24T09:00:00Z');
  });
  afterEach(() => kv.close());

  it('lets exactly one of two instances claim a key', async () => {
    const a = new Ledger(kv, { clock });
    const b = new Ledger(kv, { clock });
    const [ra, rb] = await Promise.all([a.claim('k', 'A', 60_000), b.claim('k', 'B', 60_000)]);
    expect([ra.status, rb.status].sort()).toEqual(['claimed', 'held-by-other']);
  });

  it("a failure recorded after losing the lease leaves the new holder's live claim alone (no second send)", async () => {
    const a = new Ledger(kv, { clock });
    const b = new Ledger(kv, { clock });
    const c = new Ledger(kv, { clock });
    expect((await a.claim('k', 'A', 60_000)).status).toBe('claimed');
    clock.advance(61_000); // A's send hangs past its lease; B takes the key over
    expect((await b.claim('k', 'B', 60_000)).status).toBe('claimed');
    await a.markFailed('k', 'failed:503', true, 1_000); // A's attempt finally fails
    expect((await a.get('k'))?.state).toBe('claimed');
    expect((await a.get('k'))?.owner).toBe('B');
    clock.advance(5_000); // past A's would-be retryAt, B still sending
    expect((await c.claim('k', 'C', 60_000)).status).toBe('held-by-other');
    await b.markSent('k', { activityId: 'act-b' });
    expect((await c.claim('k', 'C', 60_000)).status).toBe('already-sent');
  });

  it('answers already-sent once marked sent', async () => {
    const a = new Ledger(kv, { clock });
    expect((await a.claim('k', 'A', 60_000)).status).toBe('claimed');
    await a.markSent('k', { activityId: 'act-1' });
    expect(await new Ledger(kv, { clock }).claim('k', 'B', 60_000)).toEqual({
      status: 'already-sent',
    });
    expect((await a.get('k'))?.activityId).toBe('act-1');
  });

  it('a claim never marked sent (crash) can be re-claimed after the lease, by one instance only', async () => {
    const crashed = new Ledger(kv, { clock });
    await crashed.claim('k', 'A', 60_000);
    const b = new Ledger(kv, { clock });
    const c = new Ledger(kv, { clock });
    expect((await b.claim('k', 'B', 60_000)).status).toBe('held-by-other');
    clock.advance(60_001);
    const [rb, rc] = await Promise.all([b.claim('k', 'B', 60_000), c.claim('k', 'C', 60_000)]);
    expect([rb.status, rc.status].sort()).toEqual(['claimed', 'held-by-other']);
    const entry = await b.get('k');
    expect(entry?.attempts).toBe(2);
  });

  it('a retryable failure is claimable again after the retry delay, up to maxAttempts', async () => {
    const l = new Ledger(kv, { clock, maxAttempts: 2, retryDelayMs: 1000 });
    await l.claim('k', 'A', 60_000);
    expect(await l.markFailed('k', 'throttled', true)).toBe('failed');
    expect((await l.claim('k', 'A', 60_000)).status).toBe('held-by-other');
    clock.advance(1000);
    expect(await l.claim('k', 'A', 60_000)).toEqual({ status: 'claimed', attempt: 2 });
    expect(await l.markFailed('k', 'failed:503', true)).toBe('abandoned');
    clock.advance(10 * 86_400_000);
    expect(await l.claim('k', 'A', 60_000)).toEqual({ status: 'abandoned', outcome: 'failed:503' });
  });

  it('blocked is permanent at once; recipient-not-found after N tries', async () => {
    const l = new Ledger(kv, { clock, notFoundAttempts: 2, retryDelayMs: 0 });
    await l.claim('b', 'A', 60_000);
    expect(await l.markFailed('b', 'blocked', true)).toBe('abandoned');
    await l.claim('n', 'A', 60_000);
    expect(await l.markFailed('n', 'recipient-not-found', true)).toBe('failed');
    await l.claim('n', 'A', 60_000);
    expect(await l.markFailed('n', 'recipient-not-found', true)).toBe('abandoned');
    expect((await l.claim('n', 'A', 60_000)).status).toBe('abandoned');
  });

  it('a late failure report never overwrites a delivery by the instance that took over', async () => {
    const a = new Ledger(kv, { clock });
    const b = new Ledger(kv, { clock });
    await a.claim('k', 'A', 1000);
    clock.advance(1001);
    await b.claim('k', 'B', 1000);
    await b.markSent('k');
    expect(await a.markFailed('k', 'failed:504', true)).toBe('sent');
    expect((await a.get('k'))?.state).toBe('sent');
  });
  it("records every sender's outcomes with one policy (recordOutcome)", async () => {
    const a = new Ledger(kv, { clock });
    const cases: Array<[import('../ports/notifier').SendOutcome, string, string]> = [
      [{ status: 'sent', activityId: 'act-1' }, 'sent', 'sent'],
      [{ status: 'failed', code: '503' }, 'failed', 'failed:503'],
      [{ status: 'failed', code: 'internal' }, 'failed', 'failed:internal'],
      [{ status: 'failed', code: '412' }, 'failed', 'failed:412'],
      [{ status: 'failed', code: '400' }, 'abandoned', 'failed:400'],
      [{ status: 'throttled', retryAfterMs: 1000 }, 'failed', 'throttled'],
      [{ status: 'recipient-not-found' }, 'failed', 'recipient-not-found'],
      [{ status: 'blocked' }, 'abandoned', 'blocked'],
      [{ status: 'conversation-gone' }, 'failed', 'conversation-gone'],
    ];
    for (const [i, [outcome, state, code]] of cases.entries()) {
      const key = `k-${i}`;
      expect((await a.claim(key, 'A', 60_000)).status).toBe('claimed');
      expect(await a.recordOutcome(key, outcome)).toBe(state);
      expect(await a.get(key)).toMatchObject({ state, outcome: code });
    }
    expect((await a.get('k-0'))?.activityId).toBe('act-1');
  });

  it('a send recorded while the store is briefly down is still recorded (no resend after the lease)', async () => {
    const waits: number[] = [];
    let failures = 3;
    const flaky = new Proxy(kv, {
      get(target, prop, receiver) {
        const real = Reflect.get(target, prop, receiver);
        if (prop !== 'replace' || typeof real !== 'function') return real;
        return (...args: unknown[]) => {
          if (failures-- > 0) return Promise.reject(new Error('store unreachable'));
          return real.apply(target, args);
        };
      },
    });
    const a = new Ledger(flaky, { clock, sleep: async (ms) => void waits.push(ms) });
    expect((await a.claim('k', 'A', 60_000)).status).toBe('claimed');
    await a.markSent('k', { activityId: 'act-9' });
    expect(await a.get('k')).toMatchObject({ state: 'sent', activityId: 'act-9' });
    expect(waits).toEqual([1_000, 2_000, 4_000]);
    // A longer outage: it gives up (the error surfaces) once the budget is spent.
    failures = 1_000;
    const b = new Ledger(flaky, { clock, sleep: async () => {}, markSentRetryMs: 10_000 });
    expect((await b.claim('k2', 'B', 60_000)).status).toBe('claimed');
    await expect(b.markSent('k2')).rejects.toThrow('store unreachable');
  });

  it("a 503's Retry-After longer than the retry delay holds the next attempt back that long", async () => {
    const a = new Ledger(kv, { clock });
    const start = clock.now().getTime();
    await a.claim('down', 'A', 60_000);
    await a.recordOutcome('down', { status: 'failed', code: '503', retryAfterMs: 30 * 60_000 });
    expect(await a.get('down')).toMatchObject({ state: 'failed', retryAt: start + 30 * 60_000 });
  });
});
