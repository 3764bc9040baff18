/** One sender at a time across instances (delivery/sender-lease.ts), over a shared store. */
import { ManualClock } from '../ports/clock';
import { SqliteKv } from '../store/sqlite-kv';
import { SenderLease } from './sender-lease';

describe('SenderLease', () => {
  it('lets one instance send at a time, hands over on release, and lapses when its holder dies', async () => {
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock('2026-11-24T09:30:00.000Z');
    let aAlive = true;
    const a = new SenderLease(kv, 'A', clock, 30_000, undefined, () => aAlive);
    const b = new SenderLease(kv, 'B', clock, 30_000);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(await a.acquire()).toBe(true); // still A's
    await a.release();
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);
    await b.release();
    expect(await a.acquire()).toBe(true);
    aAlive = false; // A dies holding it: nobody renews it
    clock.advance(29_000);
    expect(await b.acquire()).toBe(false);
    clock.advance(2_000);
    expect(await b.acquire()).toBe(true);
    await b.release();
    await kv.close();
  });
});
