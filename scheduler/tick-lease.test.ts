import { ManualClock } from '../ports/clock';
import { SqliteKv } from '../store/sqlite-kv';
import { LEASE_KEY, LEASE_NS, TickLease } from './tick-lease';

describe('TickLease: one scheduler at a time', () => {
  it('lets one instance tick, hands over on release, and takes over from a dead one after the lease', async () => {
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock('2026-11-24T09:00:00Z');
    const a = new TickLease(kv, 'a', clock, 150_000);
    const b = new TickLease(kv, 'b', clock, 150_000);

    expect(await a.acquire()).toBe('acquired');
    expect(await b.acquire()).toBe('held-elsewhere');
    clock.advance(60_000);
    expect(await a.acquire()).toBe('renewed');
    clock.advance(60_000);
    expect(await b.acquire()).toBe('held-elsewhere'); // renewed 60 s ago: still live

    // a dies (no more renewals): b takes over once the lease runs out, not before.
    clock.advance(89_000);
    expect(await b.acquire()).toBe('held-elsewhere');
    clock.advance(2_000);
    expect(await b.acquire()).toBe('taken-over');
    expect(await a.acquire()).toBe('held-elsewhere');
    expect((await b.holder())?.owner).toBe('b');

    // A graceful stop hands over at once.
    expect(await a.release()).toBe(false); // not a's to release
    expect(await b.release()).toBe(true);
    expect(await a.acquire()).toBe('acquired');
    await kv.close();
  });

  it('never lets two instances take an expired lease at once (conditional replace)', async () => {
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock('2026-11-24T09:00:00Z');
    await kv.insert(LEASE_NS, LEASE_KEY, { owner: 'dead', expiresAt: 0 });
    const contenders = Array.from({ length: 8 }, (_, i) => new TickLease(kv, `i${i}`, clock, 1000));
    const outcomes = await Promise.all(contenders.map((c) => c.acquire()));
    expect(outcomes.filter((o) => o === 'taken-over')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'held-elsewhere')).toHaveLength(7);
    await kv.close();
  });
});
