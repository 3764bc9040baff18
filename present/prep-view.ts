/** Builds the prep prompt and the "coming up" card from the policy engine's prepFor. */
import { londonDateOf } from '../policy/calendar';
import type { OrgSnapshot, Session } from '../policy/domain';
import { hierarchyOf } from '../policy/hierarchy';
import { prepFor } from '../policy/prep';
import { comingUpCard } from '../cards/coming-up-card';
import { prepCard } from '../cards/prep-card';
import type { CardJson } from '../cards/card-kit';
import type { AppContext } from '../usecases/context';
import { actionViews } from './action-views';
import { KIND_LABELS, nameOf, todayOf } from '../usecases/session-scope';

/**
 * Prep items that must be ready some working days before the session, by item id
 * (Manchester: the two RAG-rated self-assessments are available 2 days before; 002 App. K).
 */
const READY_WORKING_DAYS_BEFORE: Record<string, number> = { 'rag-audits': 2 };

export function prepCardFor(
  ctx: AppContext,
  snapshot: OrgSnapshot,
  session: Session,
  role: 'supervisor' | 'supervisee',
): CardJson | null {
  const today = todayOf(ctx);
  const prep = prepFor(snapshot, ctx.profile, session.id, today, role, ctx.calendar);
  if (!prep) return null;
  const h = hierarchyOf(snapshot.staff);
  const other = role === 'supervisee' ? session.supervisorId : session.superviseeId;
  return prepCard({
    sessionId: session.id,
    role,
    withName: nameOf(h, other),
    start: session.scheduledStart,
    plannedMinutes: session.plannedMinutes,
    openActions: actionViews(h, prep.openActions, today),
    cases: prep.casesDue.map((c) => ({ caseId: c.caseId, why: c.reason })),
    asks: prep.items.map((item) => {
      const lead = READY_WORKING_DAYS_BEFORE[item.id];
      return {
        text: item.text,
        source: item.source,
        ...(lead ? { dueBy: ctx.calendar.subtractWorkingDays(prep.day, lead) } : {}),
      };
    }),
    agenda: prep.agenda.map((a) => a.text),
    policyName: ctx.profile.document,
  });
}

export function comingUpCardFor(
  ctx: AppContext,
  snapshot: OrgSnapshot,
  session: Session,
  role: 'supervisor' | 'supervisee',
): CardJson {
  const h = hierarchyOf(snapshot.staff);
  const day = londonDateOf(session.scheduledStart);
  const prepDate = ctx.calendar.subtractWorkingDays(day, ctx.profile.reminders.prepWorkingDays);
  return comingUpCard({
    sessionId: session.id,
    role,
    withName: nameOf(h, role === 'supervisee' ? session.supervisorId : session.superviseeId),
    start: session.scheduledStart,
    plannedMinutes: session.plannedMinutes,
    kindLabel: KIND_LABELS[session.kind],
    prepDate: prepDate > todayOf(ctx) ? prepDate : undefined,
    prepareWhere: ctx.profile.prep[role].map((p) => p.text),
    tabUrl: ctx.baseUrl ? `${ctx.baseUrl.replace(/\/$/, '')}/tab` : undefined,
  });
}
