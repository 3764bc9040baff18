/**
 * The structured supervision record (issue 18) checked against the profile's record template
 * (policy/record-templates.ts), and the old single-summary record read in the same shape.
 *
 * Pure. Errors stop a save (an unknown section, a case id that is not one, a risk scale the
 * template has no place for; on finishing, a required section left blank); warnings never do:
 * the child-name guard (policy/child-name-guard.ts) runs on every free-text field and only
 * warns, as the guard cannot tell a child from a colleague or a place. No message repeats the
 * record's text, only where it is.
 */
import { childNameWarning, possibleChildNames } from './child-name-guard';
import type { CaseEntry, RecordAction, Session, SessionRecord, SupervisionRecord } from './domain';
import { recordTemplateOf, splitRecordSections } from './record-templates';
import type { PolicyProfile } from './profile';
import type { RecordTemplate } from './record-template-types';

/** Most characters of one section, one case's discussion or decision (SharePoint notes hold 63,999). */
export const SECTION_MAX = 4_000;
export const CASE_TEXT_MAX = 2_000;
export const ACTION_TEXT_MAX = 500;
/** Cases and actions a record can hold (a Teams card shows the supervisee's open cases). */
export const CASES_MAX = 40;
export const CASE_ACTIONS_MAX = 5;

/**
 * A case-system id: letters, digits and `-/_.`, no spaces, so that a name ("Amy Brown") can
 * never stand where the id goes (every policy asks that children be identified by case number).
 */
export const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9\-/_.]{0,39}$/;

export interface RecordIssue {
  /** Stable: unknown-section, required-section, too-long, case-id, duplicate-case, … */
  code: string;
  /** Where: `sections.<id>`, `cases[<caseId>].decision`, `nextSessionAt`, … */
  field: string;
  message: string;
}

export interface RecordCheck {
  errors: RecordIssue[];
  /** The child-name guard's findings; never stop a save. */
  warnings: RecordIssue[];
}

export interface CheckOptions {
  /** Staff names: a pair of capitalised words that is a colleague is not a child's name. */
  staffNames: readonly string[];
  /** Staff ids an action may be owned by (absent: not checked). */
  staffIds?: ReadonlySet<string>;
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isInstant = (s: string) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s));

/**
 * Checks a record against the template. A draft may leave required sections and case
 * discussions blank (it is kept, and the deadline rules keep counting); a final record may not.
 */
export function checkRecord(
  record: SupervisionRecord,
  template: RecordTemplate,
  options: CheckOptions,
): RecordCheck {
  const errors: RecordIssue[] = [];
  const warnings: RecordIssue[] = [];
  const final = record.status === 'final';
  const guard = (field: string, text: string) => {
    const found = possibleChildNames(text, options.staffNames);
    const message = childNameWarning(found);
    if (message) warnings.push({ code: 'possible-child-name', field, message });
  };
  const sectionIds = new Set(template.sections.map((s) => s.id));
  for (const [id, text] of Object.entries(record.sections)) {
    const field = `sections.${id}`;
    if (!sectionIds.has(id)) {
      errors.push({
        code: 'unknown-section',
        field,
        message: `${template.name} has no section "${id}".`,
      });
      continue;
    }
    if (text.length > SECTION_MAX)
      errors.push({
        code: 'too-long',
        field,
        message: `${headingOf(template, id)} is longer than ${SECTION_MAX} characters.`,
      });
    guard(field, text);
  }
  if (final) {
    for (const s of template.sections) {
      if (s.required && !(record.sections[s.id] ?? '').trim())
        errors.push({
          code: 'required-section',
          field: `sections.${s.id}`,
          message: `${s.heading} is required.`,
        });
    }
  }
  const fields = new Set(template.caseEntry.fields);
  if (record.cases.length > CASES_MAX)
    errors.push({
      code: 'too-many',
      field: 'cases',
      message: `A record holds at most ${CASES_MAX} cases.`,
    });
  const seen = new Set<string>();
  for (const c of record.cases) checkCase(c, fields, template, final, seen, options, errors, guard);
  if (record.nextSessionAt !== undefined && !isInstant(record.nextSessionAt))
    errors.push({
      code: 'invalid-date',
      field: 'nextSessionAt',
      message: 'The next session date is not a date and time.',
    });
  return { errors, warnings };
}

function checkCase(
  c: CaseEntry,
  fields: ReadonlySet<string>,
  template: RecordTemplate,
  final: boolean,
  seen: Set<string>,
  options: CheckOptions,
  errors: RecordIssue[],
  guard: (field: string, text: string) => void,
): void {
  if (!CASE_ID.test(c.caseId)) {
    // The id itself is never repeated: it may be a name typed where the id goes.
    errors.push({
      code: 'case-id',
      field: 'cases',
      message:
        'A case is named by its case-system id (letters, digits and - / _ . without spaces), never a name.',
    });
    return;
  }
  const at = `cases[${c.caseId}]`;
  if (seen.has(c.caseId))
    errors.push({
      code: 'duplicate-case',
      field: at,
      message: `Case ${c.caseId} is entered twice.`,
    });
  seen.add(c.caseId);
  for (const key of ['discussion', 'decision'] as const) {
    if (c[key].length > CASE_TEXT_MAX)
      errors.push({
        code: 'too-long',
        field: `${at}.${key}`,
        message: `Case ${c.caseId}: the ${key} is longer than ${CASE_TEXT_MAX} characters.`,
      });
    guard(`${at}.${key}`, c[key]);
  }
  if (final && !c.discussion.trim())
    errors.push({
      code: 'required-field',
      field: `${at}.discussion`,
      message: `Case ${c.caseId}: say what was discussed.`,
    });
  if (c.riskScale !== undefined) {
    const scale = template.caseEntry.riskScale;
    if (!fields.has('riskScale') || !scale)
      errors.push({
        code: 'no-risk-scale',
        field: `${at}.riskScale`,
        message: `${template.name} has no risk scale.`,
      });
    else if (!Number.isInteger(c.riskScale) || c.riskScale < scale.min || c.riskScale > scale.max)
      errors.push({
        code: 'risk-scale',
        field: `${at}.riskScale`,
        message: `Case ${c.caseId}: the scale is a whole number from ${scale.min} to ${scale.max}.`,
      });
  }
  if (c.significantDecision && !fields.has('significantDecision'))
    errors.push({
      code: 'no-significant-decision',
      field: `${at}.significantDecision`,
      message: `${template.name} does not record significant decisions.`,
    });
  if (c.actions.length > CASE_ACTIONS_MAX)
    errors.push({
      code: 'too-many',
      field: `${at}.actions`,
      message: `Case ${c.caseId}: at most ${CASE_ACTIONS_MAX} actions.`,
    });
  c.actions.forEach((a, i) =>
    checkAction(a, `${at}.actions[${i}]`, c.caseId, options, errors, guard),
  );
}

