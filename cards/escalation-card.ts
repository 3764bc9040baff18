/**
 * The L0 reminder: one finding, to the person who must act now (the ladder's first rung), and
 * the confirmation shown after a manager answers an escalation.
 */
import { readableDates } from './readable-dates';
import {
  adaptiveCard,
  execute,
  factSet,
  formatDate,
  header,
  notice,
  text,
  type CardAction,
  type CardJson,
} from './card-kit';
import { findingLabel, subjectLine, type EscalationItemView } from './escalation-kit';

/**
 * The button that does what the reminder asks (issue 17: every state with its action beside
 * it). It turns this card into the sign / confirm / record card for that session.
 */
function doIt(item: EscalationItemView): CardAction[] {
  const id = item.sessionId;
  if (!id) return [];
  switch (item.kind) {
    case 'signature-overdue':
      return [execute('Sign now', 'command.run', { command: `sign ${id}` }, 'positive')];
    case 'session-unconfirmed':
      return [execute('Confirm now', 'command.run', { command: `confirm ${id}` }, 'positive')];
    case 'record-overdue':
      return [
        execute(
          'Write the record',
          'session.refresh',
          { sessionId: id, card: 'record' },
          'positive',
        ),
      ];
    default:
      return [];
  }
}

export function escalationReminderCard(item: EscalationItemView): CardJson {
  return adaptiveCard(
    [
      header(findingLabel(item.kind), subjectLine(item)),
      text(readableDates(item.detail)),
      factSet([
        ['Due', formatDate(item.due)],
        ['Session', item.sessionId ?? undefined],
      ]),
      text('If this is not sorted out, it will go to the line manager after a few working days.', {
        isSubtle: true,
        size: 'Small',
      }),
    ],
    {
      actions: doIt(item),
      fallbackText: `${findingLabel(item.kind)}: ${subjectLine(item).toLowerCase()}`,
    },
  );
}

export interface EscalationAnsweredView {
  findingKey: string;
  kind: string;
  answer: 'arranged' | 'explained';
  /** The date the finding stays quiet until. */
  quietUntil: string;
  arrangedFor?: string;
  reason?: string;
}

export function escalationAnsweredCard(v: EscalationAnsweredView): CardJson {
  const what =
    v.answer === 'arranged'
      ? `Session arranged for ${formatDate(v.arrangedFor ?? v.quietUntil)}.`
      : `Explained: ${v.reason ?? ''}`;
  return adaptiveCard(
    [
      header(findingLabel(v.kind), 'Escalation answered'),
      notice(what, 'good'),
      text(
        `No more reminders about this until ${formatDate(v.quietUntil)}. If it is still open then, it comes back.`,
        { isSubtle: true },
      ),
    ],
    { fallbackText: 'Escalation answered' },
  );
}
