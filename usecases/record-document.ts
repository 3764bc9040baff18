/**
 * What a printed supervision record says (issue 18 "Printable"): the organisation and the
 * policy it is kept under, the session, each section of the record, the agreed actions, both
 * signatures with their UTC times and the SHA-256 of the content each signed, and any
 * disagreement. Pure: the caller reads the snapshot and the signature trail; print/ renders.
 *
 * A signature is shown as standing only if it was made on the content printed: a signature on
 * other content (the record changed after it) is printed as void, never as if it covered this
 * text (usecases/signatures.ts decides, as the sign card does).
 */
import { londonDateOf } from '../policy/calendar';
import type { Instant, LocalDate, OrgSnapshot, Session, Staff } from '../policy/domain';
import type { PolicyProfile } from '../policy/profile';
import {
  recordTemplateOf,
  sectionsPresent,
  splitRecordSections,
  type RecordTemplate,
} from '../policy/record-templates';
import type { SignatureEntry } from '../ports/schedule';
import { hashOfRecord, PARTIES, signerOf, stateOf, trailOf, type Party } from './signatures';

export interface PersonRef {
  id: string;
  /** The staff list's name; the id again when the person is not in the list. */
  name: string;
}

export interface RecordSection {
  heading: string;
  body: string;
}

export interface PrintedAction {
  text: string;
  owner: PersonRef;
  due: LocalDate | null;
  doneAt: LocalDate | null;
}

export interface PrintedSignature {
  party: Party;
  signer: PersonRef;
  /**
   * signed: stands for the printed content; void: was made on other content or voided;
   * disagreed: the signer recorded a disagreement with this content; unsigned: not yet.
   */
  state: 'signed' | 'void' | 'disagreed' | 'unsigned';
  /** UTC instant of the signature event shown, when there is one. */
  at: Instant | null;
  /** The content hash the shown event was made on (absent for a signature outside the bot). */
  contentHash: string | null;
  comment: string | null;
}

/** One case discussed (a structured record's case entry), as printed. */
export interface PrintedCase {
  caseId: string;
  discussion: string;
  decision: string;
  /** With the scale's top, e.g. 6 of 10; null when not scaled. */
  riskScale: { value: number; max: number } | null;
  significantDecision: boolean;
  actions: Array<{ text: string; owner: PersonRef; due: LocalDate | null }>;
}

export interface RecordDocument {
  organisation: string;
  programme: string;
  /** The policy document and the section the record rule comes from. */
  policy: { document: string; section: string };
  sessionId: string;
  kind: Session['kind'];
  status: Session['status'];
  date: LocalDate;
  scheduledStart: Instant;
  plannedMinutes: number | null;
  heldMinutes: number | null;
  supervisee: PersonRef;
  supervisor: PersonRef;
  recordCompletedAt: string | null;
  /**
   * The summary split at the template's `Heading:` lines (policy/record-templates.ts); a summary
   * written without them is one section, "Record of supervision".
   */
  sections: RecordSection[];
  /** The profile's record template and, for each required section, whether the record holds it. */
  template: { name: string; required: Array<{ heading: string; present: boolean }> };
  actions: PrintedAction[];
  /** A structured record's case entries (issue 18); empty for an old summary-only record. */
  cases: PrintedCase[];
  /** The next session the record books. */
  nextSessionAt: Instant | null;
  /** The structured record's status; null for an old summary-only record. */
  recordStatus: 'draft' | 'final' | null;
  /** SHA-256 (hex) of the record's canonical content as printed (usecases/record-hash.ts). */
  contentHash: string;
  signatures: PrintedSignature[];
  /** Every disagreement in the trail, oldest first: the policies ask that they be kept. */
  disagreements: Array<{ signer: PersonRef; at: Instant; comment: string; onThisContent: boolean }>;
}

export function personRef(staff: readonly Staff[], id: string): PersonRef {
  return { id, name: staff.find((s) => s.id === id)?.name ?? id };
}

