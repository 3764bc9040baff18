/**
 * What a supervision record holds, per profile (issue 18 "Templates as profile data"): the
 * record's sections in the document's own headings, which are required, and what each case
 * discussed holds. Pure data and the rules for an organisation's changes to it; the record card,
 * the printed record and (later) the structured record form read it through `recordTemplateOf`.
 *
 * `words` is the document's wording of each heading, verbatim (capitals as printed), so a reader
 * can find it in the document; `heading` is how the bot shows it. A summary written with the
 * headings as `Heading:` lines is split into sections by `splitRecordSections`.
 */
import { AppError } from '../kernel/errors';
import { z } from 'zod';
import type { PolicyProfile, ProfileId } from './profile';
import type {
  CaseEntryField,
  CaseEntryTemplate,
  RecordSection,
  RecordTemplate,
} from './record-template-types';

export type {
  CaseEntryField,
  CaseEntryTemplate,
  RecordSection,
  RecordTemplate,
} from './record-template-types';

const CASE_FIELDS_BASE: CaseEntryField[] = [
  'caseId',
  'discussion',
  'decision',
  'actions',
  'significantDecision',
];
const withScale = (): CaseEntryField[] => [
  'caseId',
  'discussion',
  'decision',
  'riskScale',
  'actions',
  'significantDecision',
];

const SIGNS_OF_SAFETY = [
  'What are we worried about?',
  'What is working well?',
  'What needs to happen?',
];

