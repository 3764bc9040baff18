/**
 * A folder of CSV files exported from a spreadsheet tracker → a validated snapshot.
 * staff.csv and sessions.csv must exist; the other tables are optional (absent = empty).
 * Row numbers are spreadsheet rows: the header is row 1, blank rows count but are skipped.
 */
import { errorCode } from '../kernel/errors';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { LoadResult } from './load-result';
import { TABLE_NAMES, TABLES, type TableName } from './columns';
import { decodeCsvBytes, detectDelimiter } from './csv-encoding';
import { INPUT_LIMITS, type FileLimits } from './limits';
import { loadTables, type RawTable } from './load-tables';
import { ContractError } from './problems';
import { parseRecordRows, RECORD_COLUMNS, RECORDS_FILE } from './record-rows';

/**
 * Parses CSV text into a header and rows keyed by it; throws ContractError when unreadable.
 * The delimiter is `,` unless given (readCsvFolder detects `,` or `;` from the header).
 */
export function parseCsvText(
  text: string,
  file: string,
  delimiter: ',' | ';' = ',',
  limits: FileLimits = INPUT_LIMITS,
): RawTable {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      delimiter,
      skip_empty_lines: false,
      relax_column_count: true,
    }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    const sep = delimiter === ',' ? 'comma' : 'semicolon';
    throw new ContractError(
      'invalid-csv',
      `${file} is not valid ${sep}-separated CSV${line ? ` (near line ${line})` : ''}: check for an unclosed quote`,
    );
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  const dataRows = records.length - 1;
  if (dataRows > limits.maxRowsPerFile) {
    throw new ContractError(
      'too-many-rows',
      `${file} has ${dataRows} rows after the header, more than the ${limits.maxRowsPerFile} the data contract allows (from row ${limits.maxRowsPerFile + 2}); split the export or remove old rows`,
    );
  }
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

async function readIfExists(file: string, limits: FileLimits): Promise<Buffer | null> {
  try {
    // Checked before reading, so an oversized file never reaches memory.
    const { size } = await fs.stat(file);
    if (size > limits.maxFileBytes) {
      throw new ContractError(
        'file-too-large',
        `${path.basename(file)} is ${size} bytes, more than the ${limits.maxFileBytes} bytes the data contract allows`,
      );
    }
    return await fs.readFile(file);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return null;
    throw err;
  }
}

/** `limits`: the contract's INPUT_LIMITS unless a caller (a test) narrows them. */
export async function readCsvFolder(
  dir: string,
  limits: FileLimits = INPUT_LIMITS,
): Promise<LoadResult> {
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
    const bytes = await readIfExists(path.join(dir, file), limits);
    if (bytes === null) {
      if (fileRequired) {
        throw new ContractError(
          'missing-file',
          `data folder ${dir} has no ${file}, which is required`,
        );
      }
      continue;
    }
    const { text } = decodeCsvBytes(bytes, file);
    const expected = TABLES[table].columns.map((c) => c.name);
    tables[table] = parseCsvText(text, file, detectDelimiter(text, file, expected), limits);
  }
  const loaded = loadTables(tables);
  // Structured records (issue 18), optional: read against the sessions that were kept.
  const bytes = await readIfExists(path.join(dir, RECORDS_FILE), limits);
  if (bytes === null) return loaded;
  const { text } = decodeCsvBytes(bytes, RECORDS_FILE);
  const expected = RECORD_COLUMNS.map((c) => c.name);
  const raw = parseCsvText(
    text,
    RECORDS_FILE,
    detectDelimiter(text, RECORDS_FILE, expected),
    limits,
  );
  const records = parseRecordRows(
    raw.rows,
    RECORDS_FILE,
    new Set(loaded.snapshot.sessions.map((s) => s.id)),
    raw.rowIds,
  );
  return {
    snapshot: { ...loaded.snapshot, records: records.items },
    problems: [...loaded.problems, ...records.problems],
  };
}
