/** `triage today` / `triage tomorrow` / `triage week` / `my triage`: rota days with their buttons. */
import {
  adaptiveCard,
  execute,
  header,
  notice,
  text,
  type CardElement,
  type CardJson,
} from './card-kit';
import { TRIAGE_VERBS, dayBlock, type DayView, type PersonView } from './triage-kit';

export interface CoverCardView {
  title: string;
  subtitle?: string;
  days: DayView[];
  /** Rota colleagues the viewer can ask to swap (for the Swap picker). */
  colleagues: PersonView[];
  /** Shown when there are no days (e.g. "Saturday is not a rota day"). */
  emptyText?: string;
  notice?: { message: string; tone: 'good' | 'warning' | 'attention' | 'default' };
  /** What `triage.refresh` should re-render (e.g. `{ view: 'week', date }`). */
  refreshData: Record<string, unknown>;
}

export function triageCoverCard(view: CoverCardView): CardJson {
  const body: CardElement[] = [header(view.title, view.subtitle)];
  if (view.notice) body.push(notice(view.notice.message, view.notice.tone));
  if (view.days.length === 0)
    body.push(text(view.emptyText ?? 'No rota days.', { isSubtle: true }));
  const listView = typeof view.refreshData.view === 'string' ? view.refreshData.view : undefined;
  for (const d of view.days) body.push(dayBlock(d, view.colleagues, listView));
  return adaptiveCard(body, {
    actions: [execute('Refresh', TRIAGE_VERBS.refresh, view.refreshData)],
    fallbackText: `${view.title}: ${view.days.length} day(s)`,
  });
}
