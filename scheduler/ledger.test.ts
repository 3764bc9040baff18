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
});
