/**
 * The readable list of row problems that `evaluate --format text` and `import` print: rows
 * that were skipped first, then rows that were kept with a cell blanked or a reference
 * cleared (CONTRACT "Cells and rows"), so a reader sees at once what was lost.
 */
import { rejectedRowCount, type RowProblem } from './problems';

export function problemReportLines(problems: readonly RowProblem[]): string[] {
  const skipped = problems.filter((p) => !p.rowKept);
  const kept = problems.filter((p) => p.rowKept);
  const lines: string[] = [];
  if (skipped.length > 0) {
    const rows = rejectedRowCount(skipped);
    lines.push(`Rejected rows (${rows}), skipped:`);
    for (const p of skipped) lines.push(`  [${p.code}] ${p.message}`);
  }
  if (kept.length > 0) {
    lines.push(`Rows kept with a cell left blank (${kept.length}):`);
    for (const p of kept) lines.push(`  [${p.code}] ${p.message}`);
  }
  return lines;
}