function printedSignature(
  staff: readonly Staff[],
  trail: readonly SignatureEntry[],
  session: Session,
  party: Party,
  hash: string,
): PrintedSignature {
  const signer = personRef(staff, signerOf(session, party));
  const state = stateOf(trail, session, party, hash);
  const mine = trailOf(trail, session, party);
  const last = mine[mine.length - 1];
  switch (state.state) {
    case 'signed': {
      // The entry that stands: the newest `signed` one on this content (none when the field
      // was set outside the bot, e.g. imported history: trusted, but without a hash to print).
      const entry = [...mine]
        .reverse()
        .find((e) => e.decision === 'signed' && e.contentHash === hash);
      return {
        party,
        signer,
        state: 'signed',
        at: entry?.at ?? state.at,
        contentHash: entry?.contentHash ?? null,
        comment: null,
      };
    }
    case 'disagreed':
      return {
        party,
        signer,
        state: 'disagreed',
        at: state.at,
        contentHash: hash,
        comment: state.comment,
      };
    case 'voided':
      return {
        party,
        signer,
        state: 'void',
        at: last?.at ?? state.at,
        contentHash: last?.contentHash ?? null,
        comment: null,
      };
    default:
      return { party, signer, state: 'unsigned', at: null, contentHash: null, comment: null };
  }
}

/** The record of one session as it stands, or null when there is no such session. */
export function buildRecordDocument(
  snapshot: OrgSnapshot,
  profile: PolicyProfile,
  sessionId: string,
  trail: readonly SignatureEntry[],
): RecordDocument | null {
  const session = snapshot.sessions.find((s) => s.id === sessionId);
  if (!session) return null;
  const actions = snapshot.actions.filter((a) => a.sessionId === session.id);
  const record = snapshot.records.find((r) => r.sessionId === session.id) ?? null;
  const hash = hashOfRecord(session, actions, record);
  const summary = session.recordSummary?.trim() ?? '';
  const template = recordTemplateOf(profile);
  const scaleMax = template.caseEntry.riskScale?.max ?? 10;
  return {
    organisation: profile.organisation,
    programme: profile.name,
    policy: { document: profile.document, section: profile.recordDeadline.source },
    sessionId: session.id,
    kind: session.kind,
    status: session.status,
    date: londonDateOf(session.scheduledStart),
    scheduledStart: session.scheduledStart,
    plannedMinutes: session.plannedMinutes ?? null,
    heldMinutes: session.heldMinutes ?? null,
    supervisee: personRef(snapshot.staff, session.superviseeId),
    supervisor: personRef(snapshot.staff, session.supervisorId),
    recordCompletedAt: session.recordCompletedAt ?? null,
    sections: record
      ? structuredSections(record.sections, template)
      : splitRecordSections(summary, template, 'Record of supervision').map(
          ({ heading, body }) => ({ heading, body }),
        ),
    template: {
      name: template.name,
      required: record
        ? template.sections
            .filter((s) => s.required)
            .map((s) => ({ heading: s.heading, present: !!record.sections[s.id]?.trim() }))
        : sectionsPresent(summary, template)
            .filter((s) => s.required)
            .map((s) => ({ heading: s.heading, present: s.present })),
    },
    cases: (record?.cases ?? []).map((c) => ({
      caseId: c.caseId,
      discussion: c.discussion,
      decision: c.decision,
      riskScale: c.riskScale !== undefined ? { value: c.riskScale, max: scaleMax } : null,
      significantDecision: c.significantDecision,
      actions: c.actions.map((a) => ({
        text: a.text,
        owner: personRef(snapshot.staff, a.ownerId),
        due: a.dueDate ?? null,
      })),
    })),
    nextSessionAt: record?.nextSessionAt ?? null,
    recordStatus: record?.status ?? null,
    actions: actions
      .slice()
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((a) => ({
        text: a.text,
        owner: personRef(snapshot.staff, a.ownerId),
        due: a.due ?? null,
        doneAt: a.doneAt ?? null,
      })),
    contentHash: hash,
    signatures: PARTIES.map((p) => printedSignature(snapshot.staff, trail, session, p, hash)),
    disagreements: trail
      .filter((e) => e.decision === 'disagreed')
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
      .map((e) => ({
        signer: personRef(snapshot.staff, e.signerId),
        at: e.at,
        comment: e.comment ?? '',
        onThisContent: e.contentHash === hash,
      })),
  };
}

/** Every section of the template in its order (blank ones too), then any the template lost. */
function structuredSections(
  sections: Record<string, string>,
  template: RecordTemplate,
): RecordSection[] {
  const out = template.sections.map((s) => ({
    heading: s.heading,
    body: (sections[s.id] ?? '').trim(),
  }));
  const known = new Set(template.sections.map((s) => s.id));
  for (const [id, body] of Object.entries(sections))
    if (!known.has(id) && body.trim()) out.push({ heading: id, body: body.trim() });
  return out;
}
