/**
 * Row validation shared by every source (CSV folder, SharePoint lists, embedded import):
 * raw rows of text in, typed domain items and RowProblems out. A missing required column
 * stops the load (ContractError); a broken row is reported and skipped, never fatal.
 *
 * Pure: no file system, no network. Problems never carry a cell's text, only the file, row,
 * column and a stable code.
 */
import type {
  Absence,
  AgreedAction,
  Agreement,
  CaseRecord,
  RotaDay,
  Session,
  Staff,
} from '../policy/domain';
import { parseCaseLabels } from '../policy/case-labels';
import { TABLES, type ColumnDef, type TableName } from './columns';
import { maxCellChars } from './limits';
import { ContractError, type RowProblem } from './problems';
import { rowProblem, setRowOf } from './row-origin';
import { cellText, parseCell, type CellValue } from './values';

export { validateReferences, resolveReferences } from './references';
export { rowOf } from './row-origin';

export interface TableItems {
  staff: Staff;
  sessions: Session;
  agreements: Agreement;
  absences: Absence;
  rota: RotaDay;
  actions: AgreedAction;
  cases: CaseRecord;
}

export interface ParseOptions {
  /**
   * The source's columns (CSV header, SharePoint list schema). When given, every required
   * column is checked; when absent, the keys of the rows stand in, and only columns whose
   * values are required are checked (Graph leaves blank fields out of an item's JSON).
   */
  columns?: readonly string[];
  /** Row labels for problems, by index (SharePoint: item ids). Default: CSV line, header = 1. */
  rowIds?: ReadonlyArray<string | number>;
}

export interface ParsedTable<T extends TableName> {
  items: Array<TableItems[T]>;
  problems: RowProblem[];
}

/** Maps each contract column to the source's actual key, matching names case-insensitively. */
function resolveHeader(
  table: TableName,
  keys: readonly string[],
  file: string,
  explicit: boolean,
): Map<string, string> {
  const byLower = new Map<string, string>();
  for (const k of keys) byLower.set(k.trim().toLowerCase(), k);
  const out = new Map<string, string>();
  for (const column of TABLES[table].columns) {
    const key = byLower.get(column.name.toLowerCase());
    if (key !== undefined) {
      out.set(column.name, key);
      continue;
    }
    const mustHave = column.required || (explicit && column.columnRequired === true);
    if (mustHave) {
      throw new ContractError(
        'missing-column',
        `${file} has no "${column.name}" column, which the data contract requires (see docs/data-contract.md)`,
      );
    }
  }
  return out;
}

function unionOfKeys(rows: ReadonlyArray<Record<string, unknown>>): string[] {
  const keys = new Set<string>();
  for (const row of rows) if (isRow(row)) for (const k of Object.keys(row)) keys.add(k);
  return [...keys];
}

/** A row must be an object of cells; anything else (null from a JSON import) is a bad row. */
function isRow(row: unknown): row is Record<string, unknown> {
  return typeof row === 'object' && row !== null && !Array.isArray(row);
}

