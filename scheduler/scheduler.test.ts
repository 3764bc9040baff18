import { londonInstant } from '../policy/calendar';
import { PROFILES } from '../policy/profiles';
import { ManualClock } from '../ports/clock';
import type { OutboundMessage, SendOutcome } from '../ports/notifier';
import { SqliteKv } from '../store/sqlite-kv';
import { Scheduler } from './scheduler';
import { RecordingNotifier } from './testing/fake-time';
import { fixedFindings, instance, StaticSource } from './testing/harness';
import { oneToOne, smallOrg } from './testing/org';

describe('Scheduler loop', () => {
  it('never overlaps ticks and stops gracefully after the running tick', async () => {
    const org = smallOrg();
    org.sessions.push(oneToOne('s-1', '2026-11-26', '10:00'));
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock(londonInstant('2026-11-24', '09:00'));
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const slow = {
      async send(m: OutboundMessage): Promise<SendOutcome> {
        await gate;
        return teams.send(m);
      },
    };
    const deps = instance(
      'A',
      kv,
      clock,
      teams,
      new StaticSource(org),
      PROFILES['telford-sf'],
      fixedFindings([]),
    );
    const { SendQueue } = await import('../delivery/send-queue');
    const timers: Array<() => void> = [];
    const s = new Scheduler(
      { ...deps, queue: new SendQueue(slow) },
      { intervalSeconds: 15 * 60, setTimer: (fn) => (timers.push(fn), { cancel() {} }) },
    );
    s.start();
    timers.shift()!(); // first tick starts and blocks in send
    await new Promise((r) => setImmediate(r));
    expect(s.isRunning).toBe(true);
    expect(await s.tickOnce()).toBeNull(); // no overlap
    const stopped = s.stop();
    release();
    await stopped;
    expect(s.isRunning).toBe(false);
    expect(teams.delivered().sort()).toEqual([
      'prep|s-1|2026-11-26|supervisee',
      'prep|s-1|2026-11-26|supervisor',
    ]);
    expect(await s.tickOnce()).toBeNull(); // stopped: no more ticks
  });
});

describe('Scheduler afterTick', () => {
  it('runs the after-tick step after every tick, and a failing step neither stops the loop nor loses the report', async () => {
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock(londonInstant('2026-11-24', '09:00'));
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const deps = instance(
      'A',
      kv,
      clock,
      teams,
      new StaticSource(smallOrg()),
      PROFILES['telford-sf'],
      fixedFindings([]),
    );
    const { SendQueue } = await import('../delivery/send-queue');
    let calls = 0;
    const reports: unknown[] = [];
    const s = new Scheduler(
      { ...deps, queue: new SendQueue(teams) },
      {
        onReport: (r) => reports.push(r),
        afterTick: async () => {
          calls++;
          if (calls === 1) throw new Error('boom');
        },
      },
    );
    expect(await s.tickOnce()).not.toBeNull();
    expect(await s.tickOnce()).not.toBeNull();
    expect(calls).toBe(2);
    expect(reports).toHaveLength(2);
    await s.stop();
    expect(await s.tickOnce()).toBeNull();
    expect(calls).toBe(2);
  });
});

describe('Scheduler stop() and the after-tick step', () => {
  it('waits for a running after-tick step and starts no tick beside it', async () => {
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock(londonInstant('2026-11-24', '09:00'));
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const deps = instance(
      'A',
      kv,
      clock,
      teams,
      new StaticSource(smallOrg()),
      PROFILES['telford-sf'],
      fixedFindings([]),
    );
    const { SendQueue } = await import('../delivery/send-queue');
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let entered: () => void = () => {};
    const inAfterTick = new Promise<void>((r) => (entered = r));
    let afterTickDone = false;
    const s = new Scheduler(
      { ...deps, queue: new SendQueue(teams) },
      {
        afterTick: async () => {
          entered();
          await gate;
          afterTickDone = true;
        },
      },
    );
    const first = s.tickOnce();
    await inAfterTick;
    expect(s.isRunning).toBe(true);
    expect(await s.tickOnce()).toBeNull(); // no overlap with the after-tick step
    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false); // the store must not be closed under the after-tick step
    release();
    await stopping;
    expect(afterTickDone).toBe(true);
    expect(await first).not.toBeNull();
    await kv.close();
  });
});
