/** Builds the confirm card for one viewer from the session as it stands now. */
import { addDays } from '../policy/calendar';
import { confirmCard, type ConfirmOutcome, type ConfirmView } from '../cards/confirm-card';
import type { CardJson } from '../cards/card-kit';
import type { Session } from '../policy/domain';
import type { Hierarchy } from '../policy/hierarchy';
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

/**
 * Who a group session's leader may tick as attending: everyone they supervise or line-manage
 * who is in post, and anyone the session already records (so a ticked name never vanishes).
 */
export function groupChoices(
  h: Hierarchy,
  session: Session,
  today: string,
): Array<{ id: string; name: string }> {
  const inPost = (id: string) => {
    const s = h.get(id);
    return !!s && (!s.startDate || s.startDate <= today) && (!s.leftDate || s.leftDate >= today);
  };
  const ids = new Set([
    ...h.directReports(session.supervisorId).filter(inPost),
    ...(session.attendees ?? []).filter((id) => !!h.get(id)),
  ]);
  return [...ids]
    .map((id) => ({ id, name: nameOf(h, id) }))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

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
        ...(session.kind === 'group'
          ? { attendedNames: (session.attendees ?? []).map((id) => nameOf(h, id)) }
          : {}),
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
    ...(session.kind === 'group'
      ? {
          group: {
            choices: groupChoices(h, session, today),
            attendees: session.attendees ?? [],
          },
        }
      : {}),
  });
}
