/**
 * Which source row an item came from, and the RowProblem builder. Kept apart from rows.ts so
 * that the reference checks can name rows without an import cycle.
 */
import type { RowProblem } from './problems';

const origins = new WeakMap<object, number | string>();

export function setRowOf(item: object, row: number | string): void {
  origins.set(item, row);
}

/** The row an item was parsed from (undefined for items built in code). */
export function rowOf(item: object): number | string | undefined {
  return origins.get(item);
}

export const ROW_SKIPPED = 'the row was skipped';

/** A problem whose message names the place and the outcome but never the cell's text. */
export function rowProblem(
  file: string,
  row: number | string,
  column: string | null,
  code: string,
  what: string,
  outcome = ROW_SKIPPED,
): RowProblem {
  const where = column ? `${file} row ${row}, column ${column}` : `${file} row ${row}`;
  const problem: RowProblem = { file, row, column, code, message: `${where}: ${what}; ${outcome}` };
  // Any outcome other than skipping means the row was used (cell blanked, reference cleared).
  if (outcome !== ROW_SKIPPED) problem.rowKept = true;
  return problem;
}
