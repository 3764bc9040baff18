/** A finding as the tab shows it: kind, plain-English detail, due day, severity, source. */
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
    detail: f.detail,
    source: f.source,
    escalated: f.escalateTo !== null,
  };
}
