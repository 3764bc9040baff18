/**
 * Builds the triage cards from one loaded snapshot (usecases/triage-scope.ts), for one viewer:
 * which buttons they get depends on whether they are on the rota and whether they hold the day.
 * `triageCard` renders what a triage use-case answered (a `TriageView`).
 */
import { triageBalanceCard } from '../cards/triage-balance-card';
import { triageCoverCard } from '../cards/triage-cover-card';
import { triageGapsCard } from '../cards/triage-gaps-card';
import type { DayView } from '../cards/triage-kit';
import { triageMeetingsCard } from '../cards/triage-meetings-card';
import { triageReadinessCard } from '../cards/triage-readiness-card';
import { triageSickCard } from '../cards/triage-sick-card';
import { triageSwapCard } from '../cards/triage-swap-card';
import type { LocalDate } from '../policy/domain';
import type { OutboundMessage } from '../ports/notifier';
import { meetingTerms, meetingsOn, termOf } from '../rota/meetings';
import { readiness } from '../rota/readiness';
import { rotaRules } from '../rota/settings';
import { horizonEnd, type Cover } from '../rota/rota-view';
import type { AdaptiveCardJson } from '../usecases/context';
import { addMonthsToMonth, formatMonth, monthOf } from '../usecases/triage-dates';
import {
  colleagues,
  isMember,
  lastDrawnDay,
  nameOf,
  personView,
  type Notice,
  type TriageMessage,
  type TriageScope,
  type TriageView,
} from '../usecases/triage-scope';
import type { SickRequest, SwapRequest } from '../usecases/triage-state';

export function dayView(scope: TriageScope, c: Cover, userId: string): DayView {
  const member = isMember(scope, userId);
  const future = c.date >= scope.today && c.rotaDay;
  const mine = c.member?.id === userId;
  return {
    date: c.date,
    hub: c.hub,
    member: c.member ? personView(scope.view.staff(c.member.id), c.member.id) : null,
    status: c.status,
    ...(c.holderUnavailable ? { holderUnavailable: c.holderUnavailable } : {}),
    ...(c.coverFromHub ? { coverFromHub: c.coverFromHub } : {}),
    canSwap: future && mine && !c.holderUnavailable,
    canReportSick: future && mine && !c.holderUnavailable,
    // A day whose holder cannot be there is a gap anyone on the rota may take.
    canTake: future && member && !mine && (!c.member || !!c.holderUnavailable),
    otherHubs: rotaRules(scope.settings).sickCoverFromOtherHubs,
  };
}

/** Each of my days carries a colleague picker; six keeps the card well under Teams' size limit. */
export const MY_DAYS_SHOWN = 6;

export type CoverKind = 'today' | 'tomorrow' | 'week' | 'my';

export function coverCard(
  scope: TriageScope,
  userId: string,
  kind: CoverKind,
  notice?: Notice,
): AdaptiveCardJson {
  const { view, today, ctx } = scope;
  let covers: Cover[];
  let title: string;
  let emptyText: string | undefined;
  if (kind === 'today') {
    covers = ctx.calendar.isWorkingDay(today) ? [view.coverFor(today)] : [];
    title = 'Triage desk today';
    emptyText = 'Today is not a rota day (weekend or bank holiday).';
  } else if (kind === 'tomorrow') {
    const next = ctx.calendar.addWorkingDays(today, 1);
    covers = [view.coverFor(next)];
    title = 'Triage desk, next working day';
  } else if (kind === 'week') {
    covers = view.week(today);
    title = 'Triage desk this week';
  } else {
    covers = view.myDays(userId, today, MY_DAYS_SHOWN);
    title = 'My triage days';
    emptyText = isMember(scope, userId)
      ? 'You have no rota days booked from today.'
      : 'You are not on the triage rota.';
  }
  return triageCoverCard({
    title,
    subtitle: `${scope.settings.deskHours.start}–${scope.settings.deskHours.end}, Family Connect`,
    days: covers.map((c) => dayView(scope, c, userId)),
    colleagues: colleagues(scope, userId),
    ...(emptyText ? { emptyText } : {}),
    ...(notice ? { notice } : {}),
    refreshData: { view: kind },
  });
}

export function gapsCard(scope: TriageScope, userId: string, notice?: Notice): AdaptiveCardJson {
  const horizon = horizonEnd(scope.today, scope.settings.monthsAhead);
  const drawn = lastDrawnDay(scope);
  const to = drawn && drawn < horizon ? drawn : horizon;
  return triageGapsCard({
    from: scope.today,
    to,
    gaps: scope.view.gaps(scope.today, to),
    canTake: isMember(scope, userId),
    ...(notice ? { notice } : {}),
  });
}

export function balanceCard(scope: TriageScope): AdaptiveCardJson {
  const month = monthOf(scope.today);
  const months = [0, 1, 2].map((i) => addMonthsToMonth(month, i));
  const s = scope.settings;
  return triageBalanceCard({
    months: scope.view
      .balance(months)
      .map((m) => ({ month: m.month, label: formatMonth(m.month), rows: m.rows })),
    fairShareNote:
      `Fair share: ${s.fairShareDays} days a month with a full complement; when the team is short it is the ` +
      `month's working days ÷ members. Differences over ${s.imbalanceTolerance} day are highlighted.`,
  });
}

