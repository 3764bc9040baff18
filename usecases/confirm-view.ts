/** Builds the confirm card for one viewer from the session as it stands now. */
import { addDays } from '../policy/calendar';
import { confirmCard, type ConfirmOutcome, type ConfirmView } from '../cards/confirm-card';
import type { CardJson } from '../cards/card-kit';
import type { AppContext } from './context';
import {
  actionViews,
  confirmAudience,
  confirmersOf,
  nameOf,
  todayOf,
  type SessionScope,
} from './session-scope';
import { getConfirmation } from './session-notes';

export async function confirmCardFor(
  ctx: AppContext,
  scope: SessionScope,
  viewerId: string,
  notice?: ConfirmView['notice'],
): Promise<CardJson> {
  const { session, hierarchy: h } = scope;
  const today = todayOf(ctx);
  const note = session.status === 'scheduled' ? null : await getConfirmation(ctx.kv, session.id);
  const by =
    note && note.status === session.status ? { byName: nameOf(h, note.by), at: note.at } : {};
  let outcome: ConfirmOutcome;
  switch (session.status) {
    case 'scheduled':
      outcome = { status: 'scheduled' };
      break;
    case 'held':
      outcome = {
        status: 'held',
        heldMinutes: session.heldMinutes,
        actions: actionViews(h, scope.actions, today),
        ...by,
      };
      break;
    case 'cancelled': {
      const next = session.rescheduledToId
        ? await ctx.writer.getSession(session.rescheduledToId)
        : null;
      outcome = {
        status: 'cancelled',
        reason: session.cancelReason,
        newStart: next?.value.scheduledStart,
        ...by,
      };
      break;
    }
    case 'not-held':
      outcome = { status: 'not-held', reason: session.cancelReason, ...by };
      break;
  }
  return confirmCard({
    sessionId: session.id,
    superviseeName: nameOf(h, session.superviseeId),
    supervisorName: nameOf(h, session.supervisorId),
    start: session.scheduledStart,
    plannedMinutes: session.plannedMinutes,
    viewer: confirmersOf(h, session).includes(viewerId) ? 'confirmer' : 'read-only',
    outcome,
    refreshUserIds: confirmAudience(h, session),
    today,
    earliestNewDate: addDays(today, 1),
    notice,
  });
}
