/** `triage gaps`: uncovered working days up to two months ahead, each with "Take this day". */
import {
  adaptiveCard,
  execute,
  formatDate,
  header,
  notice,
  text,
  type CardElement,
  type CardJson,
} from './card-kit';
import { TRIAGE_VERBS } from './triage-kit';
import type { LocalDate } from '../policy/domain';

export interface GapsCardView {
  from: LocalDate;
  to: LocalDate;
  gaps: Array<{
    date: LocalDate;
    hub: string | null;
    reason: 'unassigned' | 'sick' | 'holder-absent' | 'holder-left' | 'holder-not-started';
  }>;
  /** Rota members get "Take this day"; others see the list only. */
  canTake: boolean;
  notice?: { message: string; tone: 'good' | 'warning' | 'attention' | 'default' };
}

/** Above this many gaps the card lists the first ones and says how many more (size limit). */
export const MAX_GAPS_SHOWN = 25;

export function triageGapsCard(view: GapsCardView): CardJson {
  const body: CardElement[] = [
    header('Triage rota gaps', `${formatDate(view.from)} to ${formatDate(view.to)}`),
  ];
  if (view.notice) body.push(notice(view.notice.message, view.notice.tone));
  if (view.gaps.length === 0) body.push(notice('Every working day is covered.', 'good'));
  for (const g of view.gaps.slice(0, MAX_GAPS_SHOWN)) {
    const why =
      g.reason === 'sick'
        ? ' — holder off sick'
        : g.reason === 'holder-absent'
          ? ' — holder recorded as away'
          : g.reason === 'holder-left'
            ? ' — holder has left'
            : g.reason === 'holder-not-started'
              ? ' — holder has not started yet'
              : '';
    const items: CardElement[] = [
      text(`**${formatDate(g.date)}**${g.hub ? ` · ${g.hub}` : ''}${why}`),
    ];
    if (view.canTake) {
      items.push({
        type: 'ActionSet',
        actions: [
          execute('Take this day', TRIAGE_VERBS.take, { date: g.date, view: 'gaps' }, 'positive'),
        ],
      });
    }
    body.push({ type: 'Container', separator: true, items });
  }
  if (view.gaps.length > MAX_GAPS_SHOWN) {
    body.push(
      text(`…and ${view.gaps.length - MAX_GAPS_SHOWN} more. Fill these first, then refresh.`, {
        isSubtle: true,
      }),
    );
  }
  return adaptiveCard(body, {
    actions: [execute('Refresh', TRIAGE_VERBS.refresh, { view: 'gaps' })],
    fallbackText: `Triage rota: ${view.gaps.length} uncovered day(s)`,
  });
}
