import type { LoadResult } from '../contract/load-result';
import type { AgreedAction, Instant, LocalDate, RotaDay, Session } from '../policy/domain';

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
   * be signed again (usecases/sign-view.ts).
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
