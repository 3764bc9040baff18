/**
 * The tab's two writes, each through the SAME use-case as the card (usecases/card-actions.ts
 * → sign-record.ts, triage-swap-actions.ts), with activityId `tab`, so the audit trail and
 * the messages sent are identical whichever surface was used. The use-cases answer with
 * cards; the tab reads the outcome from the store instead (did my audit entry land?).
 */
import { SIGN_VERBS } from '../cards/sign-card';
import { TRIAGE_VERBS } from '../cards/triage-kit';
import type { OutboundMessage } from '../ports/notifier';
import { runCardAction } from '../usecases/card-actions';
import type { AppContext } from '../usecases/context';
import { loadSession } from '../usecases/session-scope';
import { currentHash } from '../usecases/sign-view';

export const TAB_ACTIVITY_ID = 'tab';

export type ActionOutcome =
  | { status: 200; message: string; messages: OutboundMessage[] }
  | { status: 400 | 403 | 404 | 409 | 503; code: string; message: string };

export interface SignInput {
  sessionId: string;
  decision: 'sign' | 'disagree';
  comment?: string;
  /** The hash of the record as the page showed it. */
  contentHash?: string;
}

export async function signFromTab(
  ctx: AppContext,
  userId: string,
  input: SignInput,
): Promise<ActionOutcome> {
  const scope = await loadSession(ctx, input.sessionId);
  if (!scope) return { status: 404, code: 'no-session', message: 'That session no longer exists.' };
  const { hash } = currentHash(scope);
  if (input.contentHash && input.contentHash !== hash) {
    return {
      status: 409,
      code: 'record-changed',
      message: 'The record changed since you opened it. Please read it again before you sign.',
    };
  }
  const verb = input.decision === 'sign' ? SIGN_VERBS.sign : SIGN_VERBS.disagree;
  const result = await runCardAction(ctx, {
    userId,
    verb,
    activityId: TAB_ACTIVITY_ID,
    data: {
      sessionId: input.sessionId,
      contentHash: hash,
      ...(input.comment !== undefined ? { disagreeComment: input.comment } : {}),
    },
  });
  if (result.kind === 'refused') return { status: 403, code: 'refused', message: result.message };
  if (result.kind === 'invalid') return { status: 400, code: 'invalid', message: result.message };
  const decision = input.decision === 'sign' ? 'signed' : 'disagreed';
  const entries = await ctx.writer.listSignatures(input.sessionId);
  const landed = entries.some(
    (e) => e.signerId === userId && e.decision === decision && e.contentHash === hash,
  );
  if (!landed) {
    return {
      status: 409,
      code: 'not-recorded',
      message: 'The record changed while you were signing. Please read it again.',
    };
  }
  return {
    status: 200,
    message: decision === 'signed' ? 'Signed. Thank you.' : 'Your disagreement is recorded.',
    messages: result.messages ?? [],
  };
}

/** Offer one of my triage days to the hub (`to` = `hub`) or one colleague (`to` = staff id). */
export async function swapFromTab(
  ctx: AppContext,
  userId: string,
  date: string,
  to: string,
): Promise<ActionOutcome> {
  const result = await runCardAction(ctx, {
    userId,
    verb: TRIAGE_VERBS.swapOffer,
    activityId: TAB_ACTIVITY_ID,
    data: { date, swapTo: to },
  });
  if (result.kind === 'refused') return { status: 403, code: 'refused', message: result.message };
  if (result.kind === 'invalid') return { status: 400, code: 'invalid', message: result.message };
  return {
    status: 200,
    message: result.messages?.length
      ? 'Swap request sent. You keep the day until someone accepts.'
      : 'Your swap request is already out.',
    messages: result.messages ?? [],
  };
}