export const RECORD_TEMPLATES: Record<ProfileId, RecordTemplate> = {
  'durham-eh': {
    name: 'Personal & Case Supervision (personal record on MyView; case supervision form)',
    source: '000 Personal & Case Supervision',
    sections: [
      {
        id: 'personal-supervision',
        heading: 'Personal supervision',
        required: true,
        source: '000 Personal & Case Supervision',
        words: 'Personal supervisions recorded and stored on MyView',
      },
      {
        id: 'case-supervision',
        heading: 'Case supervision',
        required: true,
        source: '000 Personal & Case Supervision',
        words: 'Case supervision recorded on a case supervision form (Liquid Logic)',
      },
      {
        id: 'pdr',
        heading: 'PDR',
        required: false,
        source: '000 Personal Development Reviews',
        words: 'The PDR process will remain the same and is an important part of staff supervision',
      },
    ],
    caseEntry: {
      fields: CASE_FIELDS_BASE,
      discussionPrompts: [],
      // 000 names Signs of Safety only for group supervision; it sets no scaling for the
      // one-to-one's case form, so the scale is off unless the organisation turns it on.
      riskScale: null,
      source:
        '000 Personal & Case Supervision; Recording and Confidentiality (IDs used for children)',
    },
  },
  'shropshire-teh': {
    name: 'EH Case Supervision Form',
    source: '001 Completion and storage of supervision record forms',
    sections: [
      {
        id: 'personal-supervision',
        heading: 'Personal supervision',
        required: true,
        source: '001 Completion and storage of supervision record forms',
        words: 'personal supervision records',
      },
      {
        id: 'previous-actions',
        heading: 'Actions from previous supervisions',
        required: true,
        source: '001 Actions and timescales',
        words:
          'Any actions from previous supervisions that have not been completed must be followed up',
      },
      {
        id: 'case-discussion',
        heading: 'Case discussion',
        required: false,
        source: '001 Supervision model; Frequency (staff with case management responsibility)',
        words: 'individual case discussions',
      },
      {
        id: 'actions-timescales',
        heading: 'Actions and timescales',
        required: true,
        source: '001 Actions and timescales',
        words: 'Actions and timescales',
      },
    ],
    caseEntry: {
      fields: CASE_FIELDS_BASE,
      // 001 "Supervision model": the four elements inform all individual case discussions.
      discussionPrompts: ['Experience', 'Reflection', 'Analysis', 'Plans and Action'],
      riskScale: null,
      source: '001 Supervision model (4 x 4 x 4); Frequency',
    },
  },
  'manchester-cs': {
    name: 'Appendix E: Supervision Template',
    source: '002 §2.2, App. E',
    sections: [
      {
        id: 'wellbeing',
        heading: 'Personal supervision - health and well being',
        required: true,
        source: '002 App. E',
        words: 'PERSONAL SUPERVISION- HEALTH AND WELL BEING',
      },
      {
        id: 'timesheet-leave',
        heading: 'Timesheet, TOIL, annual leave',
        required: false,
        source: '002 App. E',
        words: 'TIMESHEET, TOIL, ANNUAL LEAVE',
      },
      {
        id: 'previous-actions',
        heading: 'Review agreed actions from last supervision',
        required: true,
        source: '002 App. E',
        words: 'REVIEW AGREED ACTIONS FROM LAST SUPERVISION',
      },
      {
        id: 'learning-development',
        heading: 'Learning and development',
        required: true,
        source: '002 App. E; §3.1 (observation dates recorded here)',
        words: 'LEARNING AND DEVELOPMENT',
      },
      {
        // "(For case holders only)": not required of everyone.
        id: 'caseload-management',
        heading: 'Caseload management',
        required: false,
        source: '002 App. E',
        words: 'CASELOAD MANAGEMENT (For case holders only)',
      },
      {
        // Recorded on Liquidlogic case notes under the three headings; noted here.
        id: 'case-discussion',
        heading: 'Case discussion',
        required: false,
        source: '002 App. E, §3.3',
        words: 'CASE DISCUSSION',
      },
      {
        id: 'any-other-business',
        heading: 'Any other business',
        required: false,
        source: '002 App. E, §2.2 (for non case holders)',
        words: 'ANY OTHER BUSINESS',
      },
      {
        id: 'next-supervision',
        heading: 'Time and date of next supervision',
        required: true,
        source: '002 App. E',
        words: 'TIME AND DATE OF NEXT SUPERVISION',
      },
    ],
    caseEntry: {
      fields: withScale(),
      discussionPrompts: SIGNS_OF_SAFETY,
      riskScale: {
        min: 0,
        max: 10,
        question:
          'From evidence and assessments on a scale of 0-10 where would you place the safety of this child (ren)',
        source: '002 App. G',
      },
      source: '002 §3 (Signs of Safety three main headings), App. G',
    },
  },
  'telford-sf': {
    name: 'Appendix B - Record of Supervision',
    source: '003 §6, App. A, App. B',
    sections: [
      {
        id: 'agenda-items',
        heading: 'Agenda items',
        required: true,
        source: '003 App. B',
        words: 'Agenda items',
      },
      {
        id: 'training',
        heading: 'Training',
        required: true,
        source: '003 App. B',
        words: 'Training',
      },
      {
        id: 'roles-responsibilities',
        heading: 'Roles and responsibilities',
        required: true,
        source: '003 App. B',
        words: 'Roles and responsibilities',
      },
      {
        id: 'health-safety',
        heading: 'Health and Safety',
        required: true,
        source: '003 App. B',
        words: 'Health and Safety',
      },
      {
        id: 'leave',
        heading: 'Holidays, Toil or Flexi',
        required: false,
        source: '003 App. B',
        words: 'Holidays, Toil or Flexi',
      },
      {
        // §6: "no casework discussion should be recorded as part of personal supervision";
        // the row points to the decisions recorded on Protocol.
        id: 'caseload-decisions',
        heading: 'Case load decisions and actions recorded on Protocol',
        required: false,
        source: '003 App. B, §6',
        words: 'Case load decisions and actions recorded on Protocol',
      },
      {
        id: 'next-supervision',
        heading: 'Date & Time of Next Supervision',
        required: true,
        source: '003 App. B',
        words: 'Date & Time of Next Supervision',
      },
    ],
    caseEntry: {
      fields: CASE_FIELDS_BASE,
      // The "Proposed Protocol Supervision Record as a Form" rows (003 after App. D).
      discussionPrompts: [
        'What has happened since last supervisions?',
        'Analysis of current risk and is this risk being managed',
        'Overview of Strengths within the family',
        'Actions and agreed way forward',
      ],
      riskScale: null,
      source: '003 §6 (Recording Casework Supervision), Proposed Protocol Supervision Record',
    },
  },
  'islington-eh': {
    name: 'Case management supervision record',
    source: '004 Frequency',
    sections: [
      {
        id: 'agenda',
        heading: 'Agenda',
        required: true,
        source: '004 Frequency',
        words: 'The agenda should be set at the beginning of the supervision session',
      },
      {
        id: 'previous-actions',
        heading: 'Actions from the previous supervision',
        required: true,
        source: '004 Frequency',
        words: 'actions from the previous supervision have been undertaken',
      },
      {
        id: 'every-open-case',
        heading: 'Every open case',
        required: true,
        source: '004 Frequency',
        words: 'Every open case, without exception, must be discussed in each monthly supervision.',
      },
      {
        id: 'absence-gap',
        heading: 'Gap in supervision',
        required: false,
        source: '004 Frequency (recorded on the subsequent supervision record)',
        words:
          'When a practitioner is on leave (due to sickness or AL) which results in a gap in supervision',
      },
    ],
    caseEntry: {
      fields: CASE_FIELDS_BASE,
      discussionPrompts: [],
      riskScale: null,
      source:
        '004 Frequency (case note supervision record; 24 hours for any significant case decisions)',
    },
  },
};

