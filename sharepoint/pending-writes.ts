/**
 * Writes that failed for throttling, 5xx or network reasons are kept in the state store
 * (`graph.pending`) and replayed at the start of the next load, so nothing is lost.
 *
 * Replaying is "look at what reached SharePoint, then write", so two replays of one entry at
 * the same time could both write (two audit lines for one signature). Hence: one replay at a
 * time per process (a second caller waits for the run under way), and across instances only
 * the holder of the replay lease (replay-lease.ts) replays. The signatures list's unique
 * Title is the last line of defence behind both.
 */
import type {
  AgreedAction,
  CaseRecord,
  LocalDate,
  RotaDay,
  Session,
  SupervisionRecord,
} from '../policy/domain';
import type { Clock } from '../ports/clock';
import type { Json, KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import type { SignatureEntry, WriteResult } from '../ports/schedule';
import type { ReplayLease } from './replay-lease';

export const PENDING_NS = 'graph.pending';

export type PendingOp =
  | { op: 'updateSession'; id: string; patch: Partial<Session>; ifVersion: string }
  | { op: 'createSession'; session: Session }
  /** ifVersion: the eTag the PATCH was conditional on; absent for a create. */
  | { op: 'upsertAction'; action: AgreedAction; ifVersion?: string }
  | { op: 'appendSignature'; entry: SignatureEntry }
  | { op: 'updateRotaDay'; date: LocalDate; patch: Partial<RotaDay>; ifVersion: string }
  /** ifVersion absent: the record's first save (a create). */
  | { op: 'saveRecord'; sessionId: string; record: SupervisionRecord; ifVersion?: string }
  | { op: 'updateCase'; caseId: string; patch: Partial<CaseRecord>; ifVersion: string };

export interface Replayer {
  /** Brings the cache up to date first: a create whose answer was lost may have landed. */
  prepare(): Promise<void>;
  replay(op: PendingOp): Promise<WriteResult<unknown>>;
}

export class PendingWrites {
  private running: Promise<number> | null = null;

  constructor(
    private readonly kv: KvStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly lease: ReplayLease,
    private readonly replayer: Replayer,
  ) {}

  async keep(key: string, op: PendingOp): Promise<void> {
    await this.kv.upsert(PENDING_NS, key, {
      ...op,
      keptAt: this.clock.now().toISOString(),
    } as unknown as Json);
    this.logger.warn('graph.write-pending', { op: op.op });
  }

  /** Replays the kept writes. Returns how many are still pending. */
  flush(): Promise<number> {
    this.running ??= this.replayAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async replayAll(): Promise<number> {
    // The usual tick has nothing pending: no lease traffic at all.
    const waiting = await this.kv.list(PENDING_NS);
    if (waiting.length === 0) return 0;
    if (!(await this.lease.acquire())) {
      this.logger.info('graph.replay-elsewhere', { pending: waiting.length });
      return waiting.length;
    }
    try {
      // Listed again under the lease: the previous holder may have just replayed some.
      const entries = await this.kv.list(PENDING_NS);
      if (entries.length === 0) return 0;
      await this.replayer.prepare();
      let left = 0;
      for (const [i, e] of entries.entries()) {
        if (!(await this.lease.renew())) {
          // We stalled past the lease and another instance took over: it carries on from here.
          this.logger.warn('graph.replay-lease-lost', { pending: entries.length - i });
          return left + entries.length - i;
        }
        const op = e.value as unknown as PendingOp;
        const r = await this.replayer.replay(op);
        if (!r.ok && r.code === 'unavailable') {
          left += 1;
          continue;
        }
        if (!r.ok) this.logger.warn('graph.pending-dropped', { op: op.op, code: r.code });
        // With its etag: a newer copy kept meanwhile under the same key stays.
        await this.kv.delete(PENDING_NS, e.key, e.etag);
      }
      return left;
    } finally {
      await this.lease.release();
    }
  }
}
