/**
 * Confirming what happened to a one-to-one, from the confirm card: `session.held`,
 * `session.cancelled`, `session.not-held`.
 *
 * Only the supervisor, or the line manager of the supervisor or of the supervisee, may
 * answer. The session is written with its version (ETag), so of two concurrent answers only
 * one lands; the loser re-reads and, when the session already has the same outcome (a
 * double-click, a retried invoke), treats it as done. Follow-on writes (the rescheduled
 * session `${id}-r1`, the agreed actions `${id}|a${n}`) have deterministic ids and are
 * idempotent, so re-running them after a lost race or a crash does the work once. Once the
 * record is complete (or signed), a repeat "Held" that would add actions is refused: the
 * actions are part of the signed content, and changing it from here would neither void the
 * signatures nor ask for new ones.
 */
import type { AgreedAction, Session } from '../policy/domain';
import { formatInstant } from '../cards/card-kit';
import { CONFIRM_VERBS } from '../cards/confirm-card';
import type { OutboundMessage } from '../ports/notifier';
import { recordRequestKey } from '../ports/planned';
import type { AppContext, CardActionHandler, CardActionRequest, CardActionResult } from './context';
import { parse, type Outcome } from './confirm-inputs';
import { confirmCardFor, groupChoices } from './confirm-view';
import { recordCardFor } from './record-view';
import {
  confirmersOf,
  input,
  loadSession,
  nameOf,
  nowIso,
  reloadSession,
  todayOf,
  type SessionScope,
} from './session-scope';
import { getConfirmation, noteConfirmation } from './session-notes';

function patchFor(o: Outcome): Partial<Session> {
  if (o.status === 'held')
    return {
      status: 'held',
      heldMinutes: o.heldMinutes,
      ...(o.attendees ? { attendees: o.attendees } : {}),
    };
  if (o.status === 'cancelled')
    return { status: 'cancelled', cancelReason: o.reason, rescheduledToId: o.newId };
  return { status: 'not-held', cancelReason: o.reason };
}

const sameAction = (a: AgreedAction, b: AgreedAction) =>
  a.id === b.id && a.text === b.text && a.ownerId === b.ownerId && (a.due ?? '') === (b.due ?? '');

/**
 * Whether the record has been completed or signed: from then on its content (the agreed
 * actions among it) is what the signatures stand for.
 */
function recordClosed(s: Session): boolean {
  return !!(s.recordCompletedAt || s.supervisorSignedAt || s.superviseeSignedAt);
}

/** The answer's actions that are not already there exactly as given. */
function missingActions(existing: readonly AgreedAction[], o: Outcome): AgreedAction[] {
  if (o.status !== 'held') return [];
  return o.actions.filter((a) => !existing.some((b) => sameAction(a, b)));
}

/**
 * How an answer compares with what the session already records: the same outcome (a repeat,
 * done again idempotently), the same outcome adding actions to a closed record (refused), or
 * a different outcome.
 */
async function compareWith(
  ctx: AppContext,
  scope: SessionScope,
  o: Outcome,
): Promise<'repeat' | 'record-closed' | 'different'> {
  const s = scope.session;
  if (s.status !== o.status) return 'different';
  if (o.status === 'held') {
    if (s.heldMinutes !== o.heldMinutes) return 'different';
    if (o.attendees && [...(s.attendees ?? [])].sort().join(';') !== o.attendees.join(';'))
      return 'different';
    // The first answer may still be writing its actions (or stopped half-way): what is there
    // must be part of this answer; this one then finishes the rest.
    if (!scope.actions.every((b) => o.actions.some((a) => sameAction(a, b)))) return 'different';
    // Finishing them is safe only while nothing has been completed or signed: adding an action
    // then would change the signed record with no void and no new signature.
    if (missingActions(scope.actions, o).length > 0 && recordClosed(s)) return 'record-closed';
    return 'repeat';
  }
  if (s.cancelReason !== o.reason) return 'different';
  if (o.status === 'cancelled') {
    if (s.rescheduledToId !== o.newId) return 'different';
    const next = await ctx.writer.getSession(o.newId);
    return !next || next.value.scheduledStart === o.newStart ? 'repeat' : 'different';
  }
  return 'repeat';
}

