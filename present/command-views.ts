/** Turns the read models (usecases/queries.ts) into the command reply cards. */
import type { FindingKind } from '../policy/findings';
import { supervisionYear } from '../policy/supervision-year';
import { actionsCard } from '../cards/actions-card';
import type { CardJson } from '../cards/card-kit';
import { nextCard } from '../cards/next-card';
import { statusCard } from '../cards/status-card';
import { teamCard } from '../cards/team-card';
import type { OrgSnapshot } from '../policy/domain';
import { hierarchyOf } from '../policy/hierarchy';
import { prepFor } from '../policy/prep';
import type { AppContext } from '../usecases/context';
import type { MyPlans, MySupervision, MyTeam } from '../usecases/queries';
import { sessionDay } from '../usecases/queries';
import { actionViews } from './action-views';
import { KIND_LABELS, nameOf } from '../usecases/session-scope';

export const FINDING_TITLES: Record<FindingKind, string> = {
  'session-unconfirmed': 'Session not confirmed',
  'supervision-gap': 'Supervision gap',
  'session-too-short': 'Session too short',
  'annual-minimum-at-risk': 'Yearly minimum at risk',
  'record-overdue': 'Record overdue',
  'signature-overdue': 'Signature overdue',
  'agreement-missing': 'No supervision agreement',
  'agreement-review-due': 'Agreement review due',
  'observation-due': 'Observation due',
  'next-session-not-booked': 'Next session not booked',
  'triage-uncovered': 'Triage day uncovered',
  'triage-imbalance': 'Triage days unbalanced',
  'gap-explained-by-absence': 'Gap explained by absence',
  'case-discussion-due': 'Case discussion due',
  'supervisor-absent': 'Supervisor absent',
  'no-supervisor': 'Nobody supervising',
  'group-supervision-gap': 'Group supervision missed',
  'disagreement-open': 'Disagreement not resolved',
  'return-supervision-due': 'Supervision due after absence',
};

export function nextCardFor(ctx: AppContext, snapshot: OrgSnapshot, mine: MyPlans): CardJson {
  const session = mine.next ?? mine.nextAsSupervisor;
  if (!session) return nextCard({ next: null, openActions: [], caseIds: [], prepare: [] });
  const role = session.superviseeId === mine.me.id ? 'supervisee' : 'supervisor';
  const h = hierarchyOf(snapshot.staff);
  const prep = prepFor(snapshot, ctx.profile, session.id, mine.asOf, role, ctx.calendar);
  return nextCard({
    next: {
      sessionId: session.id,
      role,
      withName: nameOf(h, role === 'supervisee' ? session.supervisorId : session.superviseeId),
      start: session.scheduledStart,
      plannedMinutes: session.plannedMinutes,
      kindLabel: KIND_LABELS[session.kind],
    },
    openActions: actionViews(h, prep?.openActions ?? [], mine.asOf),
    caseIds: prep?.casesDue.map((c) => c.caseId) ?? [],
    prepare: (prep?.items ?? ctx.profile.prep[role]).map((i) => i.text),
  });
}

/** `snapshot` needs only the sessions the open actions were agreed at, and the other people in them. */
export function actionsCardFor(
  snapshot: Pick<OrgSnapshot, 'sessions' | 'staff'>,
  mine: MyPlans,
): CardJson {
  const sessions = new Map(snapshot.sessions.map((s) => [s.id, s]));
  const h = hierarchyOf(snapshot.staff);
  return actionsCard({
    items: mine.openActions.map((a) => {
      const s = sessions.get(a.sessionId);
      const other = s ? (s.superviseeId === mine.me.id ? s.supervisorId : s.superviseeId) : null;
      return {
        id: a.id,
        text: a.text,
        due: a.due,
        overdue: !!a.due && a.due < mine.asOf,
        agreedOn: s ? sessionDay(s) : undefined,
        ...(other ? { withName: nameOf(h, other) } : {}),
      };
    }),
  });
}

export function statusCardFor(ctx: AppContext, mine: MySupervision, toConfirm = 0): CardJson {
  const s = mine.summary;
  const year = supervisionYear(mine.asOf, ctx.profile.yearStart.value);
  return statusCard({
    name: mine.me.name,
    yearLabel: year.label.replace('-', '/'),
    heldThisYear: s?.heldThisYear ?? 0,
    minimum: s?.requiredThisYear ?? null,
    lastHeld: s?.lastHeld ?? undefined,
    nextBooked: s?.nextBooked ?? undefined,
    rag: s?.rag ?? 'green',
    overdue: mine.findings.map((f) => ({
      title: FINDING_TITLES[f.kind],
      detail: f.detail,
      due: f.due,
    })),
    policyName: ctx.profile.document,
    // Nobody supervising them (no-supervisor): their red summary stands, but no 'next booked'.
    supervised: s !== null && !!mine.me.supervisorId,
    ...(mine.nextAsSupervisor ? { nextAsSupervisor: sessionDay(mine.nextAsSupervisor) } : {}),
    toSign: mine.awaitingMySignature.length,
    toConfirm,
  });
}

export function teamCardFor(ctx: AppContext, team: MyTeam): CardJson {
  return teamCard({
    managerName: team.manager.name,
    rows: team.team.members.map((m) => ({
      staffId: m.staffId,
      name: team.names[m.staffId] ?? m.staffId,
      rag: m.rag,
      lastHeld: m.lastHeld ?? undefined,
      nextBooked: m.nextBooked ?? undefined,
      issues: [
        ...new Set(
          m.openFindings
            .filter((f) => f.severity !== 'info')
            .map((f) => FINDING_TITLES[f.kind].toLowerCase()),
        ),
      ],
    })),
    tabUrl: ctx.baseUrl ? `${ctx.baseUrl.replace(/\/$/, '')}/tab` : undefined,
  });
}
