/**
 * Reading one cell of the contract: dates, London wall-clock date-times, whole numbers,
 * yes/no and choices. A failure carries a stable code and a message that never repeats the
 * cell's text (it may be a name that landed in the wrong column).
 */
import { londonDateOf, parseLocalDate } from '../policy/calendar';
import { cachedLondonInstant as londonInstant } from '../policy/london-dates';
import type { ColumnDef } from './columns';

export type CellValue = string | number | boolean | string[];
export type CellResult =
  { ok: true; value: CellValue } | { ok: false; code: string; message: string };

const WALL_CLOCK_RE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const ISO_OFFSET_RE =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const INT_RE = /^\d+$/;

/**
 * A value from any source (CSV text, Graph JSON) as the trimmed text the contract describes;
 * null for something that is not a plain value (an object or array, e.g. a SharePoint lookup
 * field that was not flattened), which the caller reports as `invalid-value`.
 */
export function cellText(raw: unknown): string | null {
  if (raw === null || raw === undefined) return '';
  if (typeof raw === 'boolean') return raw ? 'yes' : 'no';
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString();
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : null;
  if (typeof raw === 'string') return raw.trim();
  return null;
}

function validClock(h: string | undefined, m: string | undefined, s: string | undefined): boolean {
  return Number(h) <= 23 && Number(m) <= 59 && (s === undefined || Number(s) <= 59);
}

/** `YYYY-MM-DDTHH:mm` (London wall clock) or ISO 8601 with an offset → UTC Instant; else null. */
export function parseDateTime(text: string): string | null {
  const wall = WALL_CLOCK_RE.exec(text);
  if (wall) {
    const date = parseLocalDate(wall[1] ?? '');
    if (!date || !validClock(wall[2], wall[3], wall[4])) return null;
    return londonInstant(date, `${wall[2]}:${wall[3]}`);
  }
  const iso = ISO_OFFSET_RE.exec(text);
  if (iso) {
    if (!parseLocalDate(iso[1] ?? '') || !validClock(iso[2], iso[3], iso[4])) return null;
    const t = Date.parse(text);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  return null;
}

/** `YYYY-MM-DD`, or an ISO date-time with an offset read as its London date; else null. */
export function parseDate(text: string): string | null {
  const date = parseLocalDate(text);
  if (date) return date;
  if (ISO_OFFSET_RE.test(text)) {
    const instant = parseDateTime(text);
    return instant ? londonDateOf(instant) : null;
  }
  return null;
}

/** Parses a non-blank cell by its column type. */
export function parseCell(column: ColumnDef, text: string): CellResult {
  switch (column.type) {
    case 'text':
    case 'labels': // unknown labels are reported by the row validation, which keeps the rest
      return { ok: true, value: text };
    case 'id-list':
      return { ok: true, value: splitIds(text) };
    case 'date': {
      const v = parseDate(text);
      return v
        ? { ok: true, value: v }
        : { ok: false, code: 'invalid-date', message: 'not a real date (expected YYYY-MM-DD)' };
    }
    case 'datetime': {
      const v = parseDateTime(text);
      return v
        ? { ok: true, value: v }
        : {
            ok: false,
            code: 'invalid-datetime',
            message:
              'not a real date-time (expected YYYY-MM-DDTHH:mm London time, or ISO 8601 with an offset)',
          };
    }
    case 'date-or-datetime': {
      const date = parseLocalDate(text);
      const v = date ? londonInstant(date, '00:00') : parseDateTime(text);
      return v
        ? { ok: true, value: v }
        : {
            ok: false,
            code: 'invalid-datetime',
            message: 'not a real date or date-time (expected YYYY-MM-DD or YYYY-MM-DDTHH:mm)',
          };
    }
    case 'int':
      return INT_RE.test(text) && Number.isSafeInteger(Number(text))
        ? { ok: true, value: Number(text) }
        : { ok: false, code: 'invalid-integer', message: 'not a whole number' };
    case 'bool': {
      const lower = text.toLowerCase();
      if (lower === 'yes' || lower === 'true') return { ok: true, value: true };
      if (lower === 'no' || lower === 'false') return { ok: true, value: false };
      return { ok: false, code: 'invalid-boolean', message: 'not yes or no' };
    }
    case 'choice': {
      const lower = text.toLowerCase();
      const match = (column.choices ?? []).find((c) => c === lower);
      return match
        ? { ok: true, value: match }
        : {
            ok: false,
            code: 'invalid-choice',
            message: `not one of: ${(column.choices ?? []).join(', ')}`,
          };
    }
  }
}

/** `a; b;;a` → ['a', 'b']: trimmed, blanks dropped, each id once, in first-seen order. */
export function splitIds(text: string): string[] {
  return [
    ...new Set(
      text
        .split(';')
        .map((t) => t.trim())
        .filter((t) => t !== ''),
    ),
  ];
}
