/**
 * Input limits (issue 15 item 4, input side): what one file, one row and one cell may hold.
 * They protect memory and every later step (a 10 MB record summary would ride on the sign card,
 * which Teams refuses over ~28 KB) and are part of the data contract (docs/data-contract.md).
 *
 * - a file larger than `maxFileBytes`, or with more than `maxRowsPerFile` data rows, is refused
 *   whole (ContractError): evaluating part of a file would raise false findings;
 * - a cell longer than its column's limit is a bad cell (`too-long`): a required one skips the
 *   row, an optional one is blanked and the row kept (CONTRACT "Cells and rows"). The check is
 *   in contract/rows.ts, so SharePoint items and CSV rows are held to the same limits.
 */
import type { ColumnDef } from './columns';

export const INPUT_LIMITS = {
  /** 256 MiB: a 20,000-person organisation's two years of sessions is about 100 MB of CSV. */
  maxFileBytes: 256 * 1024 * 1024,
  /** Data rows per file (the header and blank rows not counted). */
  maxRowsPerFile: 1_000_000,
  /** Characters in a text cell unless its column says otherwise (ids, names, emails, teams). */
  textChars: 1_000,
  /** Characters in a date, number, yes/no or choice cell: far more than any valid value. */
  valueChars: 100,
};

export type FileLimits = Pick<typeof INPUT_LIMITS, 'maxFileBytes' | 'maxRowsPerFile'>;

/** The most characters a cell of this column may hold. */
export function maxCellChars(column: ColumnDef): number {
  if (column.maxLength !== undefined) return column.maxLength;
  return column.type === 'text' || column.type === 'labels'
    ? INPUT_LIMITS.textChars
    : INPUT_LIMITS.valueChars;
}
