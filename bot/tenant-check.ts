/**
 * Which tenant an inbound activity comes from. The Bot Framework token proves the activity came
 * through the Bot Connector for our app id, not that it came from OUR tenant: a Teams user in
 * another organisation (an external chat, the app installed elsewhere) reaches the same
 * endpoint. Such an activity must not be served nor stored (its service URL and conversation
 * would become where our proactive messages go).
 */
import type { Activity } from 'botbuilder';

/** The tenant ids an activity states: `conversation.tenantId` and `channelData.tenant.id`. */
export function tenantsOf(activity: Partial<Activity>): string[] {
  const channel = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return [activity.conversation?.tenantId, channel].filter(
    (t): t is string => typeof t === 'string' && t.trim() !== '',
  );
}

/**
 * True when the activity names a tenant other than `tenantId` (in either place; GUIDs compared
 * without regard to case). An activity naming none is not judged here: Teams always names one,
 * and the authenticated Bot Connector only carries channels configured for this bot.
 */
export function fromOtherTenant(activity: Partial<Activity>, tenantId: string): boolean {
  const ours = tenantId.trim().toLowerCase();
  return tenantsOf(activity).some((t) => t.trim().toLowerCase() !== ours);
}