/** The profile's record template: its own (overridden) one, else the document's. */
export function recordTemplateOf(profile: PolicyProfile): RecordTemplate {
  return profile.recordTemplate ?? RECORD_TEMPLATES[profile.id];
}

// ── An organisation's changes ────────────────────────────────────────────────────────────────

export class RecordTemplateError extends AppError {
  constructor(message: string) {
    super('record-template-invalid', message);
    this.name = 'RecordTemplateError';
  }
}

const SECTION_ID = /^[a-z][a-z0-9-]{0,39}$/;
// A heading is written as a `Heading:` line in a summary, so it cannot hold a colon or a line break.
const heading = z
  .string()
  .trim()
  .min(1, 'a heading cannot be empty')
  .max(80)
  .refine((h) => !/[:\n\r]/.test(h), { message: 'a heading cannot hold a colon or a line break' });

const sectionChange = z
  .object({ heading: heading.optional(), required: z.boolean().optional() })
  .strict();

/**
 * `sections`: by id, `null` removes a section, an object changes it (or, for a new id with a
 * heading, adds it at the end); `order` optionally lists every remaining id in the order wanted.
 */
export const recordTemplateOverridesSchema = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    sections: z.record(z.string(), sectionChange.nullable()).optional(),
    order: z.array(z.string()).optional(),
    caseEntry: z
      .object({ riskScale: z.boolean().optional(), significantDecision: z.boolean().optional() })
      .strict()
      .optional(),
  })
  .strict();

export type RecordTemplateOverrides = z.infer<typeof recordTemplateOverridesSchema>;

const KEY = 'recordTemplate';

function zodMessage(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = [KEY, ...i.path].join('.');
      const keys = i.code === 'unrecognized_keys' ? ` (${i.keys.join(', ')})` : '';
      return `${path}: ${i.message}${keys}`;
    })
    .join('; ');
}

const DEFAULT_SCALE: NonNullable<CaseEntryTemplate['riskScale']> = {
  min: 0,
  max: 10,
  question: 'On a scale of 0-10, where would you place the safety of this child?',
  source: 'organisation override (Signs of Safety scaling)',
};

/**
 * Applies an organisation's changes to a template; throws RecordTemplateError naming the key
 * (`recordTemplate.sections.<id>.heading: …`) for anything that would leave a record without
 * sense: an unknown id changed or removed, a new section without a heading, two sections with the
 * same heading, no section left, an order that does not list every section once.
 */
