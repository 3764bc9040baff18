/**
 * The tab's two writes, each through the SAME use-case as the card (usecases/sign-record.ts,
 * triage-swap-actions.ts), with activityId `tab`, so the audit trail and the messages sent are
 * identical whichever surface was used. The use-cases answer typed outcomes
 * (usecases/outcome.ts); the tab turns each into an HTTP status and JSON, with no card and no
 * second read. The messages an outcome asks for go to Teams as cards, rendered by present/
 * exactly as a card press renders them.
 */
import type { OutboundMessage } from '../ports/notifier';
import { signMessages } from '../present/sign-actions';
import { triageMessages } from '../present/triage-views';
import type { AppContext } from '../usecases/context';
import type { Refusal } from '../usecases/outcome';
import { signRecord } from '../usecases/sign-record';
import { swapOffer } from '../usecases/triage-swap-actions';

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

/** A use-case's "nothing was done" as an HTTP answer (the statuses the tab has always used). */
function refusal(r: Refusal): ActionOutcome {
  if (r.code === 'refused' || r.code === 'not-found')
    return { status: 403, code: 'refused', message: r.reason };
  return {
    status: 400,
    code: r.code === 'invalid' && r.why ? r.why : 'invalid',
    message: r.reason,
  };
}

export async function signFromTab(
  ctx: AppContext,
  userId: string,
  input: SignInput,
): Promise<ActionOutcome> {
  const o = await signRecord(ctx, {
    userId,
    sessionId: input.sessionId,
    decision: input.decision === 'sign' ? 'signed' : 'disagreed',
    ...(input.comment !== undefined ? { comment: input.comment } : {}),
    // What the page showed: the use-case checks it against its own (only) read.
    ...(input.contentHash ? { contentHash: input.contentHash } : {}),
    requireContentHash: true,
    activityId: TAB_ACTIVITY_ID,
  });
  switch (o.code) {
    case 'done':
      break;
    case 'not-found':
      return NOT_YOURS;
    case 'refused':
      return o.why === 'not-a-party' ? NOT_YOURS : refusal(o);
    case 'conflict':
      return {
        status: 409,
        code: 'record-changed',
        message: 'The record changed since you opened it. Please read it again before you sign.',
      };
    default:
      return refusal(o);
  }
  const d = o.value;
  // Disagreeing with a record already signed (by me, on this content) records nothing.
  if (d.result === 'already-signed' && input.decision === 'disagree') {
    return {
      status: 409,
      code: 'already-signed',
      message: 'You have already signed this record; nothing changed.',
    };
  }
  return {
    status: 200,
    message: input.decision === 'sign' ? 'Signed. Thank you.' : 'Your disagreement is recorded.',
    messages: signMessages(ctx, d),
  };
}

/** Offer one of my triage days to the hub (`to` = `hub`) or one colleague (`to` = staff id). */
export async function swapFromTab(
  ctx: AppContext,
  userId: string,
  date: string,
  to: string,
): Promise<ActionOutcome> {
  const o = await swapOffer(ctx, { userId, date, to });
  if (o.code !== 'done') return refusal(o);
  const messages = triageMessages(o.value.messages);
  return {
    status: 200,
    message: messages.length
      ? 'Swap request sent. You keep the day until someone accepts.'
      : 'Your swap request is already out.',
    messages,
  };
}
