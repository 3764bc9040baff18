/**
 * How the organisation's data is laid out in the KvStore: one namespace per table, one JSON
 * document per row, keyed by the row's natural identity. Stored documents are the domain
 * objects themselves (policy/domain.ts), checked on the way out by the schemas below so that a
 * hand-edited or damaged document is reported and skipped, never fed to the policy engine.
 */
import { canonicalJson } from '../kernel/canonical-json';
import { StringPool } from '../kernel/string-pool';
import { z } from 'zod';
import {
  ABSENCE_REASONS,
  EMPLOYMENT,
  RECORD_STATUSES,
  ROLES,
  ROTA_STATUSES,
  SESSION_KINDS,
  SESSION_STATUSES,
  type OrgSnapshot,
} from '../policy/domain';

export const NAMESPACES = {
  staff: 'org.staff',
  sessions: 'org.sessions',
  agreements: 'org.agreements',
  absences: 'org.absences',
  rota: 'org.rota',
  actions: 'org.actions',
  cases: 'org.cases',
  records: 'org.records',
} as const satisfies Record<keyof OrgSnapshot, string>;

/** Append-only: entries are inserted, never replaced (audit-retention.ts may prune). */
export const SIGNATURES_NAMESPACE = 'audit.signatures';

export type TableName = keyof typeof NAMESPACES;
export const TABLES = Object.keys(NAMESPACES) as TableName[];

type Row<T extends TableName> = OrgSnapshot[T][number];

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const instant = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)),
    'expected an ISO instant',
  );
const id = z.string().min(1);

const staff = z.object({
  id,
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  caseHolding: z.boolean(),
  employment: z.enum(EMPLOYMENT),
  supervisorId: id.optional(),
  lineManagerId: id.optional(),
  team: z.string().optional(),
  startDate: localDate.optional(),
  leftDate: localDate.optional(),
  asyeStart: localDate.optional(),
});

const session = z.object({
  id,
  // Blank only for a group session (checked in SCHEMAS below).
  superviseeId: z.string(),
  supervisorId: id,
  kind: z.enum(SESSION_KINDS),
  scheduledStart: instant,
  plannedMinutes: z.number().int().nonnegative().optional(),
  status: z.enum(SESSION_STATUSES),
  heldMinutes: z.number().int().nonnegative().optional(),
  cancelReason: z.string().optional(),
  rescheduledToId: id.optional(),
  recordCompletedAt: instant.optional(),
  supervisorSignedAt: instant.optional(),
  superviseeSignedAt: instant.optional(),
  significantDecision: z.boolean().optional(),
  attendees: z.array(id).optional(),
  disagreementAt: instant.optional(),
  disagreementResolvedAt: instant.optional(),
});

const agreement = z.object({ superviseeId: id, supervisorId: id, signedAt: localDate.optional() });

const absence = z
  .object({ staffId: id, from: localDate, to: localDate, reason: z.enum(ABSENCE_REASONS) })
  .passthrough()
  .refine((a) => a.from <= a.to, { message: '`from` is after `to`', path: ['to'] });

const rota = z.object({
  date: localDate,
  hub: z.string(),
  memberId: id.optional(),
  status: z.enum(ROTA_STATUSES),
});

const action = z.object({
  id,
  sessionId: id,
  ownerId: id,
  text: z.string(),
  due: localDate.optional(),
  doneAt: localDate.optional(),
});

const caseRecord = z.object({
  caseId: id,
  workerId: id,
  category: z.string().min(1),
  openedAt: localDate,
  lastDiscussedAt: localDate.optional(),
  closedAt: localDate.optional(),
});

const recordAction = z.object({ text: z.string(), ownerId: id, dueDate: localDate.optional() });

const caseEntry = z.object({
  caseId: id,
  discussion: z.string(),
  decision: z.string(),
  riskScale: z.number().int().min(0).max(10).optional(),
  actions: z.array(recordAction.passthrough()),
  significantDecision: z.boolean(),
});

