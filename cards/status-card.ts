/** Reply to `status`: my supervision this year against the policy's minimum, and anything overdue. */
import {
  adaptiveCard,
  execute,
  factSet,
  formatDate,
  header,
  ragLabel,
  section,
  text,
  type CardElement,
  type CardJson,
  type Rag,
} from './card-kit';
import type { LocalDate } from '../policy/domain';

export interface StatusView {
  name: string;
  /** Supervision year label, e.g. `2026/27`. */
  yearLabel: string;
  heldThisYear: number;
  /** The yearly minimum for this person; null when the policy sets none. */
  minimum: number | null;
  lastHeld?: LocalDate;
  nextBooked?: LocalDate;
  rag: Rag;
  /** Open findings about me, plain English, most urgent first. */
  overdue: Array<{ title: string; detail: string; due: LocalDate }>;
  policyName: string;
}

export function statusCard(view: StatusView): CardJson {
  const body: CardElement[] = [
    header('My supervision status', `${view.name} · supervision year ${view.yearLabel}`),
    ragLabel(view.rag),
    factSet([
      [
        'Held this year',
        view.minimum === null
          ? String(view.heldThisYear)
          : `${view.heldThisYear} of at least ${view.minimum}`,
      ],
      ['Last held', view.lastHeld ? formatDate(view.lastHeld) : 'none yet'],
      ['Next booked', view.nextBooked ? formatDate(view.nextBooked) : 'none booked'],
    ]),
    section(
      'Needs attention',
      view.overdue
        .slice(0, 15)
        .map((o) => `**${o.title}** — ${o.detail} (due ${formatDate(o.due)})`),
      'Nothing overdue. ✓',
    ),
    text(`Measured against ${view.policyName}.`, { isSubtle: true, size: 'Small' }),
  ];
  return adaptiveCard(body, {
    actions: [
      execute('My next supervision', 'command.run', { command: 'next' }),
      execute('My open actions', 'command.run', { command: 'actions' }),
    ],
    fallbackText: `Supervision held this year: ${view.heldThisYear}.`,
  });
}
