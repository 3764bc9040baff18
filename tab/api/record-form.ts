/**
 * GET  /api/tab/record-form/:id  a session's record form (the supervisor writes; the supervisee
 *                                and the line chain read)
 * POST /api/tab/record-form/:id  {finish, sections, cases, nextSessionAt?}: save draft / finish,
 *                                through the same use-case as the card (usecases/record-save.ts);
 *                                the sign requests a finished record asks for go to `deliver`.
 */
import { bodyOf, send } from '../http';
import type { ApiHandler, TabEnv } from '../middleware';
import { parseSaveBody, recordFormView, saveFromTab } from '../record-form';

export const recordFormRoute =
  ({ ctx }: TabEnv): ApiHandler =>
  async ({ req, res, userId, deny }) => {
    const v = await recordFormView(ctx, userId, req.params?.id ?? '');
    if (!v.ok) return void deny(v);
    send(res, 200, v.view);
  };

export const recordSaveRoute =
  (env: TabEnv): ApiHandler =>
  async ({ req, res, userId, route }) => {
    const input = parseSaveBody(bodyOf(req));
    if ('status' in input) return send(res, input.status, input);
    const o = await saveFromTab(env.ctx, userId, req.params?.id ?? '', input);
    if (o.status !== 200) {
      env.log.info('tab.action-refused', { route, userId, code: o.code });
      return send(res, o.status, { error: o.code, message: o.message });
    }
    if (o.messages.length && env.deliver) await env.deliver(o.messages);
    send(res, 200, { ok: true, message: o.message, warnings: o.warnings ?? [] });
  };
