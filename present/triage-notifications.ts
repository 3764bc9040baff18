/**
 * Renders what rota/plan-triage.ts planned into the message the bot sends: the reminder
 * (with this term's multi-agency meeting for the member's hub) and the readiness check card.
 */
import { triageReminderCard } from '../cards/triage-reminder-card';
import { formatDate } from '../policy/date-words';
import { londonDateOf } from '../policy/calendar';
import type { OrgSnapshot } from '../policy/domain';
import type { OutboundMessage } from '../ports/notifier';
import { meetingForHub, meetingTerms, termOf } from '../rota/meetings';
import { keySubject } from '../rota/plan-triage';
import { readiness } from '../rota/readiness';
import { RotaView } from '../rota/rota-view';
import type { PlannedNotification } from '../ports/planned';
import type { AppContext } from '../usecases/context';
import { dayView, readinessCard } from './triage-views';
import { colleagues, isMember, type TriageScope } from '../usecases/triage-scope';
import { triageGapsCard } from '../cards/triage-gaps-card';

/** The message for a planned triage notification; null when there is nothing to say any more. */
export function renderTriageNotification(
  ctx: AppContext,
  snapshot: OrgSnapshot,
  planned: PlannedNotification,
): OutboundMessage | null {
  const settings = ctx.profile.triage;
  if (!settings) return null;
  const scope: TriageScope = {
    ctx,
    snapshot,
    settings,
    view: new RotaView(snapshot, settings, ctx.calendar),
    today: londonDateOf(ctx.clock.now()),
  };
  const base = { recipientId: planned.recipientId, key: planned.key };
  if (planned.kind === 'triage-reminder') {
    const date = keySubject(planned.key);
    const cover = scope.view.coverFor(date);
    // The named holder cannot be there (left, not started, away): the recipient arranges the
    // hub's cover and is told the day is uncovered, with "Take this day" (never silent).
    if (cover.member && cover.holderUnavailable && cover.member.id !== planned.recipientId) {
      const gaps = scope.view.gaps(date, date);
      if (gaps.length === 0) return null;
      const words = { absent: 'is away', left: 'has left', 'not-started': 'has not started yet' };
      return {
        ...base,
        card: triageGapsCard({
          from: date,
          to: date,
          gaps,
          canTake: isMember(scope, planned.recipientId),
          notice: {
            message: `Nobody covers the triage desk on ${formatDate(date)}: ${cover.member.name} ${words[cover.holderUnavailable]}.`,
            tone: 'attention',
          },
        }),
        summary: `Triage desk uncovered on ${formatDate(date)}`,
      };
    }
    // The day changed hands since planning (a swap): the new holder gets their own reminder.
    if (cover.member?.id !== planned.recipientId) return null;
    const day = dayView(scope, cover, planned.recipientId);
    const hub = scope.view.staff(planned.recipientId)?.team ?? day.hub;
    const term = termOf(date, meetingTerms(settings));
    const meeting = term && hub ? meetingForHub(term, hub) : undefined;
    return {
      ...base,
      card: triageReminderCard({
        day,
        deskHours: settings.deskHours,
        ...(meeting
          ? {
              meetingsNote: `Multi-agency meetings (${term?.term} term): ${hub} attends ${meeting}.`,
            }
          : {}),
        colleagues: colleagues(scope, planned.recipientId),
      }),
      summary: `You are on the triage desk on ${formatDate(date)}`,
    };
  }
  if (planned.kind === 'rota-readiness') {
    const r = readiness(
      snapshot.rota,
      scope.today,
      settings,
      ctx.calendar,
      snapshot.absences,
      snapshot.staff,
    );
    return {
      ...base,
      card: readinessCard(scope, planned.recipientId),
      summary: r.ready
        ? 'Triage rota check: complete two months ahead'
        : `Triage rota check: ${r.gaps.length} uncovered day(s)`,
    };
  }
  return null;
}