function checkAction(
  a: RecordAction,
  field: string,
  caseId: string,
  options: CheckOptions,
  errors: RecordIssue[],
  guard: (field: string, text: string) => void,
): void {
  if (!a.text.trim())
    errors.push({
      code: 'required-field',
      field: `${field}.text`,
      message: `Case ${caseId}: an action needs its text.`,
    });
  if (a.text.length > ACTION_TEXT_MAX)
    errors.push({
      code: 'too-long',
      field: `${field}.text`,
      message: `Case ${caseId}: an action is longer than ${ACTION_TEXT_MAX} characters.`,
    });
  if (!a.ownerId || (options.staffIds && !options.staffIds.has(a.ownerId)))
    errors.push({
      code: 'unknown-owner',
      field: `${field}.ownerId`,
      message: `Case ${caseId}: an action's owner is not in the staff list.`,
    });
  if (a.dueDate !== undefined && !LOCAL_DATE.test(a.dueDate))
    errors.push({
      code: 'invalid-date',
      field: `${field}.dueDate`,
      message: `Case ${caseId}: an action's due date is not a date.`,
    });
  guard(`${field}.text`, a.text);
}

function headingOf(template: RecordTemplate, id: string): string {
  return template.sections.find((s) => s.id === id)?.heading ?? id;
}

// ── Reading ──────────────────────────────────────────────────────────────────────────────────

/**
 * An old single-summary record in the structured shape: text under the template's `Heading:`
 * lines goes to those sections, the rest (or all of it, when written without headings) to the
 * template's first section. Status from `recordCompletedAt`.
 */
export function recordFromSummary(session: Session, template: RecordTemplate): SupervisionRecord {
  const sections: Record<string, string> = {};
  const first = template.sections[0]?.id;
  const summary = (session.recordSummary ?? '').trim();
  if (summary && first) {
    for (const w of splitRecordSections(summary, template, '')) {
      if (!w.body) continue;
      const id = w.sectionId ?? first;
      sections[id] = sections[id] ? `${sections[id]}\n\n${w.body}` : w.body;
    }
  }
  return {
    sections,
    cases: [],
    status: session.recordCompletedAt ? 'final' : 'draft',
    updatedAt: session.recordCompletedAt ?? session.scheduledStart,
  };
}

/** The session's record: its structured one when stored, else its old summary read as one. */
export function recordOfSession(
  session: Session,
  stored: SessionRecord | null | undefined,
  profile: PolicyProfile,
): SupervisionRecord {
  if (stored) return stored;
  return recordFromSummary(session, recordTemplateOf(profile));
}

/** Whether the record says anything (a session with neither record nor summary has none). */
export function isEmptyRecord(r: SupervisionRecord): boolean {
  return (
    Object.values(r.sections).every((t) => !t.trim()) && r.cases.length === 0 && !r.nextSessionAt
  );
}

/**
 * The record as plain text with the template's headings (the sign card shows it; a signer
 * reads what they sign). Sections in the template's order, then each case entry.
 */
export function recordText(record: SupervisionRecord, template: RecordTemplate): string {
  const parts: string[] = [];
  const known = new Set(template.sections.map((s) => s.id));
  for (const s of template.sections) {
    const text = (record.sections[s.id] ?? '').trim();
    if (text) parts.push(`${s.heading}:\n${text}`);
  }
  for (const [id, text] of Object.entries(record.sections))
    if (!known.has(id) && text.trim()) parts.push(`${id}:\n${text.trim()}`);
  for (const c of record.cases) parts.push(caseText(c, template));
  if (record.nextSessionAt) parts.push(`Next supervision: ${record.nextSessionAt}`);
  return parts.join('\n\n');
}

export function caseText(c: CaseEntry, template: RecordTemplate): string {
  const lines = [`Case ${c.caseId}`];
  if (c.discussion.trim()) lines.push(`Discussion: ${c.discussion.trim()}`);
  if (c.decision.trim()) lines.push(`Decision: ${c.decision.trim()}`);
  const scale = template.caseEntry.riskScale;
  if (c.riskScale !== undefined) lines.push(`Scale: ${c.riskScale}/${scale?.max ?? 10}`);
  if (c.significantDecision) lines.push('Significant decision: yes');
  for (const a of c.actions)
    lines.push(`Action: ${a.text.trim()} (${a.ownerId}${a.dueDate ? `, by ${a.dueDate}` : ''})`);
  return lines.join('\n');
}
