/**
 * Swap and take rules (003 "Triage Cover": "If a swap day is required it is the person's
 * responsibility to cover their own slot, not just to remove it from the calendar").
 *
 * So a swap never empties a day: the holder stays on it until a colleague accepts, and only
 * then does the member change. The accepter may give the holder one of their own days back.
 * Pure checks; the use-cases re-run them on the freshly read row before every write.
 */
import type { WorkingCalendar } from '../policy/calendar';
import type { LocalDate, RotaDay } from '../policy/domain';
import { coveringMember } from '../policy/triage-coverage';

export type RuleResult = { ok: true } | { ok: false; code: RuleCode; message: string };
export type RuleCode =
  | 'not-a-rota-day'
  | 'in-the-past'
  | 'not-a-member'
  | 'not-the-holder'
  | 'already-covered'
  | 'already-yours'
  | 'holder-changed'
  | 'same-person'
  | 'give-back-invalid';

const ok: RuleResult = { ok: true };
const no = (code: RuleCode, message: string): RuleResult => ({ ok: false, code, message });

interface Base {
  date: LocalDate;
  today: LocalDate;
  calendar: WorkingCalendar;
  isMember: boolean;
}

function dayOpen(b: Base): RuleResult | null {
  if (!b.calendar.isWorkingDay(b.date))
    return no('not-a-rota-day', 'Weekends and bank holidays are not rota days.');
  if (b.date < b.today) return no('in-the-past', 'That day has passed.');
  if (!b.isMember) return no('not-a-member', 'Only members of the triage rota can cover the desk.');
  return null;
}

/**
 * Taking an uncovered day: nobody on it, or a holder recorded as away that day (`holderAway`),
 * whose slot would otherwise stand empty.
 */
export function canTake(
  b: Base & { userId: string; row: RotaDay | undefined; holderAway?: (id: string) => boolean },
): RuleResult {
  const bad = dayOpen(b);
  if (bad) return bad;
  const holder = coveringMember(b.row);
  if (holder === b.userId) return no('already-yours', 'You already cover this day.');
  if (holder && !b.holderAway?.(holder))
    return no('already-covered', 'Someone already covers this day.');
  return ok;
}

/** Offering my day for a swap, or reporting sick on it: only the holder may. */
export function canActAsHolder(b: Base & { userId: string; row: RotaDay | undefined }): RuleResult {
  const bad = dayOpen(b);
  if (bad) return bad;
  if (coveringMember(b.row) !== b.userId)
    return no(
      'not-the-holder',
      'Only the colleague who holds a day can swap it or report sick on it.',
    );
  return ok;
}

/** Accepting a swap: the holder must still hold the day; an optional give-back day must be mine. */
export function canAcceptSwap(
  b: Base & {
    userId: string;
    holderId: string;
    row: RotaDay | undefined;
    giveBack?: { date: LocalDate; row: RotaDay | undefined };
  },
): RuleResult {
  const bad = dayOpen(b);
  if (bad) return bad;
  if (b.userId === b.holderId) return no('same-person', 'You cannot accept your own swap.');
  const holder = coveringMember(b.row);
  if (holder === b.userId) return no('already-yours', 'You already cover this day.');
  if (holder !== b.holderId)
    return no('holder-changed', 'The day has changed hands since the offer was made.');
  if (b.giveBack) {
    const g = b.giveBack;
    if (
      !b.calendar.isWorkingDay(g.date) ||
      g.date < b.today ||
      g.date === b.date ||
      coveringMember(g.row) !== b.userId
    ) {
      return no('give-back-invalid', 'The day you offered back is no longer yours to give.');
    }
  }
  return ok;
}
