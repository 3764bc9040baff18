/**
 * The canonical content of a supervision record and its SHA-256 fingerprint.
 *
 * A signature covers exactly this content: who, when, how long, the summary and the agreed
 * actions. If any of it changes after someone signed, the hash differs and their signature
 * is void (usecases/sign-record.ts). Marking an action done later is progress, not a change
 * to what was agreed, so `doneAt` is deliberately not part of it.
 */
import { createHash } from 'node:crypto';
import { londonDateOf } from '../policy/calendar';
import type { AgreedAction, LocalDate, Session } from '../policy/domain';

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