export function applyRecordTemplateOverrides(base: RecordTemplate, raw: unknown): RecordTemplate {
  const parsed = recordTemplateOverridesSchema.safeParse(raw);
  if (!parsed.success) throw new RecordTemplateError(zodMessage(parsed.error));
  const o = parsed.data;
  const errors: string[] = [];
  const t: RecordTemplate = structuredClone(base);
  if (o.name !== undefined) t.name = o.name;
  for (const [id, change] of Object.entries(o.sections ?? {})) {
    const at = `${KEY}.sections.${id}`;
    if (!SECTION_ID.test(id)) {
      errors.push(`${at}: a section id is lower-case letters, digits and hyphens`);
      continue;
    }
    const i = t.sections.findIndex((s) => s.id === id);
    if (change === null) {
      if (i < 0) errors.push(`${at}: no such section to remove`);
      else t.sections.splice(i, 1);
    } else if (i >= 0) {
      const s = t.sections[i]!;
      if (change.heading !== undefined && change.heading !== s.heading) {
        s.heading = change.heading;
        s.source = `${s.source}; heading changed by the organisation`;
      }
      if (change.required !== undefined) s.required = change.required;
    } else if (change.heading === undefined) {
      errors.push(`${at}.heading: a new section needs a heading`);
    } else {
      t.sections.push({
        id,
        heading: change.heading,
        required: change.required ?? false,
        source: 'organisation override',
      });
    }
  }
  if (o.order) {
    const ids = t.sections.map((s) => s.id);
    const dup = o.order.find((id, i) => o.order!.indexOf(id) !== i);
    const unknown = o.order.filter((id) => !ids.includes(id));
    const missing = ids.filter((id) => !o.order!.includes(id));
    if (dup) errors.push(`${KEY}.order: "${dup}" is listed twice`);
    if (unknown.length) errors.push(`${KEY}.order: no such section ${unknown.join(', ')}`);
    if (missing.length) errors.push(`${KEY}.order: leaves out ${missing.join(', ')}`);
    if (!dup && !unknown.length && !missing.length)
      t.sections = o.order.map((id) => t.sections.find((s) => s.id === id)!);
  }
  const seen = new Map<string, string>();
  for (const s of t.sections) {
    const k = s.heading.toLowerCase();
    const other = seen.get(k);
    if (other)
      errors.push(
        `${KEY}.sections.${s.id}.heading: "${s.heading}" is already the heading of ${other}`,
      );
    seen.set(k, s.id);
  }
  if (t.sections.length === 0) errors.push(`${KEY}.sections: a record needs at least one section`);
  if (o.caseEntry?.riskScale !== undefined) {
    t.caseEntry.riskScale = o.caseEntry.riskScale ? (t.caseEntry.riskScale ?? DEFAULT_SCALE) : null;
    t.caseEntry.fields = t.caseEntry.fields.filter((f) => f !== 'riskScale');
    if (o.caseEntry.riskScale) t.caseEntry.fields.splice(3, 0, 'riskScale');
  }
  if (o.caseEntry?.significantDecision === false)
    t.caseEntry.fields = t.caseEntry.fields.filter((f) => f !== 'significantDecision');
  if (errors.length) throw new RecordTemplateError(errors.join('; '));
  return t;
}

// ── Reading a summary against the template ───────────────────────────────────────────────────

export interface WrittenSection {
  heading: string;
  body: string;
  /** The template section it matched; absent for text before the first heading. */
  sectionId?: string;
}

function norm(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Splits a summary written with the template's headings as `Heading:` lines (the heading alone on
 * its line, or followed by text) into sections. Only the template's headings start a section, so
 * an ordinary sentence with a colon stays text. A summary without headings is one section under
 * `fallbackHeading`.
 */
export function splitRecordSections(
  summary: string,
  template: RecordTemplate,
  fallbackHeading: string,
): WrittenSection[] {
  const byHeading = new Map(template.sections.map((s) => [norm(s.heading), s]));
  const out: WrittenSection[] = [];
  let current: WrittenSection = { heading: fallbackHeading, body: '' };
  const lines: string[] = [];
  const flush = () => {
    current.body = lines.join('\n').trim();
    if (current.sectionId !== undefined || current.body !== '') out.push(current);
    lines.length = 0;
  };
  for (const line of summary.split(/\r?\n/)) {
    const m = /^\s*([^:]{1,80}):\s*(.*)$/.exec(line);
    const s = m ? byHeading.get(norm(m[1]!)) : undefined;
    if (m && s) {
      flush();
      current = { heading: s.heading, body: '', sectionId: s.id };
      // The card's placeholder marks required headings "(required)": copied, it is not content.
      const rest = m[2]!.replace(/^\(required\)\s*/i, '');
      if (rest) lines.push(rest);
    } else lines.push(line);
  }
  flush();
  return out.length ? out : [{ heading: fallbackHeading, body: '' }];
}

/** The template's sections with whether a summary holds each (written with its heading). */
export function sectionsPresent(
  summary: string,
  template: RecordTemplate,
): Array<RecordSection & { present: boolean }> {
  const written = splitRecordSections(summary, template, '');
  return template.sections.map((s) => ({
    ...s,
    present: written.some((w) => w.sectionId === s.id && w.body !== ''),
  }));
}
