/** GET /api/tab/triage?month=YYYY-MM: the Family Connect rota month (anyone in the organisation). */
import { canSeeSelf } from '../access';
import { BAD_MONTH, MONTH, query, send, str } from '../http';
import type { ApiHandler, TabEnv } from '../middleware';
import { buildTriageMonth } from '../triage-view';

export const triageRoute =
  ({ ctx }: TabEnv): ApiHandler =>
  async ({ req, res, userId, deny }) => {
    const month = str(query(req).get('month'));
    if (month && !MONTH.test(month)) return send(res, 400, BAD_MONTH);
    if (deny(canSeeSelf((await ctx.source.load()).snapshot.staff, userId))) return;
    send(res, 200, await buildTriageMonth(ctx, userId, month));
  };
