/**
 * The organisation in SharePoint lists, through Microsoft Graph: ScheduleSource (load: a full
 * read the first time, then one delta request per list) and ScheduleWriter (ETag-checked
 * writes).
 *
 * Writes PATCH an item's fields with `If-Match: <eTag>`. On 412 the item is read again: the
 * change already there → success (a card submitted twice does its work once); otherwise
 * `conflict`, and the use-case re-reads and decides, as it does on the embedded store. A write
 * that still fails for throttling/5xx/network reasons is kept in the KvStore (`graph.pending`)
 * and replayed at the start of the next load (pending-writes.ts), so nothing is lost.
 */
import type {
  AgreedAction,
  CaseRecord,
  LocalDate,
  RotaDay,
  Session,
  SessionRecord,
} from '../policy/domain';
import type { Clock } from '../ports/clock';
import type { KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import type {
  LoadResult,
  RecordWriter,
  ScheduleSource,
  ScheduleWriter,
  SignatureEntry,
  Versioned,
  WriteResult,
} from '../ports/schedule';
import { ActionWriter } from './action-writer';
import type { GraphClient } from './graph-client';
import { parseSignature } from './item-parse';
import { ItemWriter, unavailable } from './item-writer';
import { PendingWrites, type PendingOp } from './pending-writes';
import { RecordListWriter } from './record-writer';
import { ReplayLease } from './replay-lease';
import { SnapshotCache, type ListIds } from './snapshot-cache';
import { hash } from './write-rules';

export { PENDING_NS } from './pending-writes';

export interface GraphScheduleOptions {
  client: GraphClient;
  siteId: string;
  listIds: ListIds;
  kv: KvStore;
  logger: Logger;
  clock: Clock;
  /** `$top` for item pages and delta pages. */
  pageSize?: number;
}

export class GraphSchedule implements ScheduleSource, ScheduleWriter, RecordWriter {
  readonly cache: SnapshotCache;
  private readonly items: ItemWriter;
  private readonly actions: ActionWriter;
  private readonly records: RecordListWriter;
  private readonly pending: PendingWrites;

  constructor(opts: GraphScheduleOptions) {
    this.cache = new SnapshotCache(
      opts.client,
      opts.siteId,
      opts.listIds,
      opts.kv,
      opts.logger,
      opts.pageSize ?? 500,
    );
    this.items = new ItemWriter(opts.client, this.cache, opts.siteId, opts.listIds, opts.logger);
    this.actions = new ActionWriter(opts.client, this.cache, this.items);
    this.records = new RecordListWriter(
      opts.client,
      this.cache,
      opts.siteId,
      opts.listIds,
      opts.logger,
    );
    this.pending = new PendingWrites(
      opts.kv,
      opts.clock,
      opts.logger,
      new ReplayLease(opts.kv, opts.clock, opts.logger),
      { prepare: () => this.syncWritten(), replay: (op) => this.replay(op) },
    );
  }

  async load(): Promise<LoadResult> {
    await this.flushPending();
    return this.cache.load();
  }

  // ---- sessions ----------------------------------------------------------------------------

  async getSession(id: string): Promise<Versioned<Session> | null> {
    const itemId = await this.items.findItemId('sessions', (s) => s['id'] === id);
    if (!itemId) return null;
    const r = await this.items.readItem('sessions', itemId);
    const item = r.ok ? r.body : null;
    const cached = this.cache.syncs.sessions.items.get(itemId);
    const etag = item?.['@odata.etag'] ?? cached?.etag ?? '';
    const p = this.cache.parseOne('sessions', itemId, etag, item?.fields ?? cached?.fields ?? {});
    return p.record ? { value: p.record, version: etag } : null;
  }

  async updateSession(
    id: string,
    patch: Partial<Session>,
    ifVersion: string,
  ): Promise<WriteResult<Session>> {
    const r = await this.items.patchVersioned('sessions', (s) => s['id'] === id, patch, ifVersion);
    if (!r.ok && r.code === 'unavailable')
      await this.pending.keep(`session|${id}|${hash(patch)}`, {
        op: 'updateSession',
        id,
        patch,
        ifVersion,
      });
    return r as WriteResult<Session>;
  }

  async createSession(session: Session): Promise<WriteResult<Session>> {
    const r = await this.items.createOnce('sessions', session.id, session);
    if (!r.ok && r.code === 'unavailable')
      await this.pending.keep(`create|${session.id}`, { op: 'createSession', session });
    return r as WriteResult<Session>;
  }

  // ---- rota -----------------------------------------------------------------------------------

  async getRotaDay(date: LocalDate): Promise<Versioned<RotaDay> | null> {
    const itemId = await this.items.findItemId('rota', (d) => d['date'] === date);
    if (!itemId) return null;
    const r = await this.items.readItem('rota', itemId);
    if (!r.ok) return null;
    const p = this.cache.parseOne('rota', itemId, r.body['@odata.etag'] ?? '', r.body.fields ?? {});
    return p.record ? { value: p.record, version: p.etag } : null;
  }

  async updateRotaDay(
    date: LocalDate,
    patch: Partial<RotaDay>,
    ifVersion: string,
  ): Promise<WriteResult<RotaDay>> {
    // Someone else changed the day (a swap or sickness cover): the user must look again.
    const r = await this.items.patchVersioned('rota', (d) => d['date'] === date, patch, ifVersion);
    if (!r.ok && r.code === 'unavailable')
      await this.pending.keep(`rota|${date}|${hash(patch)}`, {
        op: 'updateRotaDay',
        date,
        patch,
        ifVersion,
      });
    return r as WriteResult<RotaDay>;
  }

  // ---- actions and signatures -------------------------------------------------------------

  async upsertActions(actions: AgreedAction[]): Promise<WriteResult> {
    let failed: WriteResult | null = null;
    for (const { action, result, ifVersion } of await this.actions.upsertMany(actions)) {
      if (result.ok) continue;
      if (result.code === 'unavailable') {
        await this.pending.keep(`action|${action.id}`, {
          op: 'upsertAction',
          action,
          ...(ifVersion !== undefined ? { ifVersion } : {}),
        });
        failed ??= unavailable('Some actions could not be saved yet; they will be retried');
      } else {
        failed = result;
      }
    }
    return failed ?? { ok: true, value: undefined, version: '' };
  }

  async appendSignature(entry: SignatureEntry): Promise<WriteResult> {
    const r = await this.items.appendSignatureOnce(entry);
    if (!r.ok && r.code === 'unavailable') {
      await this.pending.keep(`sig|${entry.id}`, { op: 'appendSignature', entry });
      return unavailable('The signature could not be recorded yet; it will be retried');
    }
    return r;
  }

  async listSignatures(sessionId: string): Promise<SignatureEntry[]> {
    await this.cache.syncs.signatures.sync();
    const out: SignatureEntry[] = [];
    for (const c of this.cache.syncs.signatures.items.values()) {
      const s = parseSignature(c.fields);
      if (s && s.sessionId === sessionId) out.push(s);
    }
    return out.sort((a, b) => a.at.localeCompare(b.at));
  }

  /** One delta sync and one scan of the cached list, however many sessions. */
  async listSignaturesFor(sessionIds: readonly string[]): Promise<Map<string, SignatureEntry[]>> {
    const out = new Map<string, SignatureEntry[]>(sessionIds.map((id) => [id, []]));
    if (out.size === 0) return out;
    await this.cache.syncs.signatures.sync();
    for (const c of this.cache.syncs.signatures.items.values()) {
      const s = parseSignature(c.fields);
      if (s) out.get(s.sessionId)?.push(s);
    }
    for (const list of out.values()) list.sort((a, b) => a.at.localeCompare(b.at));
    return out;
  }

  // ---- structured records (issue 18; record-writer.ts) -------------------------------------

  /** The session's record with its eTag (one delta request on the Records list when unchanged). */
  async getRecord(sessionId: string): Promise<Versioned<SessionRecord> | null> {
    const r = await this.records.getRecord(sessionId);
    return r ? { value: { sessionId, ...r.value }, version: r.version } : null;
  }

  /**
   * Creates (`ifVersion` null) or replaces (If-Match) the session's record. A create meeting
   * the very same record already there is success (a form sent twice); another record there is
   * a conflict. Throttled or 5xx after the retries: kept pending (one entry per session, the
   * latest save wins) and replayed on the next load.
   */
  async putRecord(
    record: SessionRecord,
    ifVersion: string | null,
  ): Promise<WriteResult<SessionRecord>> {
    const { sessionId, ...body } = record;
    const r = await this.records.saveRecord(sessionId, body, ifVersion ?? undefined);
    if (r.ok) return { ok: true, value: { sessionId, ...r.value }, version: r.version };
    if (r.code === 'unavailable') {
      await this.pending.keep(`record|${sessionId}`, {
        op: 'saveRecord',
        sessionId,
        record: body,
        ...(ifVersion !== null ? { ifVersion } : {}),
      });
      return unavailable('The record could not be saved yet; it will be retried');
    }
    return r;
  }

  async getCase(caseId: string): Promise<Versioned<CaseRecord> | null> {
    const itemId = await this.items.findItemId('cases', (c) => c['caseId'] === caseId);
    if (!itemId) return null;
    const r = await this.items.readItem('cases', itemId);
    if (!r.ok) return null;
    const p = this.cache.parseOne(
      'cases',
      itemId,
      r.body['@odata.etag'] ?? '',
      r.body.fields ?? {},
    );
    return p.record ? { value: p.record, version: p.etag } : null;
  }

  /** ETag-checked like updateSession (a saved record sets `lastDiscussedAt`). */
  async updateCase(
    caseId: string,
    patch: Partial<CaseRecord>,
    ifVersion: string,
  ): Promise<WriteResult<CaseRecord>> {
    if (patch.caseId !== undefined && patch.caseId !== caseId)
      return { ok: false, code: 'invalid', message: 'a case id cannot change' };
    if (patch.workerId !== undefined)
      return { ok: false, code: 'invalid', message: "a case's worker is not changed here" };
    const r = await this.items.patchVersioned(
      'cases',
      (c) => c['caseId'] === caseId,
      patch,
      ifVersion,
    );
    if (!r.ok && r.code === 'unavailable')
      await this.pending.keep(`case|${caseId}|${hash(patch)}`, {
        op: 'updateCase',
        caseId,
        patch,
        ifVersion,
      });
    return r as WriteResult<CaseRecord>;
  }

  /** Records items that cannot be read (item id and code), for the admins' report. */
  recordProblems() {
    return this.records.problems();
  }

  // ---- pending writes ---------------------------------------------------------------------

  /** Replays writes kept after throttling/outages. Returns how many are still pending. */
  flushPending(): Promise<number> {
    return this.pending.flush();
  }

  /** See what reached SharePoint before replaying: a create whose answer was lost may exist. */
  private async syncWritten(): Promise<void> {
    for (const key of ['sessions', 'rota', 'actions', 'cases', 'signatures', 'records'] as const)
      await this.cache.syncs[key].sync();
  }

  private replay(op: PendingOp): Promise<WriteResult<unknown>> {
    switch (op.op) {
      case 'updateSession':
        return this.items.patchVersioned(
          'sessions',
          (s) => s['id'] === op.id,
          op.patch,
          op.ifVersion,
        );
      case 'updateRotaDay':
        return this.items.patchVersioned(
          'rota',
          (d) => d['date'] === op.date,
          op.patch,
          op.ifVersion,
        );
      case 'createSession':
        return this.items.createOnce('sessions', op.session.id, op.session);
      case 'appendSignature':
        return this.items.appendSignatureOnce(op.entry);
      case 'upsertAction':
        return this.actions.upsertOne(op.action, op.ifVersion);
      case 'saveRecord':
        return this.records.saveRecord(op.sessionId, op.record, op.ifVersion);
      case 'updateCase':
        return this.items.patchVersioned(
          'cases',
          (c) => c['caseId'] === op.caseId,
          op.patch,
          op.ifVersion,
        );
    }
  }
}
