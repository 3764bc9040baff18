/**
 * Renders the scheduler's planned supervision notifications into messages: `coming-up`,
 * `prep`, `confirm-request` and `sign-request`. The summary line (shown in the activity
 * feed) carries no names of children and no record text.
 */
import { londonDateOf } from '../policy/calendar';
import type { OrgSnapshot } from '../policy/domain';
import { hierarchyOf } from '../policy/hierarchy';
import { formatDate } from '../policy/date-words';
import type { OutboundMessage } from '../ports/notifier';
import type { PlannedNotification } from '../ports/planned';
import type { AppContext } from '../usecases/context';
import { confirmCardFor } from './confirm-view';
import { comingUpCardFor, prepCardFor } from './prep-view';
import { readRecord, roleIn, type SessionScope } from '../usecases/session-scope';
import { recordTemplateOf } from '../policy/record-templates';
import { signCardFor } from './sign-view';

type Planned = Pick<
  PlannedNotification,
  'key' | 'kind' | 'recipientId' | 'sessionId' | 'level' | 'party'
>;

/**
 * Null when there is nothing to send any more (the session is gone, or the recipient is no
 * longer part of it) or the kind is not a supervision card; the scheduler then marks it done.
 */
export async function renderSupervisionNotification(
  ctx: AppContext,
  snapshot: OrgSnapshot,
  planned: Planned,
): Promise<OutboundMessage | null> {
  if (!planned.sessionId) return null;
  const entry = await ctx.writer.getSession(planned.sessionId);
  if (!entry) return null;
  const session = entry.value;
  const scope: SessionScope = {
    hierarchy: hierarchyOf(snapshot.staff),
    entry,
    session,
    actions: snapshot.actions.filter((a) => a.sessionId === session.id),
    record: await readRecord(ctx, session.id),
    template: recordTemplateOf(ctx.profile),
  };
  const role = planned.party ?? roleIn(session, planned.recipientId);
  const day = formatDate(londonDateOf(session.scheduledStart));
  const base = { recipientId: planned.recipientId, key: planned.key };
  switch (planned.kind) {
    case 'coming-up':
      if (!role) return null;
      return {
        ...base,
        card: comingUpCardFor(ctx, snapshot, session, role),
        summary: `Supervision coming up on ${day}.`,
      };
    case 'prep': {
      if (!role) return null;
      const card = prepCardFor(ctx, snapshot, session, role);
      return card
        ? { ...base, card, summary: `Time to prepare for your supervision on ${day}.` }
        : null;
    }
    case 'confirm-request':
      return {
        ...base,
        card: await confirmCardFor(ctx, scope, planned.recipientId),
        summary: `Please confirm whether the supervision on ${day} happened.`,
      };
    case 'sign-request':
      return {
        ...base,
        card: await signCardFor(ctx, scope, planned.recipientId),
        summary: `The record of the supervision on ${day} is waiting for your signature.`,
      };
    default:
      return null;
  }
}
