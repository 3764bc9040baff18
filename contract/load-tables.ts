/**
 * Raw tables (rows of text per table, from any source) → a validated snapshot and the list of
 * rows that could not be used. The CSV folder reader uses it; SharePoint and the embedded
 * import can too, so that every source rejects exactly the same rows.
 */
import { emptySnapshot, type OrgSnapshot } from '../policy/domain';
import type { LoadResult } from './load-result';
import { TABLE_NAMES, TABLES, type TableName } from './columns';
import type { RowProblem } from './problems';
import { resolveReferences } from './references';
import { parseRows, type ParseOptions } from './rows';

export interface RawTable extends ParseOptions {
  rows: ReadonlyArray<Record<string, unknown>>;
  /** Name used in problems; default the contract's CSV file name (e.g. `sessions.csv`). */
  file?: string;
}

/** Absent tables are empty. Throws ContractError only for a missing required column. */
export function loadTables(tables: Partial<Record<TableName, RawTable>>): LoadResult {
  const snapshot: OrgSnapshot = emptySnapshot();
  const problems: RowProblem[] = [];
  const fileNames: Partial<Record<TableName, string>> = {};
  for (const table of TABLE_NAMES) {
    const raw = tables[table];
    if (!raw) continue;
    const file = raw.file ?? TABLES[table].file;
    fileNames[table] = file;
    const parsed = parseRows(table, raw.rows, file, raw);
    (snapshot[table] as unknown[]) = parsed.items;
    problems.push(...parsed.problems);
  }
  const resolved = resolveReferences(snapshot, fileNames);
  return { snapshot: resolved.snapshot, problems: [...problems, ...resolved.problems] };
}
