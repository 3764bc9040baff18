import type { LoadResult } from '../contract/load-result';
import type {
  AgreedAction,
  CaseRecord,
  Instant,
  LocalDate,
  RotaDay,
  Session,
  SessionRecord,
  Staff,
} from '../policy/domain';

/**
 * Where the organisation's data comes from: SharePoint lists through Graph
 * (sharepoint/graph-schedule.ts) or the embedded store (store/kv-schedule.ts).
 * Owned by the scheduler and use-cases, which are the side that uses it.
 */
export type { LoadResult };

export interface ScheduleSource {
  /** The whole organisation. Adapters may serve it incrementally (delta) behind this call. */
  load(): Promise<LoadResult>;
}

/**
 * Narrow reads for one request (a card press, one person's `next`), answered from indexes so a
 * request's cost does not grow with the organisation. Optional: for a source without them,
 * usecases/scoped-reads.ts answers the same questions from one `load()` per request.
 * Every method leaves out what it cannot find; the order of the results is not meaningful.
 */
export interface ScopedReads {
  staffByIds(ids: readonly string[]): Promise<Staff[]>;
  /** Everyone whose supervisor or line manager is `managerId` (a group session's team). */
  staffReportingTo(managerId: string): Promise<Staff[]>;
  sessionsByIds(ids: readonly string[]): Promise<Session[]>;
  /** Sessions where `staffId` is on that side. */
  sessionsOf(staffId: string, side: 'supervisee' | 'supervisor'): Promise<Session[]>;
  actionsOfSessions(sessionIds: readonly string[]): Promise<AgreedAction[]>;
  actionsOwnedBy(staffId: string): Promise<AgreedAction[]>;
  casesOf(workerId: string): Promise<CaseRecord[]>;
}

export function hasScopedReads(source: object): source is ScopedReads {
  const s = source as Partial<ScopedReads>;
  return (
    typeof s.staffByIds === 'function' &&
    typeof s.staffReportingTo === 'function' &&
    typeof s.sessionsOf === 'function' &&
    typeof s.actionsOfSessions === 'function'
  );
}

/** A value with the version (ETag) it was read at, for If-Match writes. */
export interface Versioned<T> {
  value: T;
  version: string;
}

export type WriteResult<T = void> =
  | { ok: true; value: T; version: string }
  | {
      ok: false;
      /**
       * conflict: someone else changed it (412) and the change no longer applies;
       * not-found: it is gone; unavailable: throttled/5xx after bounded retries (kept
       * pending, retried on the next tick); invalid: the change breaks the contract.
       */
      code: 'conflict' | 'not-found' | 'unavailable' | 'invalid';
      message: string;
    };

/** One line of the append-only signatures audit list. */
export interface SignatureEntry {
  /**
   * Deterministic, so a retry appends once: `${sessionId}|${signerId}|${contentHash}|${decision}`
   * for a signer's first entry, then `|n` (their n-th round) so returning to earlier content can
   * be signed again (usecases/signatures.ts).
   */
  id: string;
  sessionId: string;
  signerId: string;
  signerRole: 'supervisor' | 'supervisee';
  decision: 'signed' | 'disagreed' | 'voided';
  /** Required when decision is `disagreed` (the policies ask that disagreements be recorded). */
  comment?: string;
  /** UTC. */
  at: Instant;
  /** SHA-256 (hex) of the canonical record content the signer saw (usecases/record-hash.ts). */
  contentHash: string;
  /** The Teams activity id of the card the signer acted on, or `tab` when signed in the tab. */
  activityId: string;
}

/** Writes back to the organisation's data, every one version-checked. */
export interface ScheduleWriter {
  getSession(id: string): Promise<Versioned<Session> | null>;
  updateSession(
    id: string,
    patch: Partial<Session>,
    ifVersion: string,
  ): Promise<WriteResult<Session>>;
  /** Idempotent on session.id: creating an id that exists with the same content succeeds. */
  createSession(session: Session): Promise<WriteResult<Session>>;
  /** Idempotent on action.id. */
  upsertActions(actions: AgreedAction[]): Promise<WriteResult>;
  /** Idempotent on entry.id (append-only audit). */
  appendSignature(entry: SignatureEntry): Promise<WriteResult>;
  listSignatures(sessionId: string): Promise<SignatureEntry[]>;
  /**
   * The trails of many sessions in one read (the tick's signature re-check): every asked id is
   * in the map (an empty trail when it has none), each trail oldest first, as listSignatures.
   */
  listSignaturesFor(sessionIds: readonly string[]): Promise<Map<string, SignatureEntry[]>>;
  getRotaDay(date: LocalDate): Promise<Versioned<RotaDay> | null>;
  updateRotaDay(
    date: LocalDate,
    patch: Partial<RotaDay>,
    ifVersion: string,
  ): Promise<WriteResult<RotaDay>>;
}

/**
 * Writes of the structured supervision record (issue 18) and of what saving it changes in the
 * cases list. Apart from ScheduleWriter so that a source can offer it when it keeps records
 * (the embedded store: store/kv-schedule.ts; SharePoint: the `Records` list); a use-case asks
 * `hasRecordWriter(ctx.writer)` and answers "not available here" otherwise.
 */
export interface RecordWriter {
  /** The session's record with its version, or null when it has none yet. */
  getRecord(sessionId: string): Promise<Versioned<SessionRecord> | null>;
  /**
   * Writes the whole record. `ifVersion` null: create, and `conflict` when one exists already
   * (someone else wrote first: re-read and re-decide); else replace only at that version.
   * `invalid` when the record breaks the contract's shape (policy/record.ts validates
   * against the template before this).
   */
  putRecord(record: SessionRecord, ifVersion: string | null): Promise<WriteResult<SessionRecord>>;
  getCase(caseId: string): Promise<Versioned<CaseRecord> | null>;
  /** ETag-checked, like updateSession (saving a record sets `lastDiscussedAt`). */
  updateCase(
    caseId: string,
    patch: Partial<CaseRecord>,
    ifVersion: string,
  ): Promise<WriteResult<CaseRecord>>;
}

export function hasRecordWriter(writer: object): writer is RecordWriter {
  const w = writer as Partial<RecordWriter>;
  return (
    typeof w.getRecord === 'function' &&
    typeof w.putRecord === 'function' &&
    typeof w.getCase === 'function' &&
    typeof w.updateCase === 'function'
  );
}
