/**
 * Confirming what happened to a one-to-one (the confirm card's Held / Cancelled / Not held):
 * `confirmSession` takes a typed command and answers a typed outcome (usecases/outcome.ts)
 * carrying the session as it stands after the answer, so the edge renders without reading
 * again. A "Held" press reads the session and its neighbourhood once: the write answers the
 * new session and its version, and the agreed actions are the ones there plus the ones
 * written.
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
import { sessionCancelledKey } from '../ports/planned';
import type { AgreedAction, Instant, Session } from '../policy/domain';
import type { Versioned } from '../ports/schedule';
import type { AppContext } from './context';
import { parse, type ConfirmAnswer, type ConfirmForm } from './confirm-inputs';
import { confirmStateOf, groupChoices, type ConfirmState } from './confirm-state';
import { invalid, notFound, refused, unavailable, type Outcome } from './outcome';
import {
  confirmersOf,
  loadSession,
  nameOf,
  nowIso,
  reloadSession,
  todayOf,
  type SessionScope,
} from './session-scope';
import { noteConfirmation } from './session-notes';

export type ConfirmStatus = ConfirmAnswer['status'];

export interface ConfirmCommand {
  /** Who answered (staff id). */
  userId: string;
  /** Absent when the card carried none. */
  sessionId?: string;
  answer: ConfirmStatus;
  form: ConfirmForm;
}

/** Someone to tell that a one-to-one was cancelled and moved. */
export interface CancelNotice {
  recipientId: string;
  /** Who cancelled it. */
  byName: string;
  /** The cancelled session's start. */
  start: Instant;
  reason?: string;
  /** The replacement's start, when booked. */
  newStart?: Instant;
  /** The ledger key: the session, its replacement and the recipient, so it goes once. */
  key: string;
}

export interface ConfirmDone {
  /** The session as it stands after the answer. */
  state: ConfirmState;
  /**
   * A follow-on write (agreed actions, the rescheduled session) that could not be done yet:
   * shown to the person who answered; pressing again does the rest.
   */
  problem?: string;
  /** Ask the supervisor to complete the record (a one-to-one just held, record not complete). */
  askForRecord: boolean;
  /** Tell the other party of a cancellation (only once its replacement is booked). */
  cancelNotices: CancelNotice[];
}

/**
 * `conflict`: the session already had another outcome, which this answer did not change; the
 * value is the session as it stands (who gave that outcome and when), for the edge to show.
 */
export type ConfirmOutcome = Outcome<ConfirmDone, ConfirmState>;

