/** A finding as the tab shows it: kind, plain-English detail, due day, severity, source. */
import { readableDates } from '../cards/readable-dates';
import type { Finding } from '../policy/findings';

export interface FindingView {
  kind: string;
  severity: Finding['severity'];
  due: string;
  detail: string;
  source: string;
  escalated: boolean;
}

export function findingView(f: Finding): FindingView {
  return {
    kind: f.kind,
    severity: f.severity,
    due: f.due,
    // The tab shows dates as the cards do (`Thu 5 Nov 2026`); `due` stays ISO for sorting.
    detail: readableDates(f.detail),
    source: f.source,
    escalated: f.escalateTo !== null,
  };
}
