/**
 * Reading the confirm card's inputs into an outcome, or a plain-English reason why not: held
 * minutes 1..600, up to five agreed actions with deterministic ids (`${session}|a${n}`), and a
 * reason (plus, for a cancellation, a new working day in the future) where the policy asks
 * for one.
 */
import { addDays, londonInstant, parseLocalDate } from '../policy/calendar';
import type { AgreedAction, Instant, Session } from '../policy/domain';
import { ATTENDEES_INPUT, MAX_AGREED_ACTIONS } from '../cards/confirm-card';
import type { AppContext } from './context';
import { input, todayOf } from './session-scope';

export type Outcome =
  | { status: 'held'; heldMinutes: number; actions: AgreedAction[]; attendees?: string[] }
  | { status: 'cancelled'; reason: string; newStart: Instant; newId: string }
  | { status: 'not-held'; reason: string };

const REASON_MAX = 500;

export function rescheduledId(sessionId: string): string {
  return `${sessionId}-r1`;
}

/**
 * The ticked attendees of a group session: an Input.ChoiceSet with isMultiSelect submits the
 * chosen values comma-separated. Only ids offered on the card (`allowed`) are accepted.
 */
function parseAttendees(
  data: Record<string, unknown>,
  allowed: readonly string[],
): string[] | string {
  const raw = input(data, ATTENDEES_INPUT) ?? '';
  const ids = [
    ...new Set(
      raw
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== ''),
    ),
  ];
  if (ids.length === 0) return 'Please tick who attended (at least one person).';
  if (ids.some((id) => !allowed.includes(id)))
    return 'Someone ticked is not on this card any more; please open the card again and tick who attended.';
  return ids.sort();
}

function parseHeld(
  data: Record<string, unknown>,
  session: Session,
  allowedAttendees: readonly string[],
): Outcome | string {
  const raw = input(data, 'heldMinutes');
  const minutes = raw === undefined ? NaN : Number(raw);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 600) {
    return 'Please enter the minutes actually held, a whole number from 1 to 600.';
  }
  if (session.kind === 'group') {
    const attendees = parseAttendees(data, allowedAttendees);
    if (typeof attendees === 'string') return attendees;
    return { status: 'held', heldMinutes: minutes, actions: [], attendees };
  }
  const actions: AgreedAction[] = [];
  for (let i = 1; i <= MAX_AGREED_ACTIONS; i++) {
    const text = input(data, `action${i}Text`);
    if (!text) continue;
    if (text.length > 300) return `Action ${i} is too long (300 characters at most).`;
    const owner = input(data, `action${i}Owner`) ?? 'supervisee';
    if (owner !== 'supervisor' && owner !== 'supervisee') return `Action ${i}: choose who owns it.`;
    const dueRaw = input(data, `action${i}Due`);
    const due = dueRaw === undefined ? undefined : parseLocalDate(dueRaw);
    if (due === null) return `Action ${i}: the due date is not a valid date.`;
    actions.push({
      id: `${session.id}|a${i}`,
      sessionId: session.id,
      ownerId: owner === 'supervisor' ? session.supervisorId : session.superviseeId,
      text,
      ...(due ? { due } : {}),
    });
  }
  return { status: 'held', heldMinutes: minutes, actions };
}

function parseReason(data: Record<string, unknown>, key: string, what: string): string {
  const reason = input(data, key);
  if (!reason)
    return `Please give the reason the session ${what}: the policy asks for it to be recorded.`;
  if (reason.length > REASON_MAX)
    return `The reason is too long (${REASON_MAX} characters at most).`;
  return '';
}

function parseCancelled(
  ctx: AppContext,
  data: Record<string, unknown>,
  session: Session,
): Outcome | string {
  const bad = parseReason(data, 'cancelReason', 'was cancelled');
  if (bad) return bad;
  const dateRaw = input(data, 'newDate');
  const newDate = dateRaw ? parseLocalDate(dateRaw) : null;
  if (!newDate)
    return 'Please choose a valid new date (a cancelled session is re-arranged straight away).';
  const time = input(data, 'newTime') ?? '10:00';
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) return 'Please choose a valid new time (HH:MM).';
  if (newDate <= todayOf(ctx)) return 'The new date must be in the future.';
  if (!ctx.calendar.isWorkingDay(newDate)) {
    return 'The new date is not a working day (weekend or bank holiday); please choose another.';
  }
  if (newDate > addDays(todayOf(ctx), 366))
    return 'The new date is more than a year away; please check it.';
  return {
    status: 'cancelled',
    reason: input(data, 'cancelReason')!,
    newStart: londonInstant(newDate, time),
    newId: rescheduledId(session.id),
  };
}

export function parse(
  ctx: AppContext,
  status: Outcome['status'],
  data: Record<string, unknown>,
  s: Session,
  /** A group session: the ids its card offers to tick as attending. */
  allowedAttendees: readonly string[] = [],
): Outcome | string {
  if (status === 'held') return parseHeld(data, s, allowedAttendees);
  if (status === 'cancelled') return parseCancelled(ctx, data, s);
  const bad = parseReason(data, 'notHeldReason', 'did not happen');
  return bad || { status: 'not-held', reason: input(data, 'notHeldReason')! };
}
