/**
 * What the scheduler plans to send, and the deterministic keys that make "exactly once"
 * possible: the same occurrence always gets the same key, on every instance and every tick,
 * so the ledger can refuse the second send.
 *
 * Key shape: `kind|subject|occurrence|level`, e.g. `prep|s-123|2026-11-26|supervisee`,
 * `escalation|record-overdue|s-123|L1` (the finding's own key sits in the middle),
 * `digest|sm-1|2026-11-24`.
 *
 * Reminders and confirm requests carry the session's London date: a session rearranged under
 * the same id is a new occurrence, so the new day gets its own reminders (the old keys stay
 * sent in the ledger and are simply never planned again).
 */
import type { Instant, LocalDate } from '../policy/domain';

export const NOTIFICATION_KINDS = [
  'coming-up',
  'prep',
  'confirm-request',
  'sign-request',
  'escalation',
  'digest',
  'triage-reminder',
  'rota-readiness',
  /** The daily summary of unusable data rows, to the admins (scheduler/admin-problems.ts). */
  'admin-problems',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Which side of a one-to-one a supervision card is for. */
export type Party = 'supervisee' | 'supervisor';

export interface PlannedNotification {
  key: string;
  kind: NotificationKind;
  recipientId: string;
  /** Not to be sent before this moment (working hours are applied on top by the tick). */
  notBefore: Instant;
  sessionId?: string;
  /** The findings this notification is about (an escalation: one; a digest: all listed). */
  findingKeys?: string[];
  /** Escalation rung: 0 = the person who must act, 1 = their line manager, 2 = the next one up. */
  level?: number;
  /** For supervision cards: which party this copy is for. */
  party?: Party;
  /** An L0 escalation going in its recipient's catch-up digest, not as a card of its own. */
  viaDigest?: boolean;
  /** For a digest: the escalation keys it delivers (their ledger entries are marked with it). */
  escalationKeys?: string[];
  /** Why it is planned, in plain words with ids only (printed by `tick --dry-run`). */
  reason?: string;
}

/** `day`: the London date of the session's scheduledStart. */
export function comingUpKey(sessionId: string, day: LocalDate, party: Party): string {
  return `coming-up|${sessionId}|${day}|${party}`;
}
export function prepKey(sessionId: string, day: LocalDate, party: Party): string {
  return `prep|${sessionId}|${day}|${party}`;
}
export function confirmKey(sessionId: string, day: LocalDate): string {
  return `confirm-request|${sessionId}|${day}`;
}
export function signKey(sessionId: string, party: Party): string {
  return `sign-request|${sessionId}|${party}`;
}
/** Every escalation key starts so (the ledger lists them by it: scheduler/escalation-state.ts). */
export const ESCALATION_KEY_PREFIX = 'escalation|';
export function escalationKey(findingKey: string, level: number): string {
  return `${ESCALATION_KEY_PREFIX}${findingKey}|L${level}`;
}
/** The finding and rung of an escalation key; null for any other key. */
export function parseEscalationKey(key: string): { findingKey: string; level: number } | null {
  const m = /^escalation\|(.+)\|L(\d+)$/.exec(key);
  return m ? { findingKey: m[1] as string, level: Number(m[2]) } : null;
}
export function digestKey(managerId: string, day: LocalDate): string {
  return `digest|${managerId}|${day}`;
}
export function adminProblemsKey(adminId: string, day: LocalDate): string {
  return `admin-problems|${adminId}|${day}`;
}
export function triageReminderKey(memberId: string, date: LocalDate): string {
  return `triage-reminder|${memberId}|${date}`;
}
export function rotaReadinessKey(recipientId: string, month: string): string {
  return `rota-readiness|${recipientId}|${month}`;
}

// Follow-ups of a card or tab action (sent through the ledger by delivery/event-messages.ts, never planned
// by the tick): one key per thing that happened, so a repeated press sends nothing twice.
/** `tag`: which message of the request (`offered`, `accepted`, ...). */
export function triageSwapMessageKey(requestId: string, tag: string, recipientId: string): string {
  return `triage-swap|${requestId}|${tag}|${recipientId}`;
}
export function triageSickMessageKey(requestId: string, tag: string, recipientId: string): string {
  return `triage-sick|${requestId}|${tag}|${recipientId}`;
}
/** A command's answer sent as a message of its own (one per press: the card's message id and the minute). */
export function commandReplyKey(
  userId: string,
  activityId: string,
  text: string,
  minute: string,
): string {
  return `command|${userId}|${activityId}|${text}|${minute}`;
}
/** A cancelled session's notice to one party, naming the session it was moved to. */
export function sessionCancelledKey(
  sessionId: string,
  rescheduledToId: string | undefined,
  recipientId: string,
): string {
  return `session-cancelled|${sessionId}|${rescheduledToId}|${recipientId}`;
}
/** The record-completion request to the supervisor once a session is confirmed held. */
export function recordRequestKey(sessionId: string): string {
  return `record-request|${sessionId}`;
}
/** `hash`: the signed record's content hash (its first 16 characters are enough to tell). */
export function recordSignedKey(sessionId: string, party: Party, hash: string): string {
  return `record-signed|${sessionId}|${party}|${hash.slice(0, 16)}`;
}
export function recordDisagreedKey(sessionId: string, by: string, hash: string): string {
  return `record-disagreed|${sessionId}|${by}|${hash.slice(0, 16)}`;
}
/** The day's housekeeping run (audit retention): claimed in the ledger so one instance does it. */
export function housekeepingKey(day: LocalDate): string {
  return `housekeeping|${day}`;
}
