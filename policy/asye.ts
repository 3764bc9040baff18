/**
 * The ASYE cadence (CONTRACT "Group supervision and the ASYE"; 002 §2.3 "increased
 * supervision"; the national ASYE framework): from `staff.asyeStart` (day 1), a held one-to-one
 * at least every 7 days for days 1–42, at least every 14 days until the date six calendar
 * months on, then the profile's own rule. The interval that applies to a gap is the one in
 * force on the day after the last held one-to-one (on `asyeStart` when none is held yet).
 *
 * Pure: used by the gap rule (policy/rules/supervision-gap.ts) and by next-due.
 */
import { addDays, addMonths } from './calendar';
import type { LocalDate, Staff } from './domain';
import type { AsyeRule, PolicyProfile } from './profile';

/** The interval (days) in force on `day`, or null outside the ASYE's increased supervision. */
export function asyeIntervalOn(rule: AsyeRule, start: LocalDate, day: LocalDate): number | null {
  if (day < start) return null;
  if (day <= addDays(start, rule.firstDays - 1)) return rule.firstIntervalDays;
  if (day < addMonths(start, rule.untilMonths)) return rule.thenIntervalDays;
  return null;
}

export interface AsyeBase {
  /** The last held one-to-one on or after asyeStart, or asyeStart when none is held yet. */
  base: LocalDate;
  lastHeld: LocalDate | null;
  /** The interval in force on the day after `lastHeld` (on asyeStart when none). */
  intervalDays: number;
  /** The day the interval runs out: more than `intervalDays` after `base` is a gap. */
  due: LocalDate;
}

/**
 * Whether the ASYE cadence governs a supervisee now, and from what: null when the profile has
 * no ASYE rule, the supervisee has no `asyeStart`, or the interval in force after the last held
 * one-to-one is the profile's own rule again. `heldDays`: London dates of held one-to-ones on
 * or before the as-of day, ascending.
 */
export function asyeBase(
  profile: PolicyProfile,
  staff: Staff,
  heldDays: readonly LocalDate[],
  asOf: LocalDate,
): AsyeBase | null {
  const rule = profile.asye?.value ?? null;
  const start = staff.asyeStart;
  if (!rule || !start || asOf < start) return null;
  let lastHeld: LocalDate | null = null;
  for (let i = heldDays.length - 1; i >= 0; i--) {
    const d = heldDays[i]!;
    if (d <= asOf && d >= start) {
      lastHeld = d;
      break;
    }
  }
  const base = lastHeld ?? start;
  const intervalDays = asyeIntervalOn(rule, start, lastHeld ? addDays(lastHeld, 1) : start);
  if (intervalDays === null) return null;
  return { base, lastHeld, intervalDays, due: addDays(base, intervalDays) };
}
