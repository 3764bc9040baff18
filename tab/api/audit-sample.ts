/** GET /api/tab/audit-sample?manager=ID&month=YYYY-MM: the month's dip sample (default: last month). */
import { addMonthsToMonth, monthOf } from '../../policy/calendar';
import type { ProfileId } from '../../policy/profile';
import { todayOf } from '../../usecases/session-scope';
import { canSee } from '../access';
import { auditSample } from '../audit-sample';
import { BAD_MONTH, MONTH, query, send, str } from '../http';
import type { ApiHandler, TabEnv } from '../middleware';

export const auditSampleRoute =
  ({ ctx }: TabEnv): ApiHandler =>
  async ({ req, res, userId, deny }) => {
    const q = query(req);
    const managerId = str(q.get('manager')) ?? userId;
    const month = str(q.get('month')) ?? addMonthsToMonth(monthOf(todayOf(ctx)), -1);
    if (!MONTH.test(month)) return send(res, 400, BAD_MONTH);
    // One load for both the access check and the sample.
    const { snapshot } = await ctx.source.load();
    if (deny(canSee(snapshot.staff, userId, managerId))) return;
    send(res, 200, auditSample(snapshot, ctx.profile.id as ProfileId, managerId, month));
  };
