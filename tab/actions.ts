/**
 * The tab's two writes, each through the SAME use-case as the card (usecases/card-actions.ts
 * → sign-record.ts, triage-swap-actions.ts), with activityId `tab`, so the audit trail and
 * the messages sent are identical whichever surface was used. The use-cases answer with
 * cards; the tab reads the outcome from the store instead (did my audit entry land?).
 */
import type { OutboundMessage } from '../ports/notifier';
import { runNamedAction } from '../usecases/card-actions';
import type { AppContext } from '../usecases/context';
import { loadSession, roleIn } from '../usecases/session-scope';
import { currentHash, trailOf } from '../usecases/sign-view';

export const TAB_ACTIVITY_ID = 'tab';

export type ActionOutcome =
  | { status: 200; message: string; messages: OutboundMessage[] }
  | { status: 400 | 403 | 404 | 409 | 503; code: string; message: string };

export interface SignInput {
  sessionId: string;
  decision: 'sign' | 'disagree';
  comment?: string;
  /**
   * The hash of the record as the page showed it. Required (400 without): a signature covers
   * what the signer saw, never whatever the record holds when the request arrives. Optional in
   * the type only because the route passes on what the body had.
   */
  contentHash?: string;
}

/**
 * The same answer for a session that does not exist and one the caller is not party to, with
 * no names in it: the API must not confirm which sessions exist or whose they are.
 */
const NOT_YOURS: ActionOutcome = {
  status: 403,
  code: 'refused',
  message: 'Only the supervisor and the supervisee sign a supervision record.',
};

export async function signFromTab(
  ctx: AppContext,
  userId: string,
  input: SignInput,
): Promise<ActionOutcome> {
  const scope = await loadSession(ctx, input.sessionId);
  const party = scope ? roleIn(scope.session, userId) : null;
  if (!scope || !party) return NOT_YOURS;
  const seen = input.contentHash;
  if (!seen) {
    return {
      status: 400,
      code: 'missing-content-hash',
      message: 'contentHash is required: a signature covers the record as you saw it.',
    };
  }
  if (seen !== currentHash(scope, ctx.profile).hash) {
    return {
      status: 409,
      code: 'record-changed',
      message: 'The record changed since you opened it. Please read it again before you sign.',
    };
  }
  const result = await runNamedAction(ctx, input.decision === 'sign' ? 'sign' : 'disagree', {
    userId,
    activityId: TAB_ACTIVITY_ID,
    data: {
      sessionId: input.sessionId,
      // What the page showed: the use-case checks it again against its own read.
      contentHash: seen,
      ...(input.comment !== undefined ? { disagreeComment: input.comment } : {}),
    },
  });
  if (result.kind === 'refused') return { status: 403, code: 'refused', message: result.message };
  if (result.kind === 'invalid') return { status: 400, code: 'invalid', message: result.message };
  const decision = input.decision === 'sign' ? 'signed' : 'disagreed';
  // Landed = my newest entry is this decision on what I saw (an older entry on the same content,
  // from before the record changed and changed back, does not count).
  const mine = trailOf(await ctx.writer.listSignatures(input.sessionId), scope.session, party);
  const last = mine[mine.length - 1];
  if (last?.decision !== decision || last.contentHash !== seen) {
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
  const result = await runNamedAction(ctx, 'offerSwap', {
    userId,
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
