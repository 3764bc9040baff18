/** Builds the confirm card for one viewer from what the session holds (`ConfirmState`). */
import { addDays } from '../policy/calendar';
import { confirmCard, type ConfirmOutcome, type ConfirmView } from '../cards/confirm-card';
import type { CardJson } from '../cards/card-kit';
import type { LocalDate } from '../policy/domain';
import type { AppContext } from '../usecases/context';
import { confirmStateOf, groupChoices, type ConfirmState } from '../usecases/confirm-state';
import { actionViews } from './action-views';
import {
  confirmAudience,
  confirmersOf,
  nameOf,
  todayOf,
  type SessionScope,
} from '../usecases/session-scope';

export type ConfirmNotice = ConfirmView['notice'];

/** The card, from state already read: no I/O. */
export function confirmCardOf(
  state: ConfirmState,
  viewerId: string,
  today: LocalDate,
  notice?: ConfirmNotice,
): CardJson {
  const { session, hierarchy: h } = state.scope;
  const note = state.confirmation;
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
        actions: actionViews(h, state.scope.actions, today),
        ...(session.kind === 'group'
          ? { attendedNames: (session.attendees ?? []).map((id) => nameOf(h, id)) }
          : {}),
        ...by,
      };
      break;
    case 'cancelled':
      outcome = {
        status: 'cancelled',
        reason: session.cancelReason,
        newStart: state.newStart,
        ...by,
      };
      break;
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

/** Reads what the card shows, then builds it (for callers that hold only the session). */
export async function confirmCardFor(
  ctx: AppContext,
  scope: SessionScope,
  viewerId: string,
  notice?: ConfirmNotice,
): Promise<CardJson> {
  return confirmCardOf(await confirmStateOf(ctx, scope), viewerId, todayOf(ctx), notice);
}
