/** The first-Monday readiness check: is the rota complete two calendar months ahead? */
import {
  adaptiveCard,
  execute,
  factSet,
  formatDate,
  header,
  notice,
  text,
  type CardElement,
  type CardJson,
} from './card-kit';
import { TRIAGE_VERBS } from './triage-kit';
import type { LocalDate } from '../policy/domain';

export interface ReadinessCardView {
  checkDay: LocalDate;
  from: LocalDate;
  to: LocalDate;
  monthLabels: string[];
  ready: boolean;
  gaps: Array<{ date: LocalDate; hub: string | null }>;
  /** Rota members get "Take this day" on each gap. */
  canTake: boolean;
  /** After "Take this day" from this card. */
  notice?: { message: string; tone: 'good' | 'warning' | 'attention' | 'default' };
}

const MAX_SHOWN = 20;

export function triageReadinessCard(view: ReadinessCardView): CardJson {
  const body: CardElement[] = [
    header('Triage rota check', `First-Monday check, ${formatDate(view.checkDay)}`),
    factSet([
      ['Checked', `${formatDate(view.from)} to ${formatDate(view.to)}`],
      ['Months ahead', view.monthLabels.join(', ')],
      ['Uncovered days', String(view.gaps.length)],
    ]),
  ];
  if (view.notice) body.push(notice(view.notice.message, view.notice.tone));
  if (view.ready) body.push(notice('The rota is complete two months ahead.', 'good'));
  else body.push(notice('The rota is not complete: please fill these days.', 'attention'));
  for (const g of view.gaps.slice(0, MAX_SHOWN)) {
    const items: CardElement[] = [text(`**${formatDate(g.date)}**${g.hub ? ` · ${g.hub}` : ''}`)];
    if (view.canTake)
      items.push({
        type: 'ActionSet',
        actions: [
          execute(
            'Take this day',
            TRIAGE_VERBS.take,
            { date: g.date, view: 'readiness' },
            'positive',
          ),
        ],
      });
    body.push({ type: 'Container', separator: true, items });
  }
  if (view.gaps.length > MAX_SHOWN)
    body.push(
      text(`…and ${view.gaps.length - MAX_SHOWN} more (type "triage gaps").`, { isSubtle: true }),
    );
  return adaptiveCard(body, {
    actions: [execute('Show gaps', TRIAGE_VERBS.refresh, { view: 'gaps' })],
    fallbackText: view.ready
      ? 'Triage rota complete two months ahead'
      : `Triage rota: ${view.gaps.length} uncovered day(s)`,
  });
}
