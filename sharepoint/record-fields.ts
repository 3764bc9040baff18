/**
 * A structured supervision record ⇄ the fields of its `Supervision Records` item (schema.ts).
 *
 * Title is the session id; `status` and `updatedAt` are columns; the sections, case entries and
 * next session date are one JSON document in the `record` column (plain multiple lines of text).
 * The JSON's length is what SharePoint counts against the column's limit, so the check is made
 * on exactly the string that would be sent, before anything is sent: a record over the limit is
 * refused with the figure and the longest parts named, and the item in SharePoint is left as it
 * was (nothing lost; the writer keeps the text it was given).
 *
 * Reading is as strict as the contract's rows: an item whose JSON is broken or of the wrong
 * shape is reported by item id and code (never its text) and skipped.
 */
import { z } from 'zod';
import type { SupervisionRecord } from '../policy/domain';
import { SINGLE_LINE_MAX } from './fields';
import { RECORD_STATUSES } from './schema';

/**
 * SharePoint's multiple lines of text (plain) column: 63,999 characters, the figure
 * docs/sharepoint.md gives with its source. Counted in UTF-16 code units (JavaScript's
 * `length`), which is never fewer than the characters SharePoint counts.
 */
export const MULTI_LINE_MAX = 63_999;

/** The JSON document's version, so a later shape can still read records written today. */
export const RECORD_FORMAT = 1;

const caseEntry = z
  .object({
    caseId: z.string().min(1).max(SINGLE_LINE_MAX),
    discussion: z.string(),
    decision: z.string(),
    riskScale: z.number().int().min(0).max(10).optional(),
    actions: z.array(
      z.object({ text: z.string(), ownerId: z.string(), dueDate: z.string().optional() }).strict(),
    ),
    significantDecision: z.boolean(),
  })
  .strict();

const body = z
  .object({
    sections: z.record(z.string(), z.string()),
    cases: z.array(caseEntry),
    nextSessionAt: z.string().optional(),
  })
  .strict();

export type RecordItemFields = {
  Title: string;
  status: SupervisionRecord['status'];
  updatedAt: string;
  recordFormat: number;
  record: string;
};

/** The JSON document stored in the `record` column: keys in a fixed order, nothing else. */
export function recordJson(r: SupervisionRecord): string {
  const sections: Record<string, string> = {};
  for (const k of Object.keys(r.sections).sort()) sections[k] = r.sections[k]!;
  return JSON.stringify({
    sections,
    cases: r.cases.map((c) => ({
      caseId: c.caseId,
      discussion: c.discussion,
      decision: c.decision,
      ...(c.riskScale !== undefined && c.riskScale !== null ? { riskScale: c.riskScale } : {}),
      actions: c.actions.map((a) => ({
        text: a.text,
        ownerId: a.ownerId,
        ...(a.dueDate ? { dueDate: a.dueDate } : {}),
      })),
      significantDecision: c.significantDecision,
    })),
    ...(r.nextSessionAt ? { nextSessionAt: r.nextSessionAt } : {}),
  });
}

export type Encoded = { ok: true; fields: RecordItemFields } | { ok: false; message: string };

/** The item's fields, or why the record cannot be stored (too long), naming what to shorten. */
export function recordToItemFields(sessionId: string, r: SupervisionRecord): Encoded {
  if (sessionId.length > SINGLE_LINE_MAX)
    return { ok: false, message: `The session id is longer than ${SINGLE_LINE_MAX} characters` };
  const long = r.cases.find((c) => c.caseId.length > SINGLE_LINE_MAX);
  if (long) return { ok: false, message: `A case id is longer than ${SINGLE_LINE_MAX} characters` };
  const json = recordJson(r);
  if (json.length > MULTI_LINE_MAX) return { ok: false, message: tooLong(r, json.length) };
  return {
    ok: true,
    fields: {
      Title: sessionId,
      status: r.status,
      updatedAt: r.updatedAt,
      recordFormat: RECORD_FORMAT,
      record: json,
    },
  };
}

/** Names the figure, the excess and the longest parts (headings by id, cases by case id). */
function tooLong(r: SupervisionRecord, length: number): string {
  const parts: Array<[string, number]> = [
    ...Object.entries(r.sections).map(([id, t]): [string, number] => [`section ${id}`, t.length]),
    ...r.cases.map((c): [string, number] => [
      `case ${c.caseId}`,
      c.discussion.length + c.decision.length + c.actions.reduce((n, a) => n + a.text.length, 0),
    ]),
  ].sort((a, b) => b[1] - a[1]);
  const longest = parts
    .slice(0, 2)
    .map(([what, n]) => `${what} (${n.toLocaleString('en-GB')})`)
    .join(', ');
  return (
    `The record is too long to store: ${length.toLocaleString('en-GB')} characters as stored, ` +
    `SharePoint holds at most ${MULTI_LINE_MAX.toLocaleString('en-GB')} in one record. ` +
    `Shorten it by ${(length - MULTI_LINE_MAX).toLocaleString('en-GB')} characters` +
    (longest ? ` (longest: ${longest})` : '') +
    '. Nothing was saved; your text is still in the form.'
  );
}

export type Decoded =
  | { ok: true; sessionId: string; record: SupervisionRecord }
  | { ok: false; code: 'record-unreadable' | 'record-format' };

/** An item's fields → the record, or a code saying why it cannot be read (never its text). */
export function itemFieldsToRecord(fields: Record<string, unknown>): Decoded {
  const title = typeof fields['Title'] === 'string' ? fields['Title'] : '';
  const status = fields['status'];
  const json = fields['record'];
  const format = fields['recordFormat'];
  if (format !== undefined && format !== null && format !== RECORD_FORMAT)
    return { ok: false, code: 'record-format' };
  if (
    !title ||
    typeof json !== 'string' ||
    !(RECORD_STATUSES as readonly unknown[]).includes(status)
  )
    return { ok: false, code: 'record-unreadable' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, code: 'record-unreadable' };
  }
  const b = body.safeParse(parsed);
  if (!b.success) return { ok: false, code: 'record-unreadable' };
  const at = typeof fields['updatedAt'] === 'string' ? Date.parse(fields['updatedAt']) : NaN;
  const record = {
    sections: b.data.sections,
    cases: b.data.cases.map((c) => ({
      caseId: c.caseId,
      discussion: c.discussion,
      decision: c.decision,
      ...(c.riskScale !== undefined ? { riskScale: c.riskScale } : {}),
      actions: c.actions.map((a) => ({
        text: a.text,
        ownerId: a.ownerId,
        ...(a.dueDate ? { dueDate: a.dueDate } : {}),
      })),
      significantDecision: c.significantDecision,
    })),
    ...(b.data.nextSessionAt ? { nextSessionAt: b.data.nextSessionAt } : {}),
    status: status as SupervisionRecord['status'],
    updatedAt: Number.isNaN(at) ? '' : new Date(at).toISOString(),
  } as SupervisionRecord;
  return { ok: true, sessionId: title, record };
}

/** The same record, as far as storing it goes: everything but the time it was saved. */
export function sameStoredRecord(a: SupervisionRecord, b: SupervisionRecord): boolean {
  return a.status === b.status && recordJson(a) === recordJson(b);
}
