/** The working day before a member's triage day: "You're on the triage desk tomorrow". */
import {
  adaptiveCard,
  factSet,
  formatDate,
  header,
  text,
  type CardElement,
  type CardJson,
} from './card-kit';
import { dayActions, type DayView, type PersonView } from './triage-kit';

export interface ReminderCardView {
  day: DayView;
  deskHours: { start: string; end: string };
  /** e.g. "This term The Wrekin attends Steer Clear." */
  meetingsNote?: string;
  colleagues: PersonView[];
}

export function triageReminderCard(v: ReminderCardView): CardJson {
  const body: CardElement[] = [
    header('You are on the triage desk', formatDate(v.day.date)),
    factSet([
      ['Day', formatDate(v.day.date)],
      ['Hours', `${v.deskHours.start}–${v.deskHours.end}`],
      ['Hub', v.day.hub],
    ]),
    text(
      "Can't make it? Swap it with a colleague (you keep it until they accept) or report sick so your hub is asked to cover.",
      { isSubtle: true },
    ),
  ];
  if (v.meetingsNote) body.push(text(v.meetingsNote));
  return adaptiveCard(body, {
    actions: dayActions({ ...v.day, canTake: false }, v.colleagues),
    fallbackText: `Triage desk on ${formatDate(v.day.date)}`,
  });
}
