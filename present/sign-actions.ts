/**
 * The record and sign cards' buttons (`record.complete`, `record.sign`, `record.disagree`,
 * `record.resolve`): card inputs become the typed commands of usecases/sign-record.ts, and the
 * outcomes become the updated card and the messages to send, rendered from the outcome alone.
 */
import { formatDate } from '../cards/card-kit';
import { messageCard } from '../cards/message-card';
import { RECORD_COMPLETE_VERB } from '../cards/record-card';
import { SIGN_VERBS } from '../cards/sign-card';
import type { OutboundMessage } from '../ports/notifier';
import type { AppContext, CardActionHandler, CardActionResult } from '../usecases/context';
import { recordCardFor } from './record-view';
import { input, todayOf } from '../usecases/session-scope';
import {
  completeRecord,
  resolveDisagreement,
  signRecord,
  type SignDone,
  type SignRequest,
} from '../usecases/sign-record';
import type { SignState } from '../usecases/signatures';
import { signCardOf } from './sign-view';
import { refusalResult } from './card-result';

/** Sign cards for each request, from the record as the outcome carries it. */
export function signRequestMessages(
  ctx: AppContext,
  state: SignState,
  requests: readonly SignRequest[],
): OutboundMessage[] {
  const today = todayOf(ctx);
  return requests.map((r) => ({
    recipientId: r.recipientId,
    card: signCardOf(state, r.recipientId, today),
    summary: r.summary,
    key: r.key,
  }));
}

/** Everything a signature or disagreement sends: sign requests, then "signed by both". */
export function signMessages(ctx: AppContext, d: SignDone): OutboundMessage[] {
  return [
    ...signRequestMessages(ctx, d.state, d.requests),
    ...d.bothSigned.map((n) => ({
      key: n.key,
      recipientId: n.recipientId,
      summary: 'A supervision record is now signed by both of you.',
      card: messageCard(
        `The record of your one-to-one on ${formatDate(n.heldDate)} is now signed by both of you. Nothing more to do.`,
      ),
    })),
  ];
}

const complete: CardActionHandler = async (ctx, req) => {
  const o = await completeRecord(ctx, {
    userId: req.userId,
    sessionId: input(req.data, 'sessionId') ?? '',
    summary: input(req.data, 'recordSummary') ?? '',
    activityId: req.activityId,
  });
  if (o.code !== 'done') return refusalResult(o);
  const { scope, sign, requests, nameWarning } = o.value;
  const messages = signRequestMessages(ctx, sign, requests);
  const done = messages.length
    ? 'Sent to you both for signature.'
    : 'Already complete; nothing changed.';
  const card = await recordCardFor(ctx, scope, req.userId, {
    message: nameWarning ? `${done} ${nameWarning}` : done,
    tone: nameWarning ? 'warning' : messages.length ? 'good' : 'default',
  });
  return { kind: 'card', card, messages };
};

function signVerb(decision: 'signed' | 'disagreed'): CardActionHandler {
  return async (ctx, req): Promise<CardActionResult> => {
    const comment = input(req.data, 'disagreeComment');
    const contentHash = input(req.data, 'contentHash');
    const o = await signRecord(ctx, {
      userId: req.userId,
      sessionId: input(req.data, 'sessionId') ?? '',
      decision,
      ...(comment !== undefined ? { comment } : {}),
      ...(contentHash !== undefined ? { contentHash } : {}),
      activityId: req.activityId,
    });
    const today = todayOf(ctx);
    if (o.code === 'conflict') {
      return {
        kind: 'card',
        card: signCardOf(o.value, req.userId, today, {
          message:
            'The record changed since this card was sent. Please read it again before you sign.',
          tone: 'warning',
        }),
      };
    }
    if (o.code !== 'done') return refusalResult(o);
    const d = o.value;
    switch (d.result) {
      case 'already-signed':
        return {
          kind: 'card',
          card: signCardOf(d.state, req.userId, today, {
            message:
              decision === 'signed'
                ? 'You have signed this record.'
                : 'You have already signed this record; nothing changed.',
            tone: 'default',
          }),
        };
      case 'disagreed':
        return {
          kind: 'card',
          card: signCardOf(d.state, req.userId, today, {
            message: 'Your disagreement is recorded.',
            tone: 'warning',
          }),
          messages: signMessages(ctx, d),
        };
      case 'signed':
        return {
          kind: 'card',
          card: signCardOf(d.state, req.userId, today),
          messages: signMessages(ctx, d),
        };
    }
  };
}

const resolve: CardActionHandler = async (ctx, req) => {
  const o = await resolveDisagreement(ctx, {
    userId: req.userId,
    sessionId: input(req.data, 'sessionId') ?? '',
  });
  if (o.code !== 'done') return refusalResult(o);
  return {
    kind: 'card',
    card: signCardOf(o.value.state, req.userId, todayOf(ctx), {
      message: o.value.resolvedNow
        ? 'The disagreement is marked resolved.'
        : 'The disagreement was already marked resolved.',
      tone: 'good',
    }),
  };
};

export const signActions: Record<string, CardActionHandler> = {
  [RECORD_COMPLETE_VERB]: complete,
  [SIGN_VERBS.sign]: signVerb('signed'),
  [SIGN_VERBS.disagree]: signVerb('disagreed'),
  [SIGN_VERBS.resolve]: resolve,
};
