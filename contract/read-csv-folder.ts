/**
 * A folder of CSV files exported from a spreadsheet tracker → a validated snapshot.
 * staff.csv and sessions.csv must exist; the other tables are optional (absent = empty).
 * Row numbers are spreadsheet rows: the header is row 1, blank rows count but are skipped.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { LoadResult } from './load-result';
import { TABLE_NAMES, TABLES, type TableName } from './columns';
import { loadTables, type RawTable } from './load-tables';
import { ContractError } from './problems';

/** Parses CSV text into a header and rows keyed by it; throws ContractError when unreadable. */
export function parseCsvText(text: string, file: string): RawTable {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: false,
      relax_column_count: true,
    }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new ContractError(
      'invalid-csv',
      `${file} is not valid CSV${line ? ` (near line ${line})` : ''}: check for an unclosed quote`,
    );
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  const rows: Array<Record<string, string>> = [];
  const rowIds: number[] = [];
  records.slice(1).forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const row: Record<string, string> = {};
    header.forEach((h, c) => {
      if (h !== '') row[h] = cells[c] ?? '';
    });
    rows.push(row);
    rowIds.push(i + 2);
  });
  return { rows, columns: header.filter((h) => h !== ''), rowIds, file };
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export async function readCsvFolder(dir: string): Promise<LoadResult> {
  const stat = await fs.stat(dir).catch(() => null);
  if (!stat || !stat.isDirectory()) {
    throw new ContractError(
      'missing-folder',
      `data folder ${dir} does not exist or is not a folder`,
    );
  }
  const tables: Partial<Record<TableName, RawTable>> = {};
  for (const table of TABLE_NAMES) {
    const { file, fileRequired } = TABLES[table];
    const text = await readIfExists(path.join(dir, file));
    if (text === null) {
      if (fileRequired) {
        throw new ContractError(
          'missing-file',
          `data folder ${dir} has no ${file}, which is required`,
        );
      }
      continue;
    }
    tables[table] = parseCsvText(text, file);
  }
  return loadTables(tables);
}