export function parseRows<T extends TableName>(
  table: T,
  rows: ReadonlyArray<Record<string, unknown>>,
  file: string,
  options: ParseOptions = {},
): ParsedTable<T> {
  const items: Array<TableItems[T]> = [];
  const problems: RowProblem[] = [];
  if (!options.columns && rows.length === 0) return { items, problems };
  const header = resolveHeader(
    table,
    options.columns ?? unionOfKeys(rows),
    file,
    !!options.columns,
  );
  rows.forEach((row, index) => {
    const rowId = options.rowIds?.[index] ?? index + 2;
    if (!isRow(row)) {
      problems.push(rowProblem(file, rowId, null, 'invalid-row', 'is not a row of cells'));
      return;
    }
    // A bad required cell rejects the row; a bad optional cell is blanked and reported, and the
    // row kept (CONTRACT "Cells and rows": a held session dropped for its heldMinutes would
    // raise a false supervision-gap; a staff row dropped for a startDate loses the person and
    // every row that refers to them).
    const rowProblems: RowProblem[] = [];
    const cellProblems: Array<{ column: string; code: string; what: string }> = [];
    const labelProblems: Array<{ column: string; what: string; outcome: string }> = [];
    const item: Record<string, CellValue> = {};
    for (const column of TABLES[table].columns) {
      const key = header.get(column.name);
      const text = key === undefined ? '' : cellText(row[key]);
      const bad = (code: string, what: string): void => {
        if (column.required) rowProblems.push(rowProblem(file, rowId, column.name, code, what));
        else cellProblems.push({ column: column.name, code, what });
      };
      if (text === null) {
        bad('invalid-value', 'is not a plain value');
        continue;
      }
      if (text === '') {
        if (column.required) bad('blank-required', 'is blank but required');
        continue;
      }
      const limit = maxCellChars(column);
      if (text.length > limit) {
        bad('too-long', `is longer than the ${limit} characters the contract allows`);
        continue;
      }
      const parsed = parseCell(column, text);
      if (parsed.ok) item[column.name] = parsed.value;
      else bad(parsed.code, parsed.message);
      if (parsed.ok && column.type === 'labels') {
        const problem = unknownLabels(column, text);
        if (problem) labelProblems.push(problem);
      }
    }
    if (rowProblems.length === 0) {
      const rangeProblem = checkRange(table, item, file, rowId);
      if (rangeProblem) rowProblems.push(rangeProblem);
    }
    if (rowProblems.length > 0) {
      // The row is rejected: its optional-cell problems are reported too, in column order.
      const cells = cellProblems.map((c) => rowProblem(file, rowId, c.column, c.code, c.what));
      problems.push(...ordered([...rowProblems, ...cells], table));
      return;
    }
    for (const c of cellProblems)
      problems.push(rowProblem(file, rowId, c.column, c.code, c.what, CELL_BLANKED));
    for (const c of labelProblems)
      problems.push(rowProblem(file, rowId, c.column, 'invalid-choice', c.what, c.outcome));
    setRowOf(item, rowId);
    items.push(item as unknown as TableItems[T]);
  });
  return { items, problems };
}

/**
 * Unknown labels in a `labels` cell (cases.category): reported, ignored, the row kept with its
 * known labels (CONTRACT "Fine print": none known means the profile's default cadence).
 */
function unknownLabels(
  column: ColumnDef,
  text: string,
): { column: string; what: string; outcome: string } | null {
  const { labels, unknown } = parseCaseLabels(text);
  if (unknown === 0) return null;
  const what = `${unknown === 1 ? 'a label is' : `${unknown} labels are`} not one of: ${(column.choices ?? []).join(', ')}`;
  const outcome =
    labels.length > 0
      ? 'the unknown label was ignored and the row kept with its known labels'
      : "no known label is left, so the profile's default applies; the row was kept";
  return { column: column.name, what, outcome };
}

/** The outcome of a bad optional cell (CONTRACT "Cells and rows"). */
export const CELL_BLANKED = 'the cell was left blank and the row kept';

/** Problems of one row in the table's column order, so reports read left to right. */
function ordered(list: RowProblem[], table: TableName): RowProblem[] {
  const index = new Map(TABLES[table].columns.map((c, i) => [c.name, i]));
  return [...list].sort(
    (a, b) => (index.get(a.column ?? '') ?? -1) - (index.get(b.column ?? '') ?? -1),
  );
}

/** Row-local consistency that no single cell shows. */
function checkRange(
  table: TableName,
  item: Record<string, CellValue>,
  file: string,
  rowId: number | string,
): RowProblem | null {
  if (table === 'absences' && String(item.to) < String(item.from)) {
    return rowProblem(file, rowId, 'to', 'invalid-range', 'ends before it starts');
  }
  // CONTRACT "Group supervision": only a group session may leave superviseeId blank (its
  // attendees say who was there); it is held as '' so every session has the field.
  if (table === 'sessions' && item.superviseeId === undefined) {
    if (item.kind !== 'group')
      return rowProblem(file, rowId, 'superviseeId', 'blank-required', 'is blank but required');
    item.superviseeId = '';
  }
  return null;
}
