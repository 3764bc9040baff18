/**
 * Converts between SharePoint list item fields (typed JSON as Graph returns them) and the
 * contract's row form (strings, as in the CSV files), so that SharePoint items go through the
 * SAME row validation as CSV and embedded data (contract/rows.ts parseRows).
 *
 * Dates: a dateOnly column holds midnight of the site's time zone as a UTC instant (the site
 * must use Europe/London, docs/sharepoint.md), so a date is read back with londonDateOf and
 * written as London midnight.
 */
import { londonDateOf, londonInstant } from '../policy/calendar';
import { LISTS, titleFor, type ListKey } from './schema';

export type FieldValue = string | number | boolean | null;

/** Graph fields → contract row (string values, blank for absent). */
export function fieldsToRow(key: ListKey, fields: Record<string, unknown>): Record<string, string> {
  const schema = LISTS[key];
  const row: Record<string, string> = {};
  if (schema.titleProperty) row[schema.titleProperty] = str(fields['Title']);
  for (const col of schema.columns) {
    const v = fields[col.name];
    if (v === undefined || v === null || v === '') {
      row[col.name] = '';
      continue;
    }
    switch (col.kind) {
      case 'boolean':
        row[col.name] = v === true ? 'yes' : v === false ? 'no' : str(v);
        break;
      case 'number':
        row[col.name] = typeof v === 'number' ? String(v) : str(v);
        break;
      case 'date': {
        const t = typeof v === 'string' ? Date.parse(v) : NaN;
        // A malformed value is passed through so the contract reports it as invalid-date.
        row[col.name] = Number.isNaN(t) ? str(v) : londonDateOf(new Date(t).toISOString());
        break;
      }
      default:
        row[col.name] = str(v);
    }
  }
  return row;
}

/** A domain record → Graph fields for create (absent values omitted) or patch (null clears). */
export function recordToFields(
  key: ListKey,
  record: Record<string, unknown>,
  forPatch = false,
): Record<string, FieldValue> {
  const schema = LISTS[key];
  const out: Record<string, FieldValue> = {};
  if (!forPatch || (schema.titleProperty && schema.titleProperty in record))
    out['Title'] = titleFor(key, record);
  for (const col of schema.columns) {
    if (forPatch && !(col.name in record)) continue;
    const v = record[col.name];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) {
      if (forPatch) out[col.name] = null;
      continue;
    }
    switch (col.kind) {
      case 'boolean':
        out[col.name] = v === true || v === 'yes';
        break;
      case 'number':
        out[col.name] = Number(v);
        break;
      case 'date':
        out[col.name] = londonInstant(String(v));
        break;
      default:
        // An id list (sessions.attendees) is stored as the contract writes it: `a;b`.
        out[col.name] = Array.isArray(v) ? v.join(';') : String(v);
    }
  }
  return out;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}

/**
 * SharePoint's single line of text holds at most 255 characters and refuses a longer value
 * (the whole write fails); free text lives in multi-line (`note`) columns. The single-line
 * columns a write would overflow (Title included), checked before anything is sent.
 */
export const SINGLE_LINE_MAX = 255;

export function singleLineOverflow(key: ListKey, fields: Record<string, unknown>): string[] {
  const schema = LISTS[key];
  const out: string[] = [];
  const over = (v: unknown) => typeof v === 'string' && v.length > SINGLE_LINE_MAX;
  if (over(fields['Title'])) out.push(schema.titleProperty ?? 'Title');
  for (const col of schema.columns)
    if (col.kind === 'text' && over(fields[col.name])) out.push(col.name);
  return out;
}

export function overflowMessage(what: string, columns: string[]): string {
  return `${what}: ${columns.join(', ')} is longer than SharePoint's ${SINGLE_LINE_MAX}-character limit for a single line of text`;
}
