/**
 * Reading one session for the person looking at its card (a refresh, the prep prompt): the
 * same people check as the cards' own verbs, and what the card shows read once. Returns an
 * outcome (usecases/outcome.ts); present/card-actions.ts builds the card from it.
 */
import type { OrgSnapshot, Session } from '../policy/domain';
import type { AppContext } from './context';
import { confirmStateOf, type ConfirmState } from './confirm-state';
import { done, notFound, refused, type Outcome } from './outcome';
import { requestReads, supervisionSlice } from './scoped-reads';
import {
  confirmAudience,
  confirmersOf,
  loadSession,
  roleIn,
  type SessionScope,
} from './session-scope';
import type { SignState } from './signatures';

const GONE = notFound('That session no longer exists in the supervision list.');
const NOT_YOURS = refused('This card belongs to a supervision you are not part of.', 'not-a-party');

export type SessionCard = 'confirm' | 'sign' | 'record' | 'record-form';

export type SessionView =
  | { card: 'confirm'; state: ConfirmState }
  | { card: 'sign'; state: SignState }
  | { card: 'record' | 'record-form'; scope: SessionScope };

/** One of the session's cards, for someone who sees it: its two people and its confirmers. */
export async function viewSession(
  ctx: AppContext,
  cmd: { userId: string; sessionId?: string; card: SessionCard },
): Promise<Outcome<SessionView>> {
  const scope = await loadSession(ctx, cmd.sessionId ?? '');
  if (!scope) return GONE;
  const { session, hierarchy: h } = scope;
  const audience = new Set([...confirmAudience(h, session), ...confirmersOf(h, session)]);
  if (!audience.has(cmd.userId)) return NOT_YOURS;
  switch (cmd.card) {
    case 'sign':
      return done({
        card: 'sign',
        state: { scope, entries: await ctx.writer.listSignatures(session.id) },
      });
    case 'record':
    case 'record-form':
      return done({ card: cmd.card, scope });
    case 'confirm':
      return done({ card: 'confirm', state: await confirmStateOf(ctx, scope) });
  }
}

export interface PrepView {
  session: Session;
  role: 'supervisor' | 'supervisee';
  /** The supervisee's history, cases and people the prompt draws on. */
  slice: OrgSnapshot;
}

/** What the prep prompt for one side of the session draws on. */
export async function prepSession(
  ctx: AppContext,
  cmd: { userId: string; sessionId?: string },
): Promise<Outcome<PrepView>> {
  const scope = await loadSession(ctx, cmd.sessionId ?? '');
  if (!scope) return GONE;
  const role = roleIn(scope.session, cmd.userId);
  if (!role) return NOT_YOURS;
  const slice = await supervisionSlice(requestReads(ctx), scope.session);
  return done({ session: scope.session, role, slice });
}
