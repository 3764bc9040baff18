/** Builds the "Mark record complete" card for one viewer. */
import { londonDateOf } from '../policy/calendar';
import { recordTemplateOf } from '../policy/record-templates';
import { ordinaryRecordDue } from '../policy/rules/records';
import { recordCard, type RecordView } from '../cards/record-card';
import type { CardJson } from '../cards/card-kit';
import type { AppContext } from './context';
import { actionViews, nameOf, todayOf, type SessionScope } from './session-scope';

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
    dueBy: ordinaryRecordDue(ctx.profile.recordDeadline.value, heldDate, (d, n) =>
      ctx.calendar.addWorkingDays(d, n),
    ),
    completedAt: session.recordCompletedAt,
    summary: session.recordSummary,
    canComplete: viewerId === session.supervisorId,
    notice,
    template: { name: template.name, sections: template.sections },
  });
}
