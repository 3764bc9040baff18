/** Reply to `next`: my next supervision and what to prepare for it. */
import {
  actionLine,
  adaptiveCard,
  execute,
  factSet,
  formatInstant,
  formatMinutes,
  header,
  section,
  text,
  type ActionView,
  type CardElement,
  type CardJson,
} from './card-kit';
import type { Instant } from '../policy/domain';

export interface NextView {
  next: null | {
    sessionId: string;
    role: 'supervisor' | 'supervisee';
    withName: string;
    start: Instant;
    plannedMinutes?: number;
    kindLabel: string;
  };
  /** Open actions to review at it. */
  openActions: ActionView[];
  /** Case-system ids due for discussion. */
  caseIds: string[];
  /** The one-line "what to prepare" items of the policy for this role. */
  prepare: string[];
}

export function nextCard(view: NextView): CardJson {
  if (!view.next) {
    return adaptiveCard(
      [
        header('No supervision booked', 'You have no upcoming one-to-one as a supervisee.'),
        text(
          'Please agree the next date with your supervisor: your policy asks for regular one-to-ones.',
        ),
      ],
      { actions: [execute('My supervision status', 'command.run', { command: 'status' })] },
    );
  }
  const n = view.next;
  const body: CardElement[] = [
    header(`Next supervision: ${formatInstant(n.start)}`, `${n.kindLabel} with ${n.withName}`),
    factSet([
      ['When', formatInstant(n.start)],
      ['With', n.withName],
      ['Planned', formatMinutes(n.plannedMinutes) ?? 'not set'],
    ]),
    section('Open actions to review', view.openActions.slice(0, 10).map(actionLine), 'None.'),
    section(
      'Cases due for discussion',
      view.caseIds.slice(0, 20).map((c) => `Case ${c}`),
      'None.',
    ),
    section('To prepare', view.prepare, 'Nothing extra.'),
  ];
  return adaptiveCard(body, {
    actions: [execute('Full preparation list', 'session.prep', { sessionId: n.sessionId })],
    fallbackText: `Your next supervision is on ${formatInstant(n.start)}.`,
  });
}