const record = z.object({
  sessionId: id,
  sections: z.record(z.string(), z.string()),
  cases: z.array(caseEntry.passthrough()),
  nextSessionAt: instant.optional(),
  status: z.enum(RECORD_STATUSES),
  updatedAt: instant,
});

// passthrough: extra fields written by a newer version are kept, not stripped on rewrite.
export const SCHEMAS = {
  staff: staff.passthrough(),
  sessions: session.passthrough().refine((s) => s.superviseeId !== '' || s.kind === 'group', {
    message: 'superviseeId is blank (only a group session may leave it blank)',
    path: ['superviseeId'],
  }),
  agreements: agreement.passthrough(),
  absences: absence,
  rota: rota.passthrough(),
  actions: action.passthrough(),
  cases: caseRecord.passthrough(),
  records: record.passthrough(),
} satisfies Record<TableName, z.ZodTypeAny>;

/** The document key of a row: its identity, so importing the same row twice updates it. */
export function keyOf<T extends TableName>(table: T, row: Row<T>): string {
  const r = row as unknown as Record<string, unknown>;
  switch (table) {
    case 'agreements':
      return `${String(r.superviseeId)}|${String(r.supervisorId)}`;
    case 'absences':
      return `${String(r.staffId)}|${String(r.from)}|${String(r.to)}`;
    case 'rota':
      return String(r.date);
    case 'cases':
      return String(r.caseId);
    case 'records':
      return String(r.sessionId);
    default:
      return String(r.id);
  }
}

export type Validated<T extends TableName> =
  { ok: true; row: Row<T> } | { ok: false; column: string | null; message: string };

/** Checks a stored document; the message names the field, never its content. */
export function validateDoc<T extends TableName>(
  table: T,
  key: string,
  doc: unknown,
): Validated<T> {
  const parsed = SCHEMAS[table].safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const column = issue?.path.length ? issue.path.join('.') : null;
    return {
      ok: false,
      column,
      message: `${column ?? 'document'}: ${issue?.message ?? 'invalid'}`,
    };
  }
  const row = parsed.data as Row<T>;
  if (keyOf(table, row) !== key) {
    return { ok: false, column: null, message: 'document key does not match its contents' };
  }
  pool.internRow(row as unknown as Record<string, unknown>, UNIQUE_FIELDS);
  return { ok: true, row };
}

/** The rows' repeated values shared across every load (kernel/string-pool.ts says why). */
const pool = new StringPool();
/** Fields that identify a row (or, for names and addresses, nearly do): not worth pooling. */
const UNIQUE_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'sessionId',
  'caseId',
  'name',
  'email',
  'recordSummary',
]);

/**
 * A stable order for every table: by key, except sessions, which come a supervisee at a time,
 * each person's in time order (start, then id: the evaluation's own order). The evaluation
 * groups sessions by supervisee first thing (policy/rules/context.ts groupBy); handed over by
 * start time alone, every session cost a lookup in a map of twenty thousand people, in no
 * order the processor's caches could follow, about a sixth of an evaluation of a large
 * organisation (docs/performance.md). Nothing else reads the order: every other reader
 * filters or sorts for itself.
 */
export function compareRows<T extends TableName>(table: T, a: Row<T>, b: Row<T>): number {
  if (table === 'sessions') {
    const x = a as OrgSnapshot['sessions'][number];
    const y = b as OrgSnapshot['sessions'][number];
    if (x.superviseeId !== y.superviseeId) return x.superviseeId < y.superviseeId ? -1 : 1;
    if (x.scheduledStart !== y.scheduledStart) return x.scheduledStart < y.scheduledStart ? -1 : 1;
  }
  const ka = keyOf(table, a);
  const kb = keyOf(table, b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Canonical JSON (sorted keys, undefined dropped) to tell "same content" from "changed". */
export const canonical = canonicalJson;
