/** GET /api/tab/people/:id: one person's history (myself, or someone in my line). */
import { canSee } from '../access';
import { send } from '../http';
import type { ApiHandler, TabEnv } from '../middleware';
import { buildHistory } from '../team-view';

export const personRoute =
  ({ ctx }: TabEnv): ApiHandler =>
  async ({ req, res, userId, deny }) => {
    const subject = req.params?.id ?? '';
    if (deny(canSee((await ctx.source.load()).snapshot.staff, userId, subject))) return;
    const history = await buildHistory(ctx, subject);
    if (!history) return send(res, 404, { error: 'not-found', message: 'Unknown person.' });
    send(res, 200, history);
  };
