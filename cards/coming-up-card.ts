/**
 * "Supervision coming up": sent a few working days before a one-to-one (the profile's
 * `reminders.comingUpWorkingDays`, 5 by default) so both can protect the time and know when
 * the prep prompt will arrive.
 */
import {
  adaptiveCard,
  execute,
  factSet,
  formatDate,
  formatInstant,
  formatMinutes,
  header,
  openUrl,
  text,
  type CardAction,
  type CardJson,
} from './card-kit';
import type { Instant, LocalDate } from '../policy/domain';

export interface ComingUpView {
  sessionId: string;
  /** The viewer's side of the session. */
  role: 'supervisor' | 'supervisee';
  /** The other person, by name. */
  withName: string;
  start: Instant;
  plannedMinutes?: number;
  kindLabel: string;
  /** When the prep prompt will be sent (London date). */
  prepDate?: LocalDate;
  /** Where to prepare: the policy's forms/systems, e.g. "the supervision form on the case system". */
  prepareWhere: string[];
  /** Deep link to the personal tab, when the app has a public URL. */
  tabUrl?: string;
}

export function comingUpCard(view: ComingUpView): CardJson {
  const subtitle =
    view.role === 'supervisee'
      ? `With ${view.withName}, your supervisor`
      : `With ${view.withName}, whom you supervise`;
  const body = [
    header(`Supervision coming up: ${formatInstant(view.start)}`, subtitle),
    factSet([
      ['When', formatInstant(view.start)],
      ['With', view.withName],
      ['Kind', view.kindLabel],
      ['Planned', formatMinutes(view.plannedMinutes) ?? 'not set'],
      ['Prep prompt', view.prepDate ? formatDate(view.prepDate) : undefined],
    ]),
    text('**Where to prepare**', { spacing: 'Medium' }),
    text(view.prepareWhere.map((w) => `- ${w}`).join('\r') || 'Nothing extra for this session.'),
  ];
  const actions: CardAction[] = [
    execute('What to prepare', 'session.prep', { sessionId: view.sessionId }),
  ];
  if (view.tabUrl) actions.push(openUrl('Open my supervision', view.tabUrl));
  return adaptiveCard(body, {
    actions,
    fallbackText: `Supervision coming up on ${formatInstant(view.start)} with ${view.withName}.`,
  });
}
