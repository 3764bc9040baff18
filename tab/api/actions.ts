/**
 * POST /api/tab/sign {sessionId, decision: sign|disagree, comment?, contentHash?} and
 * POST /api/tab/triage/swap {date, to: 'hub' | staff id}: the tab's two actions, through the
 * same use-cases as the cards (tab/actions.ts). A done action's messages go to `deliver` (the
 * delivery room), so the other party hears of it as from a card; a refusal is answered with its
 * status and code.
 */
import { signFromTab, swapFromTab, type ActionOutcome } from '../actions';
import { bodyOf, send, str } from '../http';
import type { ApiHandler, TabCall, TabEnv } from '../middleware';

async function answer(env: TabEnv, { res, route, userId }: TabCall, o: ActionOutcome) {
  if (o.status === 200) {
    if (o.messages.length && env.deliver) await env.deliver(o.messages);
    send(res, 200, { ok: true, message: o.message });
  } else {
    env.log.info('tab.action-refused', { route, userId, code: o.code });
    send(res, o.status, { error: o.code, message: o.message });
  }
}

export const signRoute =
  (env: TabEnv): ApiHandler =>
  async (call) => {
    const b = bodyOf(call.req);
    const sessionId = str(b.sessionId);
    const decision = b.decision === 'sign' || b.decision === 'disagree' ? b.decision : null;
    if (!sessionId || !decision)
      return send(call.res, 400, {
        error: 'bad-request',
        message: 'sessionId and decision (sign or disagree) are required.',
      });
    const comment = typeof b.comment === 'string' ? b.comment : undefined;
    const contentHash = str(b.contentHash);
    const o = await signFromTab(env.ctx, call.userId, {
      sessionId,
      decision,
      ...(comment !== undefined ? { comment } : {}),
      ...(contentHash ? { contentHash } : {}),
    });
    await answer(env, call, o);
  };

export const swapRoute =
  (env: TabEnv): ApiHandler =>
  async (call) => {
    const b = bodyOf(call.req);
    const date = str(b.date);
    const to = str(b.to) ?? 'hub';
    if (!date) return send(call.res, 400, { error: 'bad-request', message: 'date is required.' });
    await answer(env, call, await swapFromTab(env.ctx, call.userId, date, to));
  };
