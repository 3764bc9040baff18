/**
 * Signature state of a record. A signature stands only for the record content it was made on:
 * the session's `…SignedAt` field says someone signed, the audit trail says what they signed
 * (its content hash).
 */
import type { AgreedAction, Instant, Session, SupervisionRecord } from '../policy/domain';
import { recordText } from '../policy/record';
import type { SignatureEntry } from '../ports/schedule';
import { recordContent, recordHash, structuredContent, structuredHash } from './record-hash';
import type { SessionScope } from './session-scope';

/** Where one party's signature stands on the record as it is now. */
export type SignatureState =
  | { state: 'waiting' }
  | { state: 'signed'; at: Instant }
  | { state: 'disagreed'; at: Instant; comment: string }
  | { state: 'voided'; at: Instant };

/** A record's signatures as read: the session with its actions, and its audit trail. */
export interface SignState {
  scope: SessionScope;
  entries: readonly SignatureEntry[];
}

export type Party = 'supervisor' | 'supervisee';
export const PARTIES: readonly Party[] = ['supervisor', 'supervisee'];

export function signedField(party: Party): 'supervisorSignedAt' | 'superviseeSignedAt' {
  return party === 'supervisor' ? 'supervisorSignedAt' : 'superviseeSignedAt';
}

export function signerOf(session: Session, party: Party): string {
  return party === 'supervisor' ? session.supervisorId : session.superviseeId;
}

/**
 * The hash of a session's record as it stands: the whole structured record when it has one
 * (canonical JSON), else its old summary, with its agreed actions (usecases/record-hash.ts).
 */
export function hashOfRecord(
  session: Session,
  actions: readonly AgreedAction[],
  record?: SupervisionRecord | null,
): string {
  if (record) return structuredHash(structuredContent(session, record, actions));
  return recordHash(recordContent(session, session.recordSummary ?? '', actions));
}

/** The current record's hash, and its text as a signer reads it (by the template's headings). */
export function currentHash(scope: SessionScope): { hash: string; summary: string } {
  const record = scope.record?.value ?? null;
  return {
    hash: hashOfRecord(scope.session, scope.actions, record),
    summary: record ? recordText(record, scope.template) : (scope.session.recordSummary ?? ''),
  };
}

/**
 * Where an entry stands in its signer's sequence: the `|n` suffix of its id (see
 * `nextEntryId`). A signer's first entry, and every entry written before ids carried a round,
 * has none and counts as 0.
 */
export function roundOf(entry: SignatureEntry): number {
  const m = /\|(\d+)$/.exec(entry.id);
  return m ? Number(m[1]) : 0;
}

/**
 * `party`'s audit entries, oldest first. Ordered by round before time: rounds are assigned in
 * the order the entries were decided, so neither two entries in the same millisecond nor two
 * servers' clocks disagreeing can put a void before the signature it voided.
 */
export function trailOf(
  entries: readonly SignatureEntry[],
  session: Session,
  party: Party,
): SignatureEntry[] {
  const signer = signerOf(session, party);
  return entries
    .map((entry, i) => ({ entry, i }))
    .filter(({ entry: e }) => e.signerId === signer && e.signerRole === party)
    .sort(
      (x, y) =>
        roundOf(x.entry) - roundOf(y.entry) ||
        (x.entry.at < y.entry.at ? -1 : x.entry.at > y.entry.at ? 1 : 0) ||
        x.i - y.i,
    )
    .map(({ entry }) => entry);
}

/**
 * The id for `party`'s next audit entry. Each signing event gets its own id (the next round),
 * so a record that returns to earlier content (A → B → A) can be signed, and voided, again;
 * yet two requests deciding from the same trail (a double-submit, a retried invoke) compute
 * the same id, and the store keeps one entry. A signer's first entry keeps the original
 * `session|signer|hash|decision` form, so entries written before rounds existed still match.
 */
export function nextEntryId(
  entries: readonly SignatureEntry[],
  session: Session,
  party: Party,
  contentHash: string,
  decision: SignatureEntry['decision'],
): string {
  const base = `${session.id}|${signerOf(session, party)}|${contentHash}|${decision}`;
  const trail = trailOf(entries, session, party);
  if (trail.length === 0) return base;
  return `${base}|${Math.max(...trail.map(roundOf)) + 1}`;
}

/**
 * `party`'s newest signature event: the last `signed` or `voided` entry, whichever came
 * later. A disagreement is left out: it neither sets nor clears the signed-at field.
 */
export function lastSignature(
  entries: readonly SignatureEntry[],
  session: Session,
  party: Party,
): SignatureEntry | null {
  const events = trailOf(entries, session, party).filter((e) => e.decision !== 'disagreed');
  return events[events.length - 1] ?? null;
}

/**
 * Whether a set signature field is stale: the newest signature event is on other content, or
 * is a void whose clearing of the field has not landed yet. A field with no audit entry
 * (signed outside the bot, e.g. in the list) cannot be checked and is trusted.
 */
export function isStale(
  entries: readonly SignatureEntry[],
  session: Session,
  party: Party,
  hash: string,
): boolean {
  if (!session[signedField(party)]) return false;
  const last = lastSignature(entries, session, party);
  return last !== null && (last.decision === 'voided' || last.contentHash !== hash);
}

export function stateOf(
  entries: readonly SignatureEntry[],
  session: Session,
  party: Party,
  hash: string,
): SignatureState {
  const at = session[signedField(party)];
  if (at && !isStale(entries, session, party, hash)) return { state: 'signed', at };
  const trail = trailOf(entries, session, party);
  const last = trail[trail.length - 1];
  if (at) return { state: 'voided', at: session.recordCompletedAt ?? at };
  if (last?.decision === 'disagreed' && last.contentHash === hash) {
    return { state: 'disagreed', at: last.at, comment: last.comment ?? '' };
  }
  if (last?.decision === 'voided') return { state: 'voided', at: last.at };
  return { state: 'waiting' };
}
