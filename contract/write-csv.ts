/**
 * A snapshot → CSV text per table, in the contract's column order, so that reading the
 * files back (contract/read-csv-folder.ts) gives the same snapshot. Instants are written as
 * London wall-clock `YYYY-MM-DDTHH:mm` whenever that reads back to the same moment, else as
 * UTC ISO 8601 (seconds, or the second 01:xx of the October clock change).
 */
import { londonDateOf, londonMinutesOfDay } from '../policy/calendar';
import { cachedLondonInstant as londonInstant } from '../policy/london-dates';
import type { OrgSnapshot, SessionRecord } from '../policy/domain';
import { TABLE_NAMES, TABLES, type ColumnDef, type TableName } from './columns';
import { RECORD_COLUMNS, RECORDS_FILE, recordCells } from './record-rows';

const wallClocks = new Map<string, string>();

/** Memoised: exports repeat the same instants many times (see policy/london-dates.ts). */
function wallClock(instant: string): string {
  let text = wallClocks.get(instant);
  if (text === undefined) {
    text = computeWallClock(instant);
    if (wallClocks.size >= 200_000) wallClocks.clear();
    wallClocks.set(instant, text);
  }
  return text;
}

function computeWallClock(instant: string): string {
  const date = londonDateOf(instant);
  const minutes = londonMinutesOfDay(instant);
  const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const back = londonInstant(date, hhmm);
  return back === new Date(instant).toISOString()
    ? `${date}T${hhmm}`
    : new Date(instant).toISOString();
}

function cell(column: ColumnDef, value: unknown): string {
  if (value === undefined || value === null) return '';
  switch (column.type) {
    case 'bool':
      return value ? 'yes' : 'no';
    case 'datetime':
    case 'date-or-datetime':
      return wallClock(String(value));
    case 'id-list':
      return Array.isArray(value) ? value.join(';') : String(value);
    default:
      return String(value);
  }
}

function quote(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One table as CSV text: header line, one line per item, trailing newline. */
export function tableToCsv(table: TableName, items: ReadonlyArray<object>): string {
  const columns = TABLES[table].columns;
  const lines = [columns.map((c) => c.name).join(',')];
  for (const item of items) {
    const record = item as Record<string, unknown>;
    lines.push(columns.map((c) => quote(cell(c, record[c.name]))).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Every table of a snapshot, keyed by its CSV file name (`staff.csv` …). */
export function snapshotToCsv(snapshot: OrgSnapshot): Record<string, string> {
  const out: Record<string, string> = {};
  for (const table of TABLE_NAMES) out[TABLES[table].file] = tableToCsv(table, snapshot[table]);
  // records.csv only when there are structured records (issue 18): older folders stay as they were.
  if (snapshot.records.length > 0) out[RECORDS_FILE] = recordsToCsv(snapshot.records);
  return out;
}

/** records.csv: the structured records, `sections` and `cases` as JSON cells. */
export function recordsToCsv(records: ReadonlyArray<SessionRecord>): string {
  const lines = [RECORD_COLUMNS.map((c) => c.name).join(',')];
  for (const r of records) {
    const cells: Record<string, unknown> = { ...r, ...recordCells(r) };
    lines.push(RECORD_COLUMNS.map((c) => quote(cell(c, cells[c.name]))).join(','));
  }
  return `${lines.join('\n')}\n`;
}
