/**
 * The prep prompt for a one-to-one (POLICIES §5): open actions from the pair's previous
 * one-to-one, the cases due for discussion (case ids only), the profile's prep items for the
 * role and the agenda.
 */
import { addDays, addMonths, defaultCalendar, type WorkingCalendar } from './calendar';
import type { AgreedAction, LocalDate, OrgSnapshot, Session } from './domain';
import type { PolicyProfile, PrepItem } from './profile';
import { caseDiscussionDue, isOpenOn } from './rules/case-discussion';
import { buildContext, cmp, frequencyFor, heldOneToOnes, londonDate } from './rules/context';

export interface PrepView {
  session: Session;
  /** The London date of the session. */
  day: LocalDate;
  previousSessionId: string | null;
  openActions: AgreedAction[];
  casesDue: Array<{ caseId: string; reason: string }>;
  items: PrepItem[];
  agenda: PrepItem[];
}

/** Null when the session is unknown. */
export function prepFor(
  snapshot: OrgSnapshot,
  profile: PolicyProfile,
  sessionId: string,
  asOf: LocalDate,
  role: 'supervisee' | 'supervisor',
  calendar: WorkingCalendar = defaultCalendar,
): PrepView | null {
  const ctx = buildContext(snapshot, profile, asOf, calendar);
  const session = ctx.sessionById.get(sessionId);
  if (!session) return null;
  const day = londonDate(session.scheduledStart);
  const previous = (ctx.sessionsBySupervisee.get(session.superviseeId) ?? [])
    .filter(
      (s) =>
        s.id !== session.id &&
        s.kind === 'one-to-one' &&
        s.status === 'held' &&
        s.supervisorId === session.supervisorId &&
        s.scheduledStart < session.scheduledStart,
    )
    .pop();
  const openActions = previous
    ? (ctx.actionsBySession.get(previous.id) ?? [])
        .filter((a) => !a.doneAt || a.doneAt > asOf)
        .sort((a, b) => cmp(a.due ?? '9999', b.due ?? '9999') || cmp(a.id, b.id))
    : [];
  // A case is due at this session when its next discussion falls before the following one.
  const supervisee = ctx.hierarchy.get(session.superviseeId);
  const freq = supervisee ? frequencyFor(profile, supervisee).rule : null;
  const horizon = freq?.type === 'interval' ? addDays(day, freq.days) : addMonths(day, 1);
  const casesDue: PrepView['casesDue'] = [];
  const heldDays = heldOneToOnes(ctx, session.superviseeId)
    .map((h) => h.day)
    .filter((h) => h < day);
  for (const c of [...(ctx.casesByWorker.get(session.superviseeId) ?? [])].sort((a, b) =>
    cmp(a.caseId, b.caseId),
  )) {
    if (!isOpenOn(c, day)) continue;
    // This session counts as a held one-to-one for "every open case at each supervision".
    const d = caseDiscussionDue(profile, c, [...heldDays, day]);
    if (!d) continue;
    if (d.due < day)
      casesDue.push({
        caseId: c.caseId,
        reason: `overdue: was due by ${d.due} (${d.rule.source})`,
      });
    else if (d.due < horizon)
      casesDue.push({ caseId: c.caseId, reason: `due by ${d.due} (${d.rule.source})` });
  }
  return {
    session,
    day,
    previousSessionId: previous?.id ?? null,
    openActions,
    casesDue,
    items: [...profile.prep[role]],
    agenda: [...profile.prep.agenda],
  };
}
