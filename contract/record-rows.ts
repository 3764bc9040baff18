/**
 * The structured supervision record in CSV (issue 18): `records.csv`, one row per session that
 * has a structured record, keyed by `sessionId`. Optional: a folder without it has no structured
 * records, and a session's old `recordSummary` column (sessions.csv) is still read as its record
 * (policy/record.ts `recordFromSummary`).
 *
 * Columns: `sessionId`, `status` (draft | final), `updatedAt` (date-time), `nextSessionAt`
 * (date-time, optional), `sections` (JSON object: section id → text) and `cases` (JSON array of
 * case entries: caseId, discussion, decision, riskScale?, actions [{text, ownerId, dueDate?}],
 * significantDecision). The two JSON columns are what a spreadsheet cannot hold as columns of
 * its own (their shape depends on the profile's template); they are written by
 * `snapshotToCsv` and read back the same.
 *
 * Kept apart from the seven tables of `columns.ts`: those are also SharePoint lists provisioned
 * from the same definitions, while the SharePoint `Records` list has its own schema.
 * A broken row is reported (never its text) and skipped.
 */
import { z } from 'zod';
import { RECORD_STATUSES, type SessionRecord } from '../policy/domain';
import type { ColumnDef } from './columns';
import type { RowProblem } from './problems';
import { rowProblem, setRowOf } from './row-origin';
import { cellText, parseCell } from './values';

export const RECORDS_FILE = 'records.csv';

/** Most characters of the `sections` / `cases` cells (SharePoint's multi-line text holds 63,999). */
export const RECORD_JSON_MAX = 60_000;

export const RECORD_COLUMNS: readonly ColumnDef[] = [
  { name: 'sessionId', type: 'text', required: true },
  { name: 'status', type: 'choice', required: true, choices: RECORD_STATUSES },
  { name: 'updatedAt', type: 'datetime', required: true },
  { name: 'nextSessionAt', type: 'datetime', required: false },
  { name: 'sections', type: 'text', required: true, maxLength: RECORD_JSON_MAX },
  { name: 'cases', type: 'text', required: false, maxLength: RECORD_JSON_MAX },
];

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const sectionsJson = z.record(z.string().min(1), z.string());
const casesJson = z.array(
  z
    .object({
      caseId: z.string().min(1),
      discussion: z.string().default(''),
      decision: z.string().default(''),
      riskScale: z.number().int().min(0).max(10).optional(),
      actions: z
        .array(
          z
            .object({ text: z.string(), ownerId: z.string().min(1), dueDate: localDate.optional() })
            .strict(),
        )
        .default([]),
      significantDecision: z.boolean().default(false),
    })
    .strict(),
);

function json(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Rows of `records.csv` (or any source's record rows) → records and problems. `sessionIds`:
 * the sessions that exist; a record of another session is reported and skipped.
 */
export function parseRecordRows(
  rows: ReadonlyArray<Record<string, unknown>>,
  file: string,
  sessionIds: ReadonlySet<string>,
  rowIds?: ReadonlyArray<string | number>,
): { items: SessionRecord[]; problems: RowProblem[] } {
  const items: SessionRecord[] = [];
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const rowId = rowIds?.[index] ?? index + 2;
    const lower = new Map(Object.keys(row).map((k) => [k.trim().toLowerCase(), k]));
    const values: Record<string, unknown> = {};
    for (const column of RECORD_COLUMNS) {
      const key = lower.get(column.name.toLowerCase());
      const text = key === undefined ? '' : cellText(row[key]);
      const bad = (code: string, what: string) =>
        problems.push(rowProblem(file, rowId, column.name, code, what));
      if (text === null) return bad('invalid-value', 'is not a plain value');
      if (text === '') {
        if (column.required) return bad('blank-required', 'is blank but required');
        continue;
      }
      if (text.length > (column.maxLength ?? 1_000))
        return bad(
          'too-long',
          `is longer than the ${column.maxLength ?? 1_000} characters allowed`,
        );
      if (column.name === 'sections' || column.name === 'cases') {
        const parsed = (column.name === 'sections' ? sectionsJson : casesJson).safeParse(
          json(text),
        );
        if (!parsed.success)
          return bad('invalid-json', `is not the record's ${column.name} as JSON`);
        values[column.name] = parsed.data;
        continue;
      }
      const parsed = parseCell(column, text);
      if (!parsed.ok) return bad(parsed.code, parsed.message);
      values[column.name] = parsed.value;
    }
    if (Object.keys(values).length < 4) return; // a required cell was reported above
    const sessionId = String(values.sessionId);
    if (!sessionIds.has(sessionId)) {
      problems.push(
        rowProblem(file, rowId, 'sessionId', 'unknown-session', 'names no session in sessions.csv'),
      );
      return;
    }
    if (seen.has(sessionId)) {
      problems.push(
        rowProblem(file, rowId, 'sessionId', 'duplicate-key', 'repeats a session already recorded'),
      );
      return;
    }
    seen.add(sessionId);
    const record: SessionRecord = {
      sessionId,
      sections: values.sections as Record<string, string>,
      cases: (values.cases as SessionRecord['cases'] | undefined) ?? [],
      status: values.status as SessionRecord['status'],
      updatedAt: String(values.updatedAt),
      ...(values.nextSessionAt ? { nextSessionAt: String(values.nextSessionAt) } : {}),
    };
    setRowOf(record, rowId);
    items.push(record);
  });
  return { items, problems };
}

/** The JSON cells of a record, as `parseRecordRows` reads them back. */
export function recordCells(r: SessionRecord): Record<string, string> {
  return {
    sessionId: r.sessionId,
    status: r.status,
    sections: JSON.stringify(r.sections),
    cases: JSON.stringify(r.cases),
  };
}
