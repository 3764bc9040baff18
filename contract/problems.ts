/**
 * A row of organisation data that could not be used. Reported to admins and skipped; the
 * rest of the data is still evaluated. Never carries the row's text (it may hold names).
 */
import { AppError, type ErrorCode } from '../kernel/errors';

export interface RowProblem {
  /** The CSV file name or SharePoint list name, e.g. `sessions.csv` or `Supervision Sessions`. */
  file: string;
  /** 1-based data row (CSV: the header is row 1, so the first data row is 2); SharePoint: item id. */
  row: number | string;
  /** The column at fault, or null for a whole-row problem (e.g. duplicate id). */
  column: string | null;
  /** Stable code, e.g. `invalid-date`, `unknown-staff`, `duplicate-id`, `invalid-choice`. */
  code: string;
  message: string;
  /**
   * True when the row was still used: a bad optional cell was blanked, or an optional
   * reference cleared (CONTRACT "Cells and rows"). Absent when the row was skipped.
   */
  rowKept?: boolean;
}

/** The rows that were skipped (not merely repaired), each counted once: for `--strict`. */
export function rejectedRowCount(problems: readonly RowProblem[]): number {
  const rows = new Set<string>();
  for (const p of problems) if (!p.rowKept) rows.add(`${p.file}\u0000${p.row}`);
  return rows.size;
}

type ContractErrorCode = Extract<
  ErrorCode,
  | 'invalid-csv'
  | 'invalid-encoding'
  | 'invalid-delimiter'
  | 'missing-column'
  | 'too-many-rows'
  | 'file-too-large'
  | 'missing-folder'
  | 'missing-file'
>;

/** A missing required column stops the load: nothing sensible can be read without it. */
export class ContractError extends AppError {
  constructor(code: ContractErrorCode, message: string) {
    super(code, message);
    this.name = 'ContractError';
  }
}