/** The idempotent follow-on writes; returns a problem to show, or null. */
async function followOn(ctx: AppContext, scope: SessionScope, o: Outcome): Promise<string | null> {
  const s = scope.session;
  // Only what is not there yet: rewriting an action already there would reopen it if it has
  // been marked done since (`doneAt` is not on the card).
  const missing = missingActions(scope.actions, o);
  if (missing.length > 0) {
    const r = await ctx.writer.upsertActions(missing);
    if (!r.ok) {
      ctx.logger.warn('session.actions-write-failed', { sessionId: s.id, code: r.code });
      return r.code === 'conflict'
        ? 'An agreed action was changed in the supervision list meanwhile, so the card did not overwrite it; press the button again to save what is still missing.'
        : 'The agreed actions could not be saved yet; please press the button again in a minute.';
    }
  }
  if (o.status === 'cancelled') {
    const next: Session = {
      id: o.newId,
      superviseeId: s.superviseeId,
      supervisorId: s.supervisorId,
      kind: s.kind,
      scheduledStart: o.newStart,
      status: 'scheduled',
      ...(s.plannedMinutes !== undefined ? { plannedMinutes: s.plannedMinutes } : {}),
    };
    const r = await ctx.writer.createSession(next);
    if (!r.ok) {
      ctx.logger.warn('session.reschedule-failed', {
        sessionId: s.id,
        newId: o.newId,
        code: r.code,
      });
      return r.code === 'unavailable'
        ? 'The new session could not be booked yet; please press the button again in a minute.'
        : 'The new session could not be booked: one with that id already exists with other details. Please book it in the supervision list.';
    }
  }
  return null;
}

const GONE: CardActionResult = {
  kind: 'refused',
  message: 'That session no longer exists in the supervision list.',
};

const RECORD_CLOSED =
  'The record is complete, so its agreed actions can no longer be changed from this card: ' +
  'that would alter what was signed. Nothing was changed; new actions can be agreed at the ' +
  'next supervision.';

const LABEL: Record<Outcome['status'], string> = {
  held: 'held',
  cancelled: 'cancelled',
  'not-held': 'not held',
};

async function confirm(
  ctx: AppContext,
  req: CardActionRequest,
  status: Outcome['status'],
): Promise<CardActionResult> {
  const sessionId = input(req.data, 'sessionId');
  if (!sessionId)
    return {
      kind: 'invalid',
      message: 'This card is missing its session; please use a newer card.',
    };
  let scope = await loadSession(ctx, sessionId);
  if (!scope) return GONE;
  const { hierarchy: h } = scope;
  if (!confirmersOf(h, scope.session).includes(req.userId)) {
    ctx.logger.info('session.confirm-refused', { sessionId, userId: req.userId });
    return {
      kind: 'refused',
      message: `Only ${nameOf(h, scope.session.supervisorId)} (the supervisor) or a line manager can confirm this session.`,
    };
  }
  const allowed =
    scope.session.kind === 'group'
      ? groupChoices(h, scope.session, todayOf(ctx)).map((c) => c.id)
      : [];
  const outcome = parse(ctx, status, req.data, scope.session, allowed);
  if (typeof outcome === 'string') return { kind: 'invalid', message: outcome };
  if (status !== 'cancelled' && scope.session.scheduledStart > nowIso(ctx)) {
    return {
      kind: 'invalid',
      message: 'This session has not started yet; you can cancel it, or confirm it afterwards.',
    };
  }

  for (let attempt = 0; scope.session.status === 'scheduled' && attempt < 3; attempt++) {
    const res = await ctx.writer.updateSession(sessionId, patchFor(outcome), scope.entry.version);
    if (res.ok) {
      await noteConfirmation(ctx.kv, sessionId, { status, by: req.userId, at: nowIso(ctx) });
      ctx.logger.info('session.confirmed', { sessionId, status, by: req.userId });
      return finish(ctx, scope, outcome, req.userId);
    }
    if (res.code === 'not-found') return GONE;
    if (res.code !== 'conflict') {
      ctx.logger.warn('session.confirm-write-failed', { sessionId, code: res.code });
      return {
        kind: 'invalid',
        message:
          'The supervision list could not be updated just now; please try again in a minute.',
      };
    }
    // Someone wrote first: look at what is there now.
    const again = await reloadSession(ctx, scope);
    if (!again) return GONE;
    scope = again;
  }
  if (scope.session.status === 'scheduled') {
    return {
      kind: 'invalid',
      message: 'The session is being changed by someone else; please try again.',
    };
  }
  const compared = await compareWith(ctx, scope, outcome);
  if (compared === 'repeat') {
    ctx.logger.info('session.confirm-repeat', { sessionId, status, by: req.userId });
    return finish(ctx, scope, outcome, req.userId);
  }
  if (compared === 'record-closed') {
    ctx.logger.info('session.confirm-record-closed', { sessionId, by: req.userId });
    return { kind: 'refused', message: RECORD_CLOSED };
  }
  ctx.logger.info('session.confirm-superseded', { sessionId, status, by: req.userId });
  return {
    kind: 'card',
    card: await confirmCardFor(ctx, scope, req.userId, {
      message: `${await whatHappened(ctx, scope)} Your answer (${LABEL[status]}) did not change it; please check with them if it is wrong.`,
      tone: 'warning',
    }),
  };
}

