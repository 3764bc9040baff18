/**
 * The confirm card's buttons (`session.held`, `session.cancelled`, `session.not-held`): the
 * card's inputs become a typed command for usecases/confirm-session.ts, and its outcome
 * becomes the updated card plus the messages it asks for (the record card to the supervisor,
 * the cancellation to the other party), rendered from the outcome alone: nothing is read again.
 */
import { formatInstant } from '../cards/card-kit';
import { ATTENDEES_INPUT, CONFIRM_VERBS, MAX_AGREED_ACTIONS } from '../cards/confirm-card';
import type { OutboundMessage } from '../ports/notifier';
import { recordRequestKey } from '../ports/planned';
import type { ActionRow, ConfirmForm } from '../usecases/confirm-inputs';
import {
  confirmSession,
  type ConfirmOutcome,
  type ConfirmStatus,
} from '../usecases/confirm-session';
import type { ConfirmState } from '../usecases/confirm-state';
import { confirmCardOf } from './confirm-view';
import type { AppContext, CardActionHandler, CardActionResult } from '../usecases/context';
import { recordFormCardFor } from './record-actions';
import { input, nameOf, todayOf } from '../usecases/session-scope';
import { refusalResult } from './card-result';

/** The confirm card's inputs, as the use-case's form. */
export function confirmFormOf(data: Record<string, unknown>): ConfirmForm {
  const actions: ActionRow[] = [];
  for (let n = 1; n <= MAX_AGREED_ACTIONS; n++) {
    const row: ActionRow = { n };
    const text = input(data, `action${n}Text`);
    const owner = input(data, `action${n}Owner`);
    const due = input(data, `action${n}Due`);
    if (text !== undefined) row.text = text;
    if (owner !== undefined) row.owner = owner;
    if (due !== undefined) row.due = due;
    actions.push(row);
  }
  // An Input.ChoiceSet with isMultiSelect submits the chosen values comma-separated.
  const attendees = (input(data, ATTENDEES_INPUT) ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const form: ConfirmForm = { actions, attendees };
  for (const key of [
    'heldMinutes',
    'cancelReason',
    'newDate',
    'newTime',
    'notHeldReason',
  ] as const) {
    const v = input(data, key);
    if (v !== undefined) form[key] = v;
  }
  return form;
}

const LABEL: Record<ConfirmStatus, string> = {
  held: 'held',
  cancelled: 'cancelled',
  'not-held': 'not held',
};

/** "This session was already recorded as held by Helen Ashford on Tue 24 Nov 2026, 09:31." */
export function whatHappened(state: ConfirmState): string {
  const { session, hierarchy } = state.scope;
  const status = session.status;
  const label = status === 'scheduled' ? 'scheduled' : LABEL[status];
  const note = state.confirmation;
  const by =
    note && note.status === status
      ? ` by ${nameOf(hierarchy, note.by)} on ${formatInstant(note.at)}`
      : ' in the supervision list';
  return `This session was already recorded as ${label}${by}.`;
}

/** The card and messages for one confirm outcome, as seen by `userId`. */
export async function confirmResult(
  ctx: AppContext,
  userId: string,
  status: ConfirmStatus,
  outcome: ConfirmOutcome,
): Promise<CardActionResult> {
  const today = todayOf(ctx);
  if (outcome.code === 'conflict') {
    return {
      kind: 'card',
      card: confirmCardOf(outcome.value, userId, today, {
        message: `${whatHappened(outcome.value)} Your answer (${LABEL[status]}) did not change it; please check with them if it is wrong.`,
        tone: 'warning',
      }),
    };
  }
  if (outcome.code !== 'done') return refusalResult(outcome);
  const { state, problem, askForRecord, cancelNotices } = outcome.value;
  const s = state.scope.session;
  const card = confirmCardOf(
    state,
    userId,
    today,
    problem ? { message: problem, tone: 'attention' } : undefined,
  );
  const messages: OutboundMessage[] = [];
  if (askForRecord) {
    messages.push({
      recipientId: s.supervisorId,
      // The structured record form (issue 18); the old summary card still answers its verb.
      card: await recordFormCardFor(ctx, state.scope, s.supervisorId),
      summary: 'Please write the supervision record.',
      key: recordRequestKey(s.id),
    });
  }
  for (const n of cancelNotices) {
    const when = formatInstant(n.start);
    const newDate = n.newStart ? formatInstant(n.newStart) : 'not yet known';
    messages.push({
      recipientId: n.recipientId,
      card: confirmCardOf(state, n.recipientId, today, {
        message: `${n.byName} cancelled this supervision (${when}). Reason: ${n.reason ?? 'not given'}. New date: ${newDate}.`,
        tone: 'warning',
      }),
      summary: `Your supervision on ${when} was cancelled; new date ${newDate}.`,
      key: n.key,
    });
  }
  // A follow-on that could not be saved yet: the next press must run again, not be answered
  // from the bot's memory of this one.
  return { kind: 'card', card, messages, ...(problem ? { transient: true } : {}) };
}

function confirmVerb(status: ConfirmStatus): CardActionHandler {
  return async (ctx, req) => {
    const outcome = await confirmSession(ctx, {
      userId: req.userId,
      answer: status,
      form: confirmFormOf(req.data),
      ...(input(req.data, 'sessionId') ? { sessionId: input(req.data, 'sessionId') } : {}),
    });
    return confirmResult(ctx, req.userId, status, outcome);
  };
}

export const confirmActions: Record<string, CardActionHandler> = {
  [CONFIRM_VERBS.held]: confirmVerb('held'),
  [CONFIRM_VERBS.cancelled]: confirmVerb('cancelled'),
  [CONFIRM_VERBS.notHeld]: confirmVerb('not-held'),
};
