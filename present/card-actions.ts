/**
 * Every `Action.Execute` verb the bot answers, in one table: the supervision verbs (here),
 * the triage rota's and the escalations'. bot/ calls `runCardAction` for each invoke (already
 * authenticated) and turns the result into the invoke response and any proactive messages.
 */
import { errorName } from '../kernel/errors';
import { messageCard } from '../cards/message-card';
import type {
  AppContext,
  CardActionHandler,
  CardActionRequest,
  CardActionResult,
} from '../usecases/context';
import { runCommand } from './commands';
import { confirmActions } from './confirm-actions';
import { confirmCardFor } from './confirm-view';
import { escalationActions } from './escalation-actions';
import { prepCardFor } from './prep-view';
import { recordCardFor } from './record-view';
import { requestReads, supervisionSlice } from '../usecases/scoped-reads';
import {
  confirmAudience,
  confirmersOf,
  input,
  loadSession,
  roleIn,
} from '../usecases/session-scope';
import { recordActions, recordFormCardFor } from './record-actions';
import { signActions } from './sign-actions';
import { signCardFor } from './sign-view';
import { triageActions } from './triage-actions';

const NOT_YOURS: CardActionResult = {
  kind: 'refused',
  message: 'This card belongs to a supervision you are not part of.',
};

/** `session.refresh`: the current, user-specific version of a confirm / sign / record card. */
const refresh: CardActionHandler = async (ctx, req) => {
  const scope = await loadSession(ctx, input(req.data, 'sessionId') ?? '');
  if (!scope)
    return { kind: 'refused', message: 'That session no longer exists in the supervision list.' };
  const { session, hierarchy: h } = scope;
  const managers = confirmersOf(h, session);
  const audience = new Set([...confirmAudience(h, session), ...managers]);
  if (!audience.has(req.userId)) return NOT_YOURS;
  switch (input(req.data, 'card')) {
    case 'sign':
      return { kind: 'card', card: await signCardFor(ctx, scope, req.userId) };
    case 'record':
      return { kind: 'card', card: await recordCardFor(ctx, scope, req.userId) };
    case 'record-form':
      return { kind: 'card', card: await recordFormCardFor(ctx, scope, req.userId) };
    default:
      return { kind: 'card', card: await confirmCardFor(ctx, scope, req.userId) };
  }
};

/** `session.prep`: the prep prompt for whichever side of the session the user is. */
const prep: CardActionHandler = async (ctx, req) => {
  const scope = await loadSession(ctx, input(req.data, 'sessionId') ?? '');
  if (!scope)
    return { kind: 'refused', message: 'That session no longer exists in the supervision list.' };
  const role = roleIn(scope.session, req.userId);
  if (!role) return NOT_YOURS;
  const slice = await supervisionSlice(requestReads(ctx), scope.session);
  const card = prepCardFor(ctx, slice, scope.session, role);
  return card
    ? { kind: 'card', card }
    : { kind: 'refused', message: 'That session no longer exists.' };
};

/** Commands whose card a button may stand on, and so may be kept in place (`from`). */
const KEEPABLE = new Set(['help', 'status', 'next', 'actions', 'team']);

/**
 * `command.run`: the buttons on reply cards run the same commands as typing them. A button
 * that names the card it stands on (`from`: the help menu, status) leaves that card in place
 * (re-rendered as it is now) and the answer comes as a new message below it, so the menu
 * never disappears; without `from` the answer replaces the card, as before.
 */
const command: CardActionHandler = async (ctx, req) => {
  const text = input(req.data, 'command') ?? 'help';
  const reply = await runCommand(ctx, req.userId, text);
  const answer = reply.card ?? messageCard(reply.text ?? 'Done.');
  const from = input(req.data, 'from');
  if (!from || !KEEPABLE.has(from)) return { kind: 'card', card: answer };
  const origin = await runCommand(ctx, req.userId, from);
  if (!origin.card) return { kind: 'card', card: answer };
  // One message per press: the card's message id and the minute (a press repeated later asks again).
  const minute = ctx.clock.now().toISOString().slice(0, 16);
  return {
    kind: 'card',
    card: origin.card,
    messages: [
      {
        key: `command|${req.userId}|${req.activityId}|${text}|${minute}`,
        recipientId: req.userId,
        card: reply.text && reply.card ? withNote(reply.card, reply.text) : answer,
        summary: `Your ${text.split(' ')[0]}`,
      },
    ],
  };
};

/** A reply's text above its card, for a reply sent as a card alone. */
function withNote(card: Record<string, unknown>, note: string): Record<string, unknown> {
  const body = Array.isArray(card.body) ? card.body : [];
  return { ...card, body: [{ type: 'TextBlock', text: note, wrap: true }, ...body] };
}

export const supervisionActions: Record<string, CardActionHandler> = {
  ...confirmActions,
  ...signActions,
  ...recordActions,
  'session.refresh': refresh,
  'session.prep': prep,
  'command.run': command,
};

export const CARD_ACTIONS: Record<string, CardActionHandler> = {
  ...triageActions,
  ...escalationActions,
  ...supervisionActions,
};

export async function runCardAction(
  ctx: AppContext,
  req: CardActionRequest,
): Promise<CardActionResult> {
  const handler = Object.prototype.hasOwnProperty.call(CARD_ACTIONS, req.verb)
    ? CARD_ACTIONS[req.verb]
    : undefined;
  if (!handler) {
    ctx.logger.warn('card-action.unknown-verb', {
      verb: req.verb.slice(0, 60),
      userId: req.userId,
    });
    return {
      kind: 'invalid',
      message: 'This button is from an older version of the bot; please use a newer card.',
    };
  }
  try {
    return await handler(ctx, req);
  } catch (err) {
    // Never the error text: it may quote user input. The name is enough to find it.
    ctx.logger.error('card-action.failed', {
      verb: req.verb,
      userId: req.userId,
      error: errorName(err),
    });
    return {
      kind: 'invalid',
      message:
        'Something went wrong on our side. Please try again: pressing again never does anything twice.',
    };
  }
}