/** "Already recorded as held by Helen Ashford on Tue 24 Nov 2026, 09:31." */
async function whatHappened(ctx: AppContext, scope: SessionScope): Promise<string> {
  const status = scope.session.status;
  const label = status === 'scheduled' ? 'scheduled' : LABEL[status];
  const note = await getConfirmation(ctx.kv, scope.session.id);
  const by =
    note && note.status === status
      ? ` by ${nameOf(scope.hierarchy, note.by)} on ${formatInstant(note.at)}`
      : ' in the supervision list';
  return `This session was already recorded as ${label}${by}.`;
}

async function finish(
  ctx: AppContext,
  scope: SessionScope,
  o: Outcome,
  userId: string,
): Promise<CardActionResult> {
  const problem = await followOn(ctx, scope, o);
  const now = (await reloadSession(ctx, scope)) ?? scope;
  const card = await confirmCardFor(
    ctx,
    now,
    userId,
    problem ? { message: problem, tone: 'attention' } : undefined,
  );
  const messages: OutboundMessage[] = [];
  // A group session's record is its attendance (000 "managers monitor and record attendance"):
  // there is no one-to-one record to complete and sign.
  if (o.status === 'held' && now.session.kind !== 'group' && !now.session.recordCompletedAt) {
    messages.push({
      recipientId: now.session.supervisorId,
      card: await recordCardFor(ctx, now, now.session.supervisorId),
      summary: 'Please complete the supervision record.',
      key: recordRequestKey(now.session.id),
    });
  }
  if (o.status === 'cancelled' && !problem)
    messages.push(...(await cancelMessages(ctx, now, userId)));
  // A follow-on that could not be saved yet: the next press must run again, not be answered
  // from the bot's memory of this one.
  return { kind: 'card', card, messages, ...(problem ? { transient: true } : {}) };
}

/**
 * Cancelling tells the other party (002 App D: "the onus is on the person who needs to make the
 * change to notify the other"): the supervisee hears of a cancelled (and so moved) one-to-one,
 * with the reason and the new date, whoever cancelled it; the supervisor too when a line
 * manager did it. The keys name the session and its replacement, so the message goes once
 * (the durable outbox and the ledger claim, bot/deliver.ts), however often the button is
 * pressed. Sent only once the new session is booked, so the new date it gives is real.
 */
async function cancelMessages(
  ctx: AppContext,
  scope: SessionScope,
  userId: string,
): Promise<OutboundMessage[]> {
  const s = scope.session;
  if (s.kind !== 'one-to-one' || s.status !== 'cancelled' || !s.rescheduledToId) return [];
  const note = await getConfirmation(ctx.kv, s.id);
  const by = note && note.status === 'cancelled' ? note.by : userId;
  const next = await ctx.writer.getSession(s.rescheduledToId);
  const newDate = next ? formatInstant(next.value.scheduledStart) : 'not yet known';
  const when = formatInstant(s.scheduledStart);
  const byName = nameOf(scope.hierarchy, by);
  const tell = [s.superviseeId, ...(by !== s.supervisorId ? [s.supervisorId] : [])].filter(
    (id) => id && id !== by,
  );
  const out: OutboundMessage[] = [];
  for (const recipientId of tell) {
    out.push({
      recipientId,
      card: await confirmCardFor(ctx, scope, recipientId, {
        message: `${byName} cancelled this supervision (${when}). Reason: ${s.cancelReason ?? 'not given'}. New date: ${newDate}.`,
        tone: 'warning',
      }),
      summary: `Your supervision on ${when} was cancelled; new date ${newDate}.`,
      key: `session-cancelled|${s.id}|${s.rescheduledToId}|${recipientId}`,
    });
  }
  return out;
}

export const confirmActions: Record<string, CardActionHandler> = {
  [CONFIRM_VERBS.held]: (ctx, req) => confirm(ctx, req, 'held'),
  [CONFIRM_VERBS.cancelled]: (ctx, req) => confirm(ctx, req, 'cancelled'),
  [CONFIRM_VERBS.notHeld]: (ctx, req) => confirm(ctx, req, 'not-held'),
};
