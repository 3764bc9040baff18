/** Reply to `status`: my supervision this year against the policy's minimum, and anything overdue. */
import { readableDates } from './readable-dates';
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
  /** False for someone nobody in the list supervises (e.g. a service manager): no RAG for them. */
  supervised?: boolean;
  /** The next one-to-one they run as a supervisor. */
  nextAsSupervisor?: LocalDate;
  /** Records waiting for their signature, and past one-to-ones they must confirm. */
  toSign?: number;
  toConfirm?: number;
}

export function statusCard(view: StatusView): CardJson {
  const supervised = view.supervised !== false;
  const toSign = view.toSign ?? 0;
  const toConfirm = view.toConfirm ?? 0;
  const todo: CardElement[] = [];
  // Every state reported has its action beside it (issue 17).
  if (toSign > 0 || toConfirm > 0) {
    const lines = [
      ...(toSign > 0
        ? [`**${toSign} record${toSign > 1 ? 's' : ''}** waiting for your signature`]
        : []),
      ...(toConfirm > 0
        ? [`**${toConfirm} one-to-one${toConfirm > 1 ? 's' : ''}** you ran still to confirm`]
        : []),
    ];
    todo.push(section('Waiting for you', lines, ''), {
      type: 'ActionSet',
      actions: [
        ...(toSign > 0
          ? [execute('Sign', 'command.run', { command: 'sign', from: 'status' }, 'positive')]
          : []),
        ...(toConfirm > 0
          ? [execute('Confirm', 'command.run', { command: 'confirm', from: 'status' }, 'positive')]
          : []),
      ],
    });
  }
  const body: CardElement[] = [
    header('My supervision status', `${view.name} · supervision year ${view.yearLabel}`),
    ...(supervised
      ? [ragLabel(view.rag)]
      : [
          text(
            'Nobody in the supervision list supervises you, so there is no status of your own to measure.',
            { isSubtle: true },
          ),
        ]),
    factSet([
      ...(supervised
        ? ([
            [
              'Held this year',
              view.minimum === null
                ? String(view.heldThisYear)
                : `${view.heldThisYear} of at least ${view.minimum}`,
            ],
            ['Last held', view.lastHeld ? formatDate(view.lastHeld) : 'none yet'],
            ['Next booked', view.nextBooked ? formatDate(view.nextBooked) : 'none booked'],
          ] as Array<[string, string]>)
        : []),
      ...(view.nextAsSupervisor
        ? ([['Next you supervise', formatDate(view.nextAsSupervisor)]] as Array<[string, string]>)
        : []),
    ]),
    ...todo,
    section(
      'Needs attention',
      view.overdue
        .slice(0, 15)
        .map((o) => `**${o.title}** — ${readableDates(o.detail)} (due ${formatDate(o.due)})`),
      'Nothing overdue. ✓',
    ),
    text(`Measured against ${view.policyName}.`, { isSubtle: true, size: 'Small' }),
  ];
  return adaptiveCard(body, {
    actions: [
      execute('My next supervision', 'command.run', { command: 'next', from: 'status' }),
      execute('My open actions', 'command.run', { command: 'actions', from: 'status' }),
    ],
    fallbackText: `Supervision held this year: ${view.heldThisYear}.`,
  });
}
