/**
 * What the confirm card shows of a session, read once: the session with its people and agreed
 * actions, who confirmed its outcome and when, and the start of the session a cancellation
 * moved it to. The confirm use-case returns it (present/ renders it); the refresh, the
 * reminders and the `do` commands read it here.
 */
import type { Instant, Session } from '../policy/domain';
import type { Hierarchy } from '../policy/hierarchy';
import type { AppContext } from './context';
import { nameOf, type SessionScope } from './session-scope';
import { getConfirmation, type ConfirmationNote } from './session-notes';

export interface ConfirmState {
  scope: SessionScope;
  /** Who gave the session's outcome and when; null while scheduled or when not known. */
  confirmation: ConfirmationNote | null;
  /** A cancelled session: when its replacement is booked for (absent when not booked). */
  newStart?: Instant;
}

export async function confirmStateOf(ctx: AppContext, scope: SessionScope): Promise<ConfirmState> {
  const { session } = scope;
  const confirmation =
    session.status === 'scheduled' ? null : await getConfirmation(ctx.kv, session.id);
  const next =
    session.status === 'cancelled' && session.rescheduledToId
      ? await ctx.writer.getSession(session.rescheduledToId)
      : null;
  return { scope, confirmation, ...(next ? { newStart: next.value.scheduledStart } : {}) };
}

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
