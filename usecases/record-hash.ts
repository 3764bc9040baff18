/**
 * The canonical content of a supervision record and its SHA-256 fingerprint.
 *
 * A signature covers exactly this content: who, when, how long, the summary and the agreed
 * actions. If any of it changes after someone signed, the hash differs and their signature
 * is void (usecases/sign-record.ts). Marking an action done later is progress, not a change
 * to what was agreed, so `doneAt` is deliberately not part of it.
 *
 * Two forms. A session whose record is structured (issue 18: sections, case entries, next
 * date; policy/domain.ts SupervisionRecord) is hashed as canonical JSON of the whole record
 * (`structuredContent`: sorted keys, no whitespace). A session that only has the old single
 * summary keeps the original array form, so signatures made before records were structured
 * still stand. The record's `status` and `updatedAt` are bookkeeping, not content: saving the
 * same text again, or finishing a draft, voids nobody's signature.
 */
import { canonicalJson as canonicalText } from '../kernel/canonical-json';
import { createHash } from 'node:crypto';
import { londonDateOf } from '../policy/calendar';
import type {
  AgreedAction,
  Instant,
  LocalDate,
  Session,
  SupervisionRecord,
} from '../policy/domain';

export interface RecordContent {
  sessionId: string;
  superviseeId: string;
  supervisorId: string;
  /** The London date the session was held on. */
  date: LocalDate;
  heldMinutes: number | null;
  summary: string;
  actions: Array<{ id: string; text: string; ownerId: string; due: LocalDate | null }>;
}

/** Normalises so that invisible differences (CRLF, trailing spaces) never void a signature. */
function normaliseText(s: string | undefined): string {
  return (s ?? '').replace(/\r\n?/g, '\n').trim();
}

export function recordContent(
  session: Session,
  summary: string | undefined,
  actions: readonly AgreedAction[],
): RecordContent {
  return {
    sessionId: session.id,
    superviseeId: session.superviseeId,
    supervisorId: session.supervisorId,
    date: londonDateOf(session.scheduledStart),
    heldMinutes: session.heldMinutes ?? null,
    summary: normaliseText(summary),
    actions: actions
      .filter((a) => a.sessionId === session.id)
      .map((a) => ({
        id: a.id,
        text: normaliseText(a.text),
        ownerId: a.ownerId,
        due: a.due ?? null,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

/** JSON with a fixed key order (the interface's), so the same record always hashes the same. */
export function canonicalJson(content: RecordContent): string {
  return JSON.stringify([
    content.sessionId,
    content.superviseeId,
    content.supervisorId,
    content.date,
    content.heldMinutes,
    content.summary,
    content.actions.map((a) => [a.id, a.text, a.ownerId, a.due]),
  ]);
}

export function recordHash(content: RecordContent): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

// ── The structured record ────────────────────────────────────────────────────────────────────

export interface StructuredContent {
  sessionId: string;
  superviseeId: string;
  supervisorId: string;
  date: LocalDate;
  heldMinutes: number | null;
  /** Section id → text; blank sections left out, so an empty input is the same as none. */
  sections: Record<string, string>;
  /** By case id. */
  cases: Array<{
    caseId: string;
    discussion: string;
    decision: string;
    riskScale: number | null;
    significantDecision: boolean;
    actions: Array<{ text: string; ownerId: string; dueDate: LocalDate | null }>;
  }>;
  nextSessionAt: Instant | null;
  actions: RecordContent['actions'];
}

export function structuredContent(
  session: Session,
  record: SupervisionRecord,
  actions: readonly AgreedAction[],
): StructuredContent {
  const sections: Record<string, string> = {};
  for (const [id, text] of Object.entries(record.sections)) {
    const t = normaliseText(text);
    if (t) sections[id] = t;
  }
  const legacy = recordContent(session, '', actions);
  return {
    sessionId: legacy.sessionId,
    superviseeId: legacy.superviseeId,
    supervisorId: legacy.supervisorId,
    date: legacy.date,
    heldMinutes: legacy.heldMinutes,
    sections,
    cases: record.cases
      .map((c) => ({
        caseId: c.caseId,
        discussion: normaliseText(c.discussion),
        decision: normaliseText(c.decision),
        riskScale: c.riskScale ?? null,
        significantDecision: c.significantDecision,
        actions: c.actions.map((a) => ({
          text: normaliseText(a.text),
          ownerId: a.ownerId,
          dueDate: a.dueDate ?? null,
        })),
      }))
      .sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0)),
    nextSessionAt: record.nextSessionAt ?? null,
    actions: legacy.actions,
  };
}

/** JSON with every object's keys sorted and no whitespace: one text for one content. */
export const canonicalJsonOf = canonicalText;

export function structuredHash(content: StructuredContent): string {
  return createHash('sha256').update(canonicalJsonOf(content), 'utf8').digest('hex');
}
