/** `meetings`: which multi-agency meeting each hub attends this term (and next). */
import {
  adaptiveCard,
  execute,
  factSet,
  header,
  text,
  type CardElement,
  type CardJson,
} from './card-kit';
import { TRIAGE_VERBS } from './triage-kit';

export interface MeetingsCardView {
  terms: Array<{ label: string; rows: Array<{ hub: string; meeting: string }>; current: boolean }>;
  /** The viewer's hub, highlighted when known. */
  viewerHub?: string | null;
  source: string;
}

export function triageMeetingsCard(v: MeetingsCardView): CardJson {
  const body: CardElement[] = [
    header('Multi-agency meetings rota', 'Senior practitioners and team leaders attend by term'),
  ];
  for (const t of v.terms) {
    body.push(
      text(`${t.label}${t.current ? ' (this term)' : ''}`, { weight: 'Bolder', spacing: 'Medium' }),
    );
    body.push(
      factSet(
        t.rows.map((r) => [r.hub === v.viewerHub ? `${r.hub} (your hub)` : r.hub, r.meeting]),
      ),
    );
  }
  body.push(
    text(
      'Before the meeting, check whether each family on the agenda has been known to SF in the last 12 months; record actions and alert the relevant team leader or senior.',
      { isSubtle: true },
    ),
  );
  body.push(text(`Source: ${v.source}`, { isSubtle: true, size: 'Small' }));
  return adaptiveCard(body, {
    actions: [execute('Refresh', TRIAGE_VERBS.refresh, { view: 'meetings' })],
    fallbackText: 'Multi-agency meetings rota',
  });
}
