/**
 * Every `Action.Execute` verb the bot answers, in one table: the supervision verbs (here),
 * the triage rota's and the escalations'. bot/ calls `runCardAction` for each invoke (already
 * authenticated) and turns the result into the invoke response and any proactive messages.
 */
import { commandReplyKey } from '../ports/planned';
import { errorName } from '../kernel/errors';
import { messageCard } from '../cards/message-card';
import type { AppContext } from '../usecases/context';
import { input, todayOf } from '../usecases/session-scope';
import { prepSession, viewSession } from '../usecases/session-view';
import { refusalResult } from './card-result';
import type { CardActionHandler, CardActionRequest, CardActionResult } from './card-types';
import { runCommand } from './commands';
import { confirmActions } from './confirm-actions';
import { confirmCardOf } from './confirm-view';
import { escalationActions } from './escalation-actions';
import { prepCardFor } from './prep-view';
import { recordCardFor } from './record-view';
import { recordActions, recordFormCardFor } from './record-actions';
import { signActions } from './sign-actions';
import { signCardOf } from './sign-view';
import { triageActions } from './triage-actions';

/** `session.refresh`: the current, user-specific version of a confirm / sign / record card. */
const refresh: CardActionHandler = async (ctx, req) => {
  const asked = input(req.data, 'card');
  const o = await viewSession(ctx, {
    userId: req.userId,
    sessionId: input(req.data, 'sessionId') ?? '',
    card: asked === 'sign' || asked === 'record' || asked === 'record-form' ? asked : 'confirm',
  });
  if (o.code !== 'done') return refusalResult(o);
  const v = o.value;
  switch (v.card) {
    case 'sign':
      return { kind: 'card', card: signCardOf(v.state, req.userId, todayOf(ctx)) };
    case 'record':
      return { kind: 'card', card: await recordCardFor(ctx, v.scope, req.userId) };
    case 'record-form':
      return { kind: 'card', card: await recordFormCardFor(ctx, v.scope, req.userId) };
    case 'confirm':
      return { kind: 'card', card: confirmCardOf(v.state, req.userId, todayOf(ctx)) };
  }
};

/** `session.prep`: the prep prompt for whichever side of the session the user is. */
const prep: CardActionHandler = async (ctx, req) => {
  const o = await prepSession(ctx, {
    userId: req.userId,
    sessionId: input(req.data, 'sessionId') ?? '',
  });
  if (o.code !== 'done') return refusalResult(o);
  const { slice, session, role } = o.value;
  const card = prepCardFor(ctx, slice, session, role);
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
        key: commandReplyKey(req.userId, req.activityId, text, minute),
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
