/** The sign card for one viewer, from a record's signatures as read (`SignState`). */
import { londonDateOf } from '../policy/calendar';
import type { LocalDate } from '../policy/domain';
import { signCard, type SignView } from '../cards/sign-card';
import type { CardJson } from '../cards/card-kit';
import type { AppContext } from '../usecases/context';
import { actionViews } from './action-views';
import { nameOf, roleIn, todayOf, type SessionScope } from '../usecases/session-scope';
import { currentHash, stateOf, type SignState } from '../usecases/signatures';

export type SignNotice = SignView['notice'];

/** The card, from state already read: no I/O. */
export function signCardOf(
  state: SignState,
  viewerId: string,
  today: LocalDate,
  notice?: SignNotice,
): CardJson {
  const { scope, entries } = state;
  const { session, hierarchy: h } = scope;
  const { hash, summary } = currentHash(scope);
  return signCard({
    sessionId: session.id,
    viewerRole: roleIn(session, viewerId) ?? 'observer',
    superviseeName: nameOf(h, session.superviseeId),
    supervisorName: nameOf(h, session.supervisorId),
    heldDate: londonDateOf(session.scheduledStart),
    heldMinutes: session.heldMinutes,
    summary,
    actions: actionViews(h, scope.actions, today),
    contentHash: hash,
    supervisor: stateOf(entries, session, 'supervisor', hash),
    supervisee: stateOf(entries, session, 'supervisee', hash),
    refreshUserIds: [session.supervisorId, session.superviseeId],
    notice,
    disagreementOpen: !!session.disagreementAt && !session.disagreementResolvedAt,
  });
}

/** Reads the audit trail, then builds the card (for callers that hold only the session). */
export async function signCardFor(
  ctx: AppContext,
  scope: SessionScope,
  viewerId: string,
  notice?: SignNotice,
): Promise<CardJson> {
  const entries = await ctx.writer.listSignatures(scope.session.id);
  return signCardOf({ scope, entries }, viewerId, todayOf(ctx), notice);
}