function patchFor(o: ConfirmAnswer): Partial<Session> {
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
function missingActions(existing: readonly AgreedAction[], o: ConfirmAnswer): AgreedAction[] {
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
  o: ConfirmAnswer,
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
async function followOn(
  ctx: AppContext,
  scope: SessionScope,
  o: ConfirmAnswer,
): Promise<string | null> {
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

const GONE = notFound('That session no longer exists in the supervision list.');

const RECORD_CLOSED =
  'The record is complete, so its agreed actions can no longer be changed from this card: ' +
  'that would alter what was signed. Nothing was changed; new actions can be agreed at the ' +
  'next supervision.';

export async function confirmSession(
  ctx: AppContext,
  cmd: ConfirmCommand,
): Promise<ConfirmOutcome> {
  const { sessionId, answer: status, userId } = cmd;
  if (!sessionId) return invalid('This card is missing its session; please use a newer card.');
  let scope = await loadSession(ctx, sessionId);
  if (!scope) return GONE;
  const { hierarchy: h } = scope;
  if (!confirmersOf(h, scope.session).includes(userId)) {
    ctx.logger.info('session.confirm-refused', { sessionId, userId });
    return refused(
      `Only ${nameOf(h, scope.session.supervisorId)} (the supervisor) or a line manager can confirm this session.`,
    );
  }
  const allowed =
    scope.session.kind === 'group'
      ? groupChoices(h, scope.session, todayOf(ctx)).map((c) => c.id)
      : [];
  const answer = parse(ctx, status, cmd.form, scope.session, allowed);
  if (typeof answer === 'string') return invalid(answer);
  if (status !== 'cancelled' && scope.session.scheduledStart > nowIso(ctx)) {
    return invalid(
      'This session has not started yet; you can cancel it, or confirm it afterwards.',
    );
  }

  for (let attempt = 0; scope.session.status === 'scheduled' && attempt < 3; attempt++) {
    const res = await ctx.writer.updateSession(sessionId, patchFor(answer), scope.entry.version);
    if (res.ok) {
      await noteConfirmation(ctx.kv, sessionId, { status, by: userId, at: nowIso(ctx) });
      ctx.logger.info('session.confirmed', { sessionId, status, by: userId });
      // The write answers the session as written: no need to read it again.
      return finish(
        ctx,
        withEntry(scope, { value: res.value, version: res.version }),
        answer,
        userId,
      );
    }
    if (res.code === 'not-found') return GONE;
    if (res.code !== 'conflict') {
      ctx.logger.warn('session.confirm-write-failed', { sessionId, code: res.code });
      return unavailable(
        'The supervision list could not be updated just now; please try again in a minute.',
        res.code,
      );
    }
    // Someone wrote first: look at what is there now.
    const again = await reloadSession(ctx, scope);
    if (!again) return GONE;
    scope = again;
  }
  if (scope.session.status === 'scheduled') {
    return unavailable(
      'The session is being changed by someone else; please try again.',
      'conflict',
    );
  }
  const compared = await compareWith(ctx, scope, answer);
  if (compared === 'repeat') {
    ctx.logger.info('session.confirm-repeat', { sessionId, status, by: userId });
    return finish(ctx, scope, answer, userId);
  }
  if (compared === 'record-closed') {
    ctx.logger.info('session.confirm-record-closed', { sessionId, by: userId });
    return refused(RECORD_CLOSED);
  }
  ctx.logger.info('session.confirm-superseded', { sessionId, status, by: userId });
  return {
    code: 'conflict',
    reason:
      'This session was already recorded with another outcome; your answer did not change it.',
    value: await confirmStateOf(ctx, scope),
  };
}

function withEntry(scope: SessionScope, entry: Versioned<Session>): SessionScope {
  return { ...scope, entry, session: entry.value };
}

async function finish(
  ctx: AppContext,
  scope: SessionScope,
  o: ConfirmAnswer,
  userId: string,
): Promise<ConfirmOutcome> {
  const problem = await followOn(ctx, scope, o);
  // The actions now there: those read with the session plus those this answer wrote (none
  // when the write failed, and then `problem` says so).
  const written = problem ? [] : missingActions(scope.actions, o);
  const now: SessionScope = { ...scope, actions: [...scope.actions, ...written] };
  const state = await confirmStateOf(ctx, now);
  const s = now.session;
  return {
    code: 'done',
    value: {
      state,
      ...(problem ? { problem } : {}),
      // A group session's record is its attendance (000 "managers monitor and record
      // attendance"): there is no one-to-one record to complete and sign.
      askForRecord: o.status === 'held' && s.kind !== 'group' && !s.recordCompletedAt,
      cancelNotices: o.status === 'cancelled' && !problem ? cancelNotices(state, userId) : [],
    },
  };
}

/**
 * Cancelling tells the other party (002 App D: "the onus is on the person who needs to make the
 * change to notify the other"): the supervisee hears of a cancelled (and so moved) one-to-one,
 * with the reason and the new date, whoever cancelled it; the supervisor too when a line
 * manager did it. The keys name the session and its replacement, so the message goes once
 * (the durable outbox and the ledger claim, bot/deliver.ts), however often the button is
 * pressed. Sent only once the new session is booked, so the new date it gives is real.
 */
function cancelNotices(state: ConfirmState, userId: string): CancelNotice[] {
  const { session: s, hierarchy } = state.scope;
  if (s.kind !== 'one-to-one' || s.status !== 'cancelled' || !s.rescheduledToId) return [];
  const note = state.confirmation;
  const by = note && note.status === 'cancelled' ? note.by : userId;
  const byName = nameOf(hierarchy, by);
  const tell = [s.superviseeId, ...(by !== s.supervisorId ? [s.supervisorId] : [])].filter(
    (id) => id && id !== by,
  );
  return tell.map((recipientId) => ({
    recipientId,
    byName,
    start: s.scheduledStart,
    ...(s.cancelReason !== undefined ? { reason: s.cancelReason } : {}),
    ...(state.newStart !== undefined ? { newStart: state.newStart } : {}),
    key: sessionCancelledKey(s.id, s.rescheduledToId, recipientId),
  }));
}
