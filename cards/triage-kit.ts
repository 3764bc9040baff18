/**
 * Shared pieces of the triage rota cards: verbs, input ids, and how a covered day is shown
 * (name, hub, email and a Teams chat link: colleagues may be named in cards, never in logs).
 */
import {
  execute,
  formatDate,
  openUrl,
  showCard,
  subCard,
  text,
  type CardAction,
  type CardElement,
} from './card-kit';
import type { LocalDate } from '../policy/domain';

export const TRIAGE_VERBS = {
  take: 'triage.take',
  swapOffer: 'triage.swap.offer',
  swapAccept: 'triage.swap.accept',
  swapDecline: 'triage.swap.decline',
  sick: 'triage.sick',
  coverAccept: 'triage.cover.accept',
  refresh: 'triage.refresh',
} as const;

/** Input ids the use-cases read from `data`. */
export const TRIAGE_INPUTS = { swapTo: 'swapTo', giveBack: 'giveBack' } as const;
/** Per-day swap picker id: a card listing several days needs a distinct input id per day. */
export function swapToInputId(date: LocalDate): string {
  return `${TRIAGE_INPUTS.swapTo}-${date}`;
}

/** `swapTo` value meaning "offer to everyone on the rota in my hub". */
export const SWAP_TO_HUB = 'hub';

export interface PersonView {
  id: string;
  name: string;
  hub: string | null;
  email?: string;
  teamsChatUrl?: string;
}

/** One rota day as a card shows it. */
export interface DayView {
  date: LocalDate;
  hub: string | null;
  member: PersonView | null;
  /** `sick`: the holder reported sick (and, if member is set, a colleague covers). */
  status: 'planned' | 'sick' | 'swapped' | null;
  /** Buttons the viewer may use on this day. */
  canSwap?: boolean;
  canReportSick?: boolean;
  canTake?: boolean;
  /** A meeting the member's hub attends this term (reminders). */
  note?: string;
  /** The named holder cannot be there (away, left, not yet started): the day is a gap. */
  holderUnavailable?: 'absent' | 'left' | 'not-started';
  /** Sickness cover from another hub than the one that was due: that hub's name. */
  coverFromHub?: string;
  /** Other hubs' team leaders are asked when the hub does not cover a sick day in time. */
  otherHubs?: boolean;
}

const UNAVAILABLE: Record<NonNullable<DayView['holderUnavailable']>, string> = {
  absent: 'is away',
  left: 'has left',
  'not-started': 'has not started yet',
};

export function dayLine(d: DayView): string {
  if (d.member && d.holderUnavailable) {
    return `**${formatDate(d.date)}** — not covered: ${d.member.name} ${UNAVAILABLE[d.holderUnavailable]}${d.hub ? ` · ${d.hub}` : ''}`;
  }
  if (!d.member) {
    return `**${formatDate(d.date)}** — not covered${d.status === 'sick' ? ' (holder off sick)' : ''}${d.hub ? ` · ${d.hub}` : ''}`;
  }
  const tag = d.coverFromHub
    ? ` (sickness cover from ${d.coverFromHub} for ${d.hub ?? 'another hub'})`
    : d.status === 'sick'
      ? ' (sickness cover)'
      : d.status === 'swapped'
        ? ' (swapped)'
        : '';
  return `**${formatDate(d.date)}** — ${d.member.name}${tag}${d.member.hub ? ` · ${d.member.hub}` : ''}`;
}

/** The swap and sickness buttons for a day the viewer holds, and "Take this day" for a gap. */
/** `view`: the list the card shows (`week`, `my`…), so "Take this day" answers with the same list. */
export function dayActions(d: DayView, colleagues: PersonView[], view?: string): CardAction[] {
  const actions: CardAction[] = [];
  if (d.canTake)
    actions.push(
      execute(
        'Take this day',
        TRIAGE_VERBS.take,
        { date: d.date, ...(view ? { view } : {}) },
        'positive',
      ),
    );
  if (d.canSwap) {
    const choices = [
      { title: 'Anyone on the rota in my hub', value: SWAP_TO_HUB },
      ...colleagues.map((c) => ({ title: `${c.name}${c.hub ? ` (${c.hub})` : ''}`, value: c.id })),
    ];
    actions.push(
      showCard(
        'Swap',
        subCard(
          [
            text(
              `Ask a colleague to take ${formatDate(d.date)}. You keep the day until someone accepts.`,
            ),
            {
              type: 'Input.ChoiceSet',
              id: swapToInputId(d.date),
              label: 'Ask',
              value: SWAP_TO_HUB,
              isRequired: true,
              errorMessage: 'Choose who to ask',
              choices,
            },
          ],
          [execute('Send swap request', TRIAGE_VERBS.swapOffer, { date: d.date })],
        ),
      ),
    );
  }
  if (d.canReportSick) {
    actions.push(
      showCard(
        "I'm off sick",
        subCard(
          [
            text(
              d.otherHubs
                ? `Your hub is asked to cover ${formatDate(d.date)} first, then team leaders of every hub.`
                : `Your hub is asked to cover ${formatDate(d.date)}.`,
            ),
          ],
          [
            execute(
              `Yes, I'm off sick on ${formatDate(d.date)}`,
              TRIAGE_VERBS.sick,
              { date: d.date },
              'destructive',
            ),
          ],
        ),
      ),
    );
  }
  if (d.member?.teamsChatUrl) actions.push(openUrl('Chat', d.member.teamsChatUrl));
  return actions;
}

/** A day as a container: its line, optional note and its buttons. */
export function dayBlock(d: DayView, colleagues: PersonView[], view?: string): CardElement {
  const items: CardElement[] = [text(dayLine(d))];
  if (d.note) items.push(text(d.note, { isSubtle: true, spacing: 'None' }));
  const actions = dayActions(d, colleagues, view);
  if (actions.length > 0) items.push({ type: 'ActionSet', actions });
  return { type: 'Container', separator: true, items };
}
