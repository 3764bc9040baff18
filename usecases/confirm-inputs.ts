/**
 * Reading a confirmer's answer (the form as given, `ConfirmForm`) into an outcome, or a
 * plain-English reason why not: held minutes 1..600, agreed actions with deterministic ids
 * (`${session}|a${n}`, n = the row the action was typed in), and a reason (plus, for a
 * cancellation, a new working day in the future) where the policy asks for one. Which card
 * input holds which field is the edge's business (present/confirm-actions.ts).
 */
import { addDays, londonInstant, parseLocalDate } from '../policy/calendar';
import type { AgreedAction, Instant, Session } from '../policy/domain';
import type { AppContext } from './context';
import { todayOf } from './session-scope';

/** One agreed-action row as typed: its row number n gives the action its id. */
export interface ActionRow {
  n: number;
  text?: string;
  owner?: string;
  due?: string;
}

/** What a confirmer answered, trimmed, with blank fields absent. */
export interface ConfirmForm {
  heldMinutes?: string;
  /** Group sessions: the ids ticked as attending. */
  attendees?: string[];
  actions?: ActionRow[];
  cancelReason?: string;
  newDate?: string;
  newTime?: string;
  notHeldReason?: string;
}

export type ConfirmAnswer =
  | { status: 'held'; heldMinutes: number; actions: AgreedAction[]; attendees?: string[] }
  | { status: 'cancelled'; reason: string; newStart: Instant; newId: string }
  | { status: 'not-held'; reason: string };

const REASON_MAX = 500;

export function rescheduledId(sessionId: string): string {
  return `${sessionId}-r1`;
}

/** The ticked attendees of a group session: only ids offered on the card (`allowed`). */
function parseAttendees(form: ConfirmForm, allowed: readonly string[]): string[] | string {
  const ids = [...new Set(form.attendees ?? [])];
  if (ids.length === 0) return 'Please tick who attended (at least one person).';
  if (ids.some((id) => !allowed.includes(id)))
    return 'Someone ticked is not on this card any more; please open the card again and tick who attended.';
  return ids.sort();
}

function parseHeld(
  form: ConfirmForm,
  session: Session,
  allowedAttendees: readonly string[],
): ConfirmAnswer | string {
  const raw = form.heldMinutes;
  const minutes = raw === undefined ? NaN : Number(raw);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 600) {
    return 'Please enter the minutes actually held, a whole number from 1 to 600.';
  }
  if (session.kind === 'group') {
    const attendees = parseAttendees(form, allowedAttendees);
    if (typeof attendees === 'string') return attendees;
    return { status: 'held', heldMinutes: minutes, actions: [], attendees };
  }
  const actions: AgreedAction[] = [];
  for (const row of [...(form.actions ?? [])].sort((a, b) => a.n - b.n)) {
    const { n: i, text } = row;
    if (!text) continue;
    if (text.length > 300) return `Action ${i} is too long (300 characters at most).`;
    const owner = row.owner ?? 'supervisee';
    if (owner !== 'supervisor' && owner !== 'supervisee') return `Action ${i}: choose who owns it.`;
    const dueRaw = row.due;
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

function parseReason(reason: string | undefined, what: string): string {
  if (!reason)
    return `Please give the reason the session ${what}: the policy asks for it to be recorded.`;
  if (reason.length > REASON_MAX)
    return `The reason is too long (${REASON_MAX} characters at most).`;
  return '';
}

function parseCancelled(
  ctx: AppContext,
  form: ConfirmForm,
  session: Session,
): ConfirmAnswer | string {
  const bad = parseReason(form.cancelReason, 'was cancelled');
  if (bad) return bad;
  const dateRaw = form.newDate;
  const newDate = dateRaw ? parseLocalDate(dateRaw) : null;
  if (!newDate)
    return 'Please choose a valid new date (a cancelled session is re-arranged straight away).';
  const time = form.newTime ?? '10:00';
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
    reason: form.cancelReason!,
    newStart: londonInstant(newDate, time),
    newId: rescheduledId(session.id),
  };
}

export function parse(
  ctx: AppContext,
  status: ConfirmAnswer['status'],
  form: ConfirmForm,
  s: Session,
  /** A group session: the ids its card offers to tick as attending. */
  allowedAttendees: readonly string[] = [],
): ConfirmAnswer | string {
  if (status === 'held') return parseHeld(form, s, allowedAttendees);
  if (status === 'cancelled') return parseCancelled(ctx, form, s);
  const bad = parseReason(form.notHeldReason, 'did not happen');
  return bad || { status: 'not-held', reason: form.notHeldReason! };
}
