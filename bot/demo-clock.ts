/**
 * The demo clock (`npm run dev`, issue 17): the demo organisation always lives on a working
 * morning of its anchor day, whatever the real hour. Outside working hours (nights, weekends,
 * bank holidays) the scheduler rightly sends nothing, which made the demo look dead at 03:00
 * on a Saturday; so the demo does not move its data to the real clock, it moves its clock to
 * the data.
 *
 * - The demo day is the demo organisation's anchor day (a Tuesday, test/fixtures/demo-org)
 *   plus the whole days the store was seeded with (0 for a store seeded on the demo clock):
 *   the same people are green, amber and red every time, on every day of the week.
 * - It starts at 09:00 London that day (inside working hours) and runs at real speed.
 * - A restart continues from where the last run stopped (the clock's reading is saved every
 *   half minute), so confirmations and signatures never appear to be written in the future;
 *   a reading past the working day moves on to the next working morning.
 *
 * `DEMO_CLOCK=real npm run dev` (or `npm run dev -- --real-clock`) uses the real clock instead.
 */
import { formatInstant } from '../cards/card-kit';
import { addDays, londonInstant, type WorkingCalendar } from '../policy/calendar';
import type { Instant, LocalDate } from '../policy/domain';
import type { Clock } from '../ports/clock';
import type { KvStore } from '../ports/kv-store';
import {
  isWithinWorkingHours,
  nextWorkingMoment,
  type WorkingHours,
} from '../policy/working-hours';
import { DEMO_CLOCK_KEY, DEMO_NS, lastDemoReading } from '../store/demo-reading';

/** London wall-clock time a fresh demo clock starts at. */
export const DEMO_START_TIME = '09:00';

/** The real clock moved by a fixed offset. */
export class DemoClock implements Clock {
  constructor(
    private readonly base: Clock,
    readonly offsetMs: number,
  ) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }

  /** A demo clock reading `start` when the base clock reads `baseNow`. */
  static startingAt(base: Clock, start: Instant): DemoClock {
    return new DemoClock(base, new Date(start).getTime() - base.now().getTime());
  }
}

/**
 * Where the demo clock starts (pure): 09:00 on the demo day, or, when an earlier run got
 * further, where it stopped (a minute on, so it never reads the same moment twice), moved to
 * the next working moment when that fell outside working hours.
 */
export function demoClockStart(
  demoDay: LocalDate,
  lastSeen: Instant | undefined,
  wh: WorkingHours,
  calendar: WorkingCalendar,
): Instant {
  const fresh = nextWorkingMoment(londonInstant(demoDay, DEMO_START_TIME), wh, calendar);
  if (!lastSeen || lastSeen <= fresh) return fresh;
  const after = new Date(new Date(lastSeen).getTime() + 60_000).toISOString();
  return isWithinWorkingHours(after, wh, calendar) ? after : nextWorkingMoment(after, wh, calendar);
}

/** The demo day: the anchor moved by the whole days the store was seeded with. */
export function demoDay(anchor: LocalDate, seededShiftDays: number | undefined): LocalDate {
  return addDays(anchor, seededShiftDays ?? 0);
}

export { lastDemoReading };

/** Saves the clock's reading now and every `everyMs`; returns a stop function (saves once more). */
export function keepDemoReading(kv: KvStore, clock: Clock, everyMs = 30_000): () => Promise<void> {
  const save = () => kv.upsert(DEMO_NS, DEMO_CLOCK_KEY, { at: clock.now().toISOString() });
  const timer = setInterval(() => void save().catch(() => undefined), everyMs);
  timer.unref?.();
  void save().catch(() => undefined);
  return async () => {
    clearInterval(timer);
    await save().catch(() => undefined);
  };
}

/** "Tue 24 Nov 2026, 09:00" for the start-up banner (London). */
export function demoClockLabel(at: Instant): string {
  return formatInstant(at);
}
