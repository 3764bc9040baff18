/** GET /api/tab/me: my supervision (someone not in the organisation is refused). */
import { send } from '../http';
import type { ApiHandler, TabEnv } from '../middleware';
import { canSeeSelf } from '../access';
import { buildMyView } from '../my-view';

export const meRoute =
  ({ ctx }: TabEnv): ApiHandler =>
  async ({ res, userId, deny }) => {
    const view = await buildMyView(ctx, userId);
    if (!view) {
      deny(canSeeSelf([], userId));
      return;
    }
    send(res, 200, view);
  };
