/** Builds the "Mark record complete" card for one viewer. */
import { londonDateOf } from '../policy/calendar';
import { interpretationsOf } from '../policy/interpretations';
import { recordTemplateOf } from '../policy/record-templates';
import { recordDeadline } from '../policy/rules/records';
import { recordCard, type RecordView } from '../cards/record-card';
import type { CardJson } from '../cards/card-kit';
import type { AppContext } from '../usecases/context';
import { actionViews } from './action-views';
import { nameOf, todayOf, type SessionScope } from '../usecases/session-scope';

export async function recordCardFor(
  ctx: AppContext,
  scope: SessionScope,
  viewerId: string,
  notice?: RecordView['notice'],
): Promise<CardJson> {
  const { session, hierarchy: h } = scope;
  const heldDate = londonDateOf(session.scheduledStart);
  const template = recordTemplateOf(ctx.profile);
  return recordCard({
    sessionId: session.id,
    superviseeName: nameOf(h, session.superviseeId),
    heldDate,
    heldMinutes: session.heldMinutes,
    actions: actionViews(h, scope.actions, todayOf(ctx)),
    // The profile's own deadline: working days, a calendar week, the session day, or the
    // day a significant decision's hours run out.
    dueBy: recordDeadline(
      {
        profile: ctx.profile,
        interp: interpretationsOf(ctx.profile),
        addWorkingDays: (d, n) => ctx.calendar.addWorkingDays(d, n),
      },
      session,
    ),
    completedAt: session.recordCompletedAt,
    summary: session.recordSummary,
    canComplete: viewerId === session.supervisorId,
    notice,
    template: { name: template.name, sections: template.sections },
  });
}
