/** Reply to `team` (managers): supervisees at a glance, red/amber/green, worst first. */
import {
  adaptiveCard,
  execute,
  formatDate,
  header,
  openUrl,
  text,
  type CardAction,
  type CardElement,
  type CardJson,
  type Rag,
} from './card-kit';
import type { LocalDate } from '../policy/domain';

export interface TeamRowView {
  staffId: string;
  name: string;
  rag: Rag;
  lastHeld?: LocalDate;
  nextBooked?: LocalDate;
  /** Short plain-English issues ("record overdue", "no session in October"). */
  issues: string[];
}

export interface TeamView {
  managerName: string;
  rows: TeamRowView[];
  tabUrl?: string;
}

/** Each row is ~450 bytes; 25 rows keep the card far below Teams' limit. */
const MAX_ROWS = 25;
const ORDER: Record<Rag, number> = { red: 0, amber: 1, green: 2 };
const COLOR: Record<Rag, string> = { red: 'Attention', amber: 'Warning', green: 'Good' };

export function teamCard(view: TeamView): CardJson {
  const rows = [...view.rows].sort(
    (a, b) => ORDER[a.rag] - ORDER[b.rag] || a.name.localeCompare(b.name),
  );
  const count = (r: Rag) => rows.filter((x) => x.rag === r).length;
  const body: CardElement[] = [
    header(
      'My team',
      rows.length === 0
        ? 'Nobody reports to you.'
        : `${rows.length} people · ${count('red')} red · ${count('amber')} amber · ${count('green')} green`,
    ),
  ];
  for (const row of rows.slice(0, MAX_ROWS)) {
    body.push({
      type: 'ColumnSet',
      separator: true,
      columns: [
        {
          type: 'Column',
          width: 'auto',
          items: [{ type: 'TextBlock', text: '●', color: COLOR[row.rag], weight: 'Bolder' }],
        },
        {
          type: 'Column',
          width: 'stretch',
          items: [
            text(`**${row.name}**`),
            text(
              `Last held ${row.lastHeld ? formatDate(row.lastHeld) : 'never'} · next ${row.nextBooked ? formatDate(row.nextBooked) : 'not booked'}`,
              { isSubtle: true, size: 'Small', spacing: 'None' },
            ),
            ...(row.issues.length > 0
              ? [text(row.issues.join('; '), { size: 'Small', spacing: 'None' })]
              : []),
          ],
        },
      ],
    });
  }
  if (rows.length > MAX_ROWS)
    body.push(text(`…and ${rows.length - MAX_ROWS} more: see the Supervision tab.`));
  const actions: CardAction[] = [execute('Refresh', 'command.run', { command: 'team' })];
  if (view.tabUrl) actions.push(openUrl('Open team view', view.tabUrl));
  return adaptiveCard(body, { actions, fallbackText: `Your team: ${rows.length} people.` });
}
