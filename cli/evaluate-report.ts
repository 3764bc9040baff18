/**
 * The two shapes of `evaluate` output: JSON exactly as the data contract shows it (plus
 * `severity`, and the rejected rows), and a readable report grouped by who must act.
 */
import { formatDate } from '../cards/card-kit';
import { readableDates } from '../cards/readable-dates';
import { problemReportLines } from '../contract/problem-report';
import { rejectedRowCount, type RowProblem } from '../contract/problems';
import type { Staff } from '../policy/domain';
import type { EvaluationResult, Finding } from '../policy/findings';

export interface EvaluationJson {
  asOf: string;
  profile: string;
  findings: Array<
    Pick<
      Finding,
      | 'kind'
      | 'staffId'
      | 'sessionId'
      | 'notify'
      | 'escalateTo'
      | 'due'
      | 'detail'
      | 'source'
      | 'severity'
    >
  >;
  problems: RowProblem[];
}

export function evaluationJson(result: EvaluationResult, problems: RowProblem[]): EvaluationJson {
  return {
    asOf: result.asOf,
    profile: result.profile,
    findings: result.findings.map((f) => ({
      kind: f.kind,
      staffId: f.staffId,
      sessionId: f.sessionId,
      notify: f.notify,
      escalateTo: f.escalateTo,
      due: f.due,
      detail: f.detail,
      source: f.source,
      severity: f.severity,
    })),
    problems,
  };
}

const SEVERITY_ORDER: Record<string, number> = { breach: 0, warning: 1, info: 2 };

export function evaluationText(
  result: EvaluationResult,
  problems: RowProblem[],
  staff: Staff[],
  profileName: string,
): string {
  const names = new Map(staff.map((s) => [s.id, s.name]));
  const who = (id: string | null): string => {
    if (!id) return 'nobody';
    const name = names.get(id);
    return name ? `${name} (${id})` : id;
  };
  const groups = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const key = f.notify ?? '';
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  // People with the most to do first; the organisation-level group last.
  const order = [...groups.entries()].sort(
    ([a, fa], [b, fb]) =>
      (a === '' ? 1 : 0) - (b === '' ? 1 : 0) || fb.length - fa.length || (a < b ? -1 : 1),
  );
  const rejected = rejectedRowCount(problems);
  const kept = problems.filter((p) => p.rowKept).length;
  const lines: string[] = [
    `Supervision findings as of the end of ${formatDate(result.asOf)} — ${profileName} (${result.profile})`,
    `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} for ${groups.size} ${groups.size === 1 ? 'person' : 'people'} to act on; ${rejected} rejected row${rejected === 1 ? '' : 's'}${kept ? `; ${kept} cell${kept === 1 ? '' : 's'} left blank` : ''}`,
  ];
  for (const [notify, findings] of order) {
    lines.push('', notify === '' ? 'No one named (for the service):' : `${who(notify)}:`);
    const sorted = [...findings].sort(
      (a, b) =>
        (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) ||
        (a.due < b.due ? -1 : a.due > b.due ? 1 : 0),
    );
    for (const f of sorted) {
      const about = f.staffId && f.staffId !== notify ? ` — ${who(f.staffId)}` : '';
      const escalated = f.escalateTo ? `; escalated to ${who(f.escalateTo)}` : '';
      lines.push(
        `  [${f.severity}] ${f.kind}${about}: ${readableDates(f.detail)} (due ${formatDate(f.due)}${escalated}; ${f.source})`,
      );
    }
  }
  if (problems.length > 0) lines.push('', ...problemReportLines(problems));
  return `${lines.join('\n')}\n`;
}
