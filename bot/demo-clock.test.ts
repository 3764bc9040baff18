import { defaultCalendar, londonInstant } from '../policy/calendar';
import { ManualClock } from '../ports/clock';
import { isWithinWorkingHours, parseWorkingHours } from '../policy/working-hours';
import { SqliteKv } from '../store/sqlite-kv';
import { DemoClock, demoClockStart, demoDay, keepDemoReading, lastDemoReading } from './demo-clock';
import { DEMO_ANCHOR } from './demo-seed';

const wh = parseWorkingHours();

describe('the demo clock', () => {
  it('reads a working morning of the demo day whatever the real hour (Saturday 03:27)', () => {
    const real = new ManualClock(londonInstant('2026-12-05', '03:27'));
    const start = demoClockStart(demoDay(DEMO_ANCHOR, 0), undefined, wh, defaultCalendar);
    const clock = DemoClock.startingAt(real, start);
    expect(clock.now().toISOString()).toBe(londonInstant(DEMO_ANCHOR, '09:00'));
    expect(isWithinWorkingHours(clock.now(), wh, defaultCalendar)).toBe(true);
    real.advance(90 * 60_000);
    expect(clock.now().toISOString()).toBe(londonInstant(DEMO_ANCHOR, '10:30'));
  });

  it('is the same demo day in any real week (who is green never moves)', () => {
    for (const realDay of ['2026-12-05', '2027-03-31', '2027-08-30']) {
      const real = new ManualClock(londonInstant(realDay, '14:00'));
      const start = demoClockStart(demoDay(DEMO_ANCHOR, 0), undefined, wh, defaultCalendar);
      expect(DemoClock.startingAt(real, start).now().toISOString()).toBe(
        londonInstant(DEMO_ANCHOR, '09:00'),
      );
    }
  });

  it('keeps a store seeded on the real clock on its own day (anchor + its shift)', () => {
    expect(demoDay(DEMO_ANCHOR, 7)).toBe('2026-12-01');
  });

  it('continues after a restart, moving to the next working morning past the working day', () => {
    const day = demoDay(DEMO_ANCHOR, 0);
    const last = londonInstant(day, '11:15');
    expect(demoClockStart(day, last, wh, defaultCalendar)).toBe(londonInstant(day, '11:16'));
    expect(demoClockStart(day, londonInstant(day, '17:45'), wh, defaultCalendar)).toBe(
      londonInstant('2026-11-25', '08:30'),
    );
    // An earlier reading (never later than a fresh start) does not move the clock back.
    expect(demoClockStart(day, londonInstant(day, '07:00'), wh, defaultCalendar)).toBe(
      londonInstant(day, '09:00'),
    );
  });

  it('saves its reading in the store for the next run', async () => {
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock(londonInstant(DEMO_ANCHOR, '09:40'));
    const stop = keepDemoReading(kv, clock, 60_000);
    clock.advance(5 * 60_000);
    await stop();
    expect(await lastDemoReading(kv)).toBe(londonInstant(DEMO_ANCHOR, '09:45'));
    await kv.close();
  });
});
