/**
 * The data contract's tables and columns (shared/CONTRACT.md plus this project's extensions:
 * the `actions` and `cases` tables and the session columns `significantDecision` and
 * `recordSummary`). One definition serves the CSV folder, SharePoint lists and the embedded
 * import, so every source validates a row the same way (contract/rows.ts).
 */
import {
  ABSENCE_REASONS,
  EMPLOYMENT,
  ROLES,
  ROTA_STATUSES,
  SESSION_KINDS,
  SESSION_STATUSES,
} from '../policy/domain';
import { CASE_LABELS } from '../policy/case-labels';

export const TABLE_NAMES = [
  'staff',
  'sessions',
  'agreements',
  'absences',
  'rota',
  'actions',
  'cases',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/**
 * - `date`: `YYYY-MM-DD` (a full ISO date-time with an offset is read as its London date);
 * - `datetime`: `YYYY-MM-DDTHH:mm` London wall clock, or ISO 8601 with an offset;
 * - `date-or-datetime`: either (a bare date means 00:00 London that day);
 * - `int`: a whole number ≥ 0; `bool`: `yes`/`no`; `choice`: one of `choices`; `text`: anything;
 * - `id-list`: staff ids separated by `;` (sessions.attendees), read as a string array;
 * - `labels`: one or more of `choices` separated by `;` (an unknown one is reported and ignored).
 */
export type ColumnType =
  | 'date'
  | 'datetime'
  | 'date-or-datetime'
  | 'int'
  | 'bool'
  | 'choice'
  | 'labels'
  | 'text'
  | 'id-list';

export interface ColumnDef {
  name: string;
  type: ColumnType;
  /** The value may not be blank (implies the column must be present). */
  required: boolean;
  /**
   * The column must be present even though a blank value is allowed (agreements.signedAt:
   * blank means unsigned, but a file without the column would silently say nobody signed;
   * likewise staff.supervisorId and rota.memberId).
   */
  columnRequired?: boolean;
  choices?: readonly string[];
  /** Most characters a cell may hold; default contract/limits.ts (1,000 text, 100 others). */
  maxLength?: number;
}

export interface TableDef {
  name: TableName;
  /** The CSV file name in a data folder. */
  file: string;
  /** A data folder without this file cannot be evaluated. */
  fileRequired: boolean;
  columns: readonly ColumnDef[];
}

const req = (name: string, type: ColumnType, choices?: readonly string[]): ColumnDef => ({
  name,
  type,
  required: true,
  ...(choices ? { choices } : {}),
});
const opt = (name: string, type: ColumnType, choices?: readonly string[]): ColumnDef => ({
  name,
  type,
  required: false,
  ...(choices ? { choices } : {}),
});

export const TABLES: Record<TableName, TableDef> = {
  staff: {
    name: 'staff',
    file: 'staff.csv',
    fileRequired: true,
    columns: [
      req('id', 'text'),
      req('name', 'text'),
      req('email', 'text'),
      req('role', 'choice', ROLES),
      req('caseHolding', 'bool'),
      req('employment', 'choice', EMPLOYMENT),
      // Blank = not supervised (e.g. the head of service); a file without the column would
      // silently make everyone unsupervised, and every supervision rule would pass.
      { name: 'supervisorId', type: 'text', required: false, columnRequired: true },
      // Blank = the supervisor, so a file without the column reads the same as all blank.
      opt('lineManagerId', 'text'),
      opt('team', 'text'),
      opt('startDate', 'date'),
      opt('leftDate', 'date'),
      // First day of a newly qualified social worker's ASYE (CONTRACT "Group supervision and
      // the ASYE"): weekly, then fortnightly supervision (policy/rules/asye.ts).
      opt('asyeStart', 'date'),
    ],
  },
  sessions: {
    name: 'sessions',
    file: 'sessions.csv',
    fileRequired: true,
    columns: [
      req('id', 'text'),
      // Blank only for a group session (CONTRACT "Group supervision"): rows.ts checks the rest.
      { name: 'superviseeId', type: 'text', required: false, columnRequired: true },
      req('supervisorId', 'text'),
      req('kind', 'choice', SESSION_KINDS),
      req('scheduledStart', 'datetime'),
      opt('plannedMinutes', 'int'),
      req('status', 'choice', SESSION_STATUSES),
      opt('heldMinutes', 'int'),
      { ...opt('cancelReason', 'text'), maxLength: 2_000 },
      opt('rescheduledToId', 'text'),
      opt('recordCompletedAt', 'date-or-datetime'),
      opt('supervisorSignedAt', 'datetime'),
      opt('superviseeSignedAt', 'datetime'),
      // Extensions.
      opt('significantDecision', 'bool'),
      // Shown on the sign card (Teams refuses cards over ~28 KB) and hashed with the record.
      { ...opt('recordSummary', 'text'), maxLength: 8_000 },
      // CONTRACT "Group supervision and the ASYE": who attended a group session.
      opt('attendees', 'id-list'),
      // Extensions (disagreement-open, 002 §2.1, §3.3; 003 §12).
      opt('disagreementAt', 'datetime'),
      opt('disagreementResolvedAt', 'datetime'),
    ],
  },
  agreements: {
    name: 'agreements',
    file: 'agreements.csv',
    fileRequired: false,
    columns: [
      req('superviseeId', 'text'),
      req('supervisorId', 'text'),
      { name: 'signedAt', type: 'date', required: false, columnRequired: true },
    ],
  },
  absences: {
    name: 'absences',
    file: 'absences.csv',
    fileRequired: false,
    columns: [
      req('staffId', 'text'),
      req('from', 'date'),
      req('to', 'date'),
      req('reason', 'choice', ABSENCE_REASONS),
    ],
  },
  rota: {
    name: 'rota',
    file: 'rota.csv',
    fileRequired: false,
    columns: [
      req('date', 'date'),
      req('hub', 'text'),
      { name: 'memberId', type: 'text', required: false, columnRequired: true },
      req('status', 'choice', ROTA_STATUSES),
    ],
  },
  actions: {
    name: 'actions',
    file: 'actions.csv',
    fileRequired: false,
    columns: [
      req('id', 'text'),
      req('sessionId', 'text'),
      req('ownerId', 'text'),
      { ...req('text', 'text'), maxLength: 2_000 },
      opt('due', 'date'),
      opt('doneAt', 'date'),
    ],
  },
  cases: {
    name: 'cases',
    file: 'cases.csv',
    fileRequired: false,
    columns: [
      req('caseId', 'text'),
      req('workerId', 'text'),
      req('category', 'labels', CASE_LABELS),
      req('openedAt', 'date'),
      opt('lastDiscussedAt', 'date'),
      opt('closedAt', 'date'),
    ],
  },
};

/** Columns a source must have (in its header / list schema). */
export function requiredColumns(table: TableName): string[] {
  return TABLES[table].columns.filter((c) => c.required || c.columnRequired).map((c) => c.name);
}

/** Default file names, e.g. for problems raised on a snapshot that came from CSV. */
export function defaultFileNames(): Record<TableName, string> {
  const out = {} as Record<TableName, string>;
  for (const t of TABLE_NAMES) out[t] = TABLES[t].file;
  return out;
}