export function readinessCard(
  scope: TriageScope,
  userId: string,
  asOf = scope.today,
  notice?: Notice,
): AdaptiveCardJson {
  const r = readiness(
    scope.snapshot.rota,
    asOf,
    scope.settings,
    scope.ctx.calendar,
    scope.snapshot.absences,
    scope.snapshot.staff,
  );
  return triageReadinessCard({
    checkDay: r.checkDay,
    from: r.from,
    to: r.to,
    monthLabels: r.months.map(formatMonth),
    ready: r.ready,
    gaps: r.gaps.map((date) => ({ date, hub: scope.view.row(date)?.hub || null })),
    canTake: isMember(scope, userId),
    ...(notice ? { notice } : {}),
  });
}

export function meetingsCard(scope: TriageScope, userId: string): AdaptiveCardJson {
  const terms = meetingTerms(scope.settings);
  const current = meetingsOn(scope.today, scope.settings.hubs, terms);
  const cur = termOf(scope.today, terms);
  const nextStart = cur ? `${nextTermMonth(scope.today, cur.months)}-01` : scope.today;
  const next = meetingsOn(nextStart, scope.settings.hubs, terms);
  return triageMeetingsCard({
    terms: [
      ...(current ? [{ label: `${current.term} term`, rows: current.rows, current: true }] : []),
      ...(next && next.term !== current?.term
        ? [{ label: `${next.term} term`, rows: next.rows, current: false }]
        : []),
    ],
    viewerHub: scope.view.staff(userId)?.team ?? null,
    source: '003 Multi-agency information sharing meeting SOPs',
  });
}

function nextTermMonth(today: LocalDate, months: number[]): string {
  const last = Math.max(...months);
  let m = monthOf(today);
  while (Number(m.slice(5, 7)) !== last) m = addMonthsToMonth(m, 1);
  return addMonthsToMonth(m, 1);
}

export function swapCard(
  scope: TriageScope,
  req: SwapRequest,
  userId: string,
  notice?: Notice,
): AdaptiveCardJson {
  const viewer =
    req.holderId === userId
      ? 'holder'
      : req.askedIds.includes(userId) && !req.declinedIds.includes(userId)
        ? 'asked'
        : 'other';
  const giveBackDates =
    viewer === 'asked'
      ? scope.view
          .myDays(userId, scope.today, 8)
          .map((c) => c.date)
          .filter((d) => d !== req.date)
      : [];
  const state =
    req.status === 'open'
      ? ({ status: 'open', expiresAt: req.expiresAt } as const)
      : req.status === 'accepted'
        ? {
            status: 'accepted' as const,
            byName: nameOf(scope, req.byId),
            ...(req.giveBackDate ? { giveBackDate: req.giveBackDate } : {}),
          }
        : req.status === 'declined'
          ? {
              status: 'declined' as const,
              byName: req.declinedIds.map((id) => nameOf(scope, id)).join(', '),
            }
          : { status: req.status };
  return triageSwapCard({
    requestId: req.id,
    date: req.date,
    hub: req.hub,
    holderName: nameOf(scope, req.holderId),
    viewer,
    askedDescription:
      req.askedScope === 'hub'
        ? `Rota colleagues in ${req.hub ?? 'the hub'}`
        : req.askedIds.map((id) => nameOf(scope, id)).join(', '),
    state,
    giveBackDates,
    refreshUserIds: [req.holderId, ...req.askedIds],
    ...(notice ? { notice } : {}),
  });
}

export function sickCard(
  scope: TriageScope,
  req: SickRequest,
  userId: string,
  notice?: Notice,
): AdaptiveCardJson {
  const viewer =
    req.holderId === userId ? 'holder' : req.askedIds.includes(userId) ? 'asked' : 'other';
  const state =
    req.status === 'open'
      ? ({ status: 'open', stage: req.stage } as const)
      : req.status === 'covered'
        ? {
            status: 'covered' as const,
            byName: nameOf(scope, req.byId),
            byViewer: req.byId === userId,
          }
        : ({ status: 'expired' } as const);
  return triageSickCard({
    requestId: req.id,
    date: req.date,
    hub: req.hub,
    holderName: nameOf(scope, req.holderId),
    viewer,
    state,
    otherHubs: rotaRules(scope.settings).sickCoverFromOtherHubs,
    refreshUserIds: [req.holderId, ...req.askedIds],
    ...(notice ? { notice } : {}),
  });
}

/** The list views a card can ask to be re-rendered (refresh, or after "Take this day"). */
export function listViewCard(
  scope: TriageScope,
  userId: string,
  view: string,
  notice?: Notice,
): AdaptiveCardJson | null {
  switch (view) {
    case 'today':
    case 'tomorrow':
    case 'week':
    case 'my':
      return coverCard(scope, userId, view, notice);
    case 'gaps':
      return gapsCard(scope, userId, notice);
    case 'balance':
      return balanceCard(scope);
    case 'readiness':
      return readinessCard(scope, userId, scope.today, notice);
    case 'meetings':
      return meetingsCard(scope, userId);
    default:
      return null;
  }
}

/** The card a triage use-case asked to show (its `TriageView`). */
export function triageCard(v: TriageView): AdaptiveCardJson {
  switch (v.card) {
    case 'swap':
      return swapCard(v.scope, v.req, v.viewerId, v.notice);
    case 'sick':
      return sickCard(v.scope, v.req, v.viewerId, v.notice);
    case 'list':
      // An unknown list falls back to the gaps (the list "Take this day" is usually on).
      return (
        listViewCard(v.scope, v.viewerId, v.view, v.notice) ??
        gapsCard(v.scope, v.viewerId, v.notice)
      );
  }
}

export function triageMessages(messages: readonly TriageMessage[]): OutboundMessage[] {
  return messages.map((m) => ({
    recipientId: m.recipientId,
    card: triageCard(m.view),
    summary: m.summary,
    key: m.key,
  }));
}
