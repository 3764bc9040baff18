/** Reply to `actions`: my open agreed actions, overdue first. */
import {
  adaptiveCard,
  execute,
  formatDate,
  header,
  text,
  type CardElement,
  type CardJson,
} from './card-kit';
import type { LocalDate } from '../policy/domain';

export interface ActionsView {
  items: Array<{
    id: string;
    text: string;
    due?: LocalDate;
    overdue: boolean;
    /** The date of the session that agreed it. */
    agreedOn?: LocalDate;
    /** Whose one-to-one agreed it: the other person in it (issue 17: same titles, whose?). */
    withName?: string;
  }>;
}

const MAX_ITEMS = 20;

export function actionsCard(view: ActionsView): CardJson {
  const sorted = [...view.items].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) || (a.due ?? '9999').localeCompare(b.due ?? '9999'),
  );
  const body: CardElement[] = [
    header(
      'My open actions',
      view.items.length === 0
        ? 'Nothing open.'
        : `${view.items.length} open, ${sorted.filter((i) => i.overdue).length} overdue`,
    ),
  ];
  for (const item of sorted.slice(0, MAX_ITEMS)) {
    body.push({
      type: 'Container',
      separator: true,
      items: [
        text(item.text),
        text(
          [
            item.due ? `Due ${formatDate(item.due)}` : 'No due date',
            item.agreedOn
              ? `agreed ${item.withName ? `with ${item.withName} ` : ''}on ${formatDate(item.agreedOn)}`
              : item.withName
                ? `agreed with ${item.withName}`
                : '',
          ]
            .filter(Boolean)
            .join(' · '),
          {
            isSubtle: !item.overdue,
            color: item.overdue ? 'Attention' : 'Default',
            size: 'Small',
            spacing: 'None',
          },
        ),
      ],
    });
  }
  if (sorted.length > MAX_ITEMS)
    body.push(text(`…and ${sorted.length - MAX_ITEMS} more in the Supervision tab.`));
  return adaptiveCard(body, {
    actions: [execute('My next supervision', 'command.run', { command: 'next' })],
    fallbackText: `You have ${view.items.length} open actions.`,
  });
}
