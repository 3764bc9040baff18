/** `triage balance`: days per member against the fair share, per month. */
import { adaptiveCard, execute, header, text, type CardElement, type CardJson } from './card-kit';
import { TRIAGE_VERBS } from './triage-kit';

export interface BalanceCardView {
  months: Array<{
    month: string;
    label: string;
    rows: Array<{
      name: string;
      hub: string | null;
      days: number;
      fairShare: number;
      diff: number;
      imbalanced: boolean;
    }>;
  }>;
  /** Plain-English note on how the fair share is worked out. */
  fairShareNote: string;
}

function cell(value: string, options: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'TableCell', items: [text(value, options)] };
}

export function triageBalanceCard(view: BalanceCardView): CardJson {
  const body: CardElement[] = [
    header('Triage rota balance'),
    text(view.fairShareNote, { isSubtle: true }),
  ];
  for (const m of view.months) {
    body.push(text(m.label, { weight: 'Bolder', spacing: 'Medium' }));
    if (m.rows.length === 0) {
      body.push(text('No rota members.', { isSubtle: true }));
      continue;
    }
    body.push({
      type: 'Table',
      gridStyle: 'default',
      firstRowAsHeader: true,
      showGridLines: true,
      columns: [{ width: 3 }, { width: 1 }, { width: 1 }, { width: 1 }],
      rows: [
        {
          type: 'TableRow',
          cells: [
            cell('Member', { weight: 'Bolder' }),
            cell('Days', { weight: 'Bolder' }),
            cell('Fair share', { weight: 'Bolder' }),
            cell('Diff', { weight: 'Bolder' }),
          ],
        },
        ...m.rows.map((r) => ({
          type: 'TableRow',
          cells: [
            cell(`${r.name}${r.hub ? ` (${r.hub})` : ''}`),
            cell(String(r.days)),
            cell(String(r.fairShare)),
            cell(
              `${r.diff > 0 ? '+' : ''}${r.diff}`,
              r.imbalanced ? { color: 'Attention', weight: 'Bolder' } : {},
            ),
          ],
        })),
      ],
    });
  }
  return adaptiveCard(body, {
    actions: [execute('Refresh', TRIAGE_VERBS.refresh, { view: 'balance' })],
    fallbackText: 'Triage rota balance',
  });
}
