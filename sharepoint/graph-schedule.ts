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
 *
 * ScopedReads (one request's reads: a session, its people and actions, one person's sessions
 * and cases) and getSession/listSignatures are answered from the list mirrors through
 * secondary indexes (scoped-index.ts), after one delta round over the lists a request reads:
 * every list's delta in ONE `$batch` (one request; a list with nothing changed answers an
 * empty page). The round is shared by every read that starts while it runs or within
 * `freshForMs` after it ends (the reads of one press), so a press costs that one request plus
 * its writes. A read may so be up to `freshForMs` behind SharePoint; a write never goes over
 * anyone's edit, since every write carries the eTag it was read at (If-Match) and a 412 is
 * re-read and judged (item-writer.ts).
 */
import type {
  AgreedAction,
  CaseRecord,
  LocalDate,
  RotaDay,
  Session,
  SessionRecord,
  Staff,
} from '../policy/domain';
import type { Clock } from '../ports/clock';
import type { KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import type {
  LoadResult,
  RecordWriter,
  ScheduleSource,
  ScheduleWriter,
  ScopedReads,
  SignatureEntry,
  Versioned,
  WriteResult,
} from '../ports/schedule';
import { ActionWriter } from './action-writer';
import type { BatchRequest, GraphClient } from './graph-client';
import { parseSignature } from './item-parse';
import type { SyncOutcome } from './list-sync';
import { ItemWriter, unavailable } from './item-writer';
import { PendingWrites, type PendingOp } from './pending-writes';
import { RecordListWriter } from './record-writer';
import { ReplayLease } from './replay-lease';
import { ScopedIndex, SignatureIndex } from './scoped-index';
import type { ListKey } from './schema';
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
  /**
   * How long after a delta round its answer still serves reads (ms; default 2,000): the reads
   * of one press share one round. Writes are eTag-checked whatever this is.
   */
  freshForMs?: number;
  /** Milliseconds on a monotonic clock (tests); default performance.now. */
  monotonicNow?: () => number;
}

/**
 * `$top` for item and delta pages: SharePoint's largest page of list items (the list view
 * threshold, 5,000). A first load is bound by round trips made one after another within a
 * list, so the largest page is the fastest read and the cheapest (a page costs the same
 * resource units whatever its size).
 */
export const DEFAULT_PAGE_SIZE = 5000;

/** The lists a request reads (ScopedReads, getSession, the audit trail). */
const REQUEST_LISTS: readonly ListKey[] = [
  'staff',
  'sessions',
  'actions',
  'cases',
  'signatures',
  'records',
];

export class GraphSchedule implements ScheduleSource, ScheduleWriter, ScopedReads, RecordWriter {
  readonly cache: SnapshotCache;
  private readonly items: ItemWriter;
  private readonly actions: ActionWriter;
  private readonly records: RecordListWriter;
  private readonly pending: PendingWrites;
  private readonly index: ScopedIndex;
  private readonly signatures: SignatureIndex;
  private readonly client: GraphClient;
  private readonly logger: Logger;
  private readonly freshForMs: number;
  private readonly now: () => number;
  private round: Promise<Map<ListKey, SyncOutcome>> | null = null;
  private lastRound: Map<ListKey, SyncOutcome> | null = null;
  private roundEndedAt = -Infinity;

  constructor(opts: GraphScheduleOptions) {
    this.client = opts.client;
    this.logger = opts.logger;
    this.freshForMs = opts.freshForMs ?? 2000;
    this.now = opts.monotonicNow ?? (() => performance.now());
    this.cache = new SnapshotCache(
      opts.client,
      opts.siteId,
      opts.listIds,
      opts.kv,
      opts.logger,
      opts.pageSize ?? DEFAULT_PAGE_SIZE,
    );
    this.index = new ScopedIndex(this.cache);
    this.signatures = new SignatureIndex(this.cache.syncs.signatures);
    this.items = new ItemWriter(
      opts.client,
      this.cache,
      opts.siteId,
      opts.listIds,
      opts.logger,
      () => this.freshList('signatures'),
      this.index,
    );
    this.actions = new ActionWriter(opts.client, this.cache, this.items, this.index);
    this.records = new RecordListWriter(
      opts.client,
      this.cache,
      opts.siteId,
      opts.listIds,
      opts.logger,
      () => this.freshList('records'),
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
    // Not counted as a round for the reads that follow: it leaves the audit list as it was.
    return this.cache.load(async (keys) => {
      const links = await Promise.all(keys.map((k) => this.cache.syncs[k].nextDeltaLink()));
      // A list not mirrored yet (a first start): each list read on its own (SnapshotCache).
      if (links.some((l) => !l)) return this.cache.syncEach(keys);
      // Every list mirrored (each tick after the first): their deltas in one `$batch`, one
      // request a tick instead of one a list.
      // (SnapshotCache.load reports a list that failed: not logged twice.)
      const round = await this.deltaRound(keys, false);
      return keys.map((k) => round.get(k)!);
    });
  }

  // ---- one request's reads (ScopedReads) --------------------------------------------------

  async staffByIds(ids: readonly string[]): Promise<Staff[]> {
    await this.freshen();
    return this.index.staff.records('id', ids);
  }
  async staffReportingTo(managerId: string): Promise<Staff[]> {
    await this.freshen();
    return this.index.staff
      .records('supervisorId', [managerId])
      .concat(
        this.index.staff
          .records('lineManagerId', [managerId])
          .filter((s) => s.supervisorId !== managerId),
      );
  }
  async sessionsByIds(ids: readonly string[]): Promise<Session[]> {
    await this.freshen();
    return this.index.sessions.records('id', ids);
  }
  async sessionsOf(staffId: string, side: 'supervisee' | 'supervisor'): Promise<Session[]> {
    await this.freshen();
    return this.index.sessions.records(side === 'supervisee' ? 'superviseeId' : 'supervisorId', [
      staffId,
    ]);
  }
  async actionsOfSessions(sessionIds: readonly string[]): Promise<AgreedAction[]> {
    await this.freshen();
    return this.index.actions.records('sessionId', sessionIds);
  }
  async actionsOwnedBy(staffId: string): Promise<AgreedAction[]> {
    await this.freshen();
    return this.index.actions.records('ownerId', [staffId]);
  }
  async casesOf(workerId: string): Promise<CaseRecord[]> {
    await this.freshen();
    return this.index.cases.records('workerId', [workerId]);
  }

  /**
   * One delta round over the lists a request reads, shared (see the top of this file): the
   * lists' delta links in one `$batch`; a list with no delta link yet (never read) is read
   * whole on its own. A list whose round failed keeps its last good copy (logged).
   */
  private freshen(): Promise<Map<ListKey, SyncOutcome>> {
    if (this.round) return this.round;
    // A list never read yet (load() reads the contract lists, not the audit list) is no
    // reason to trust the window.
    if (
      this.now() - this.roundEndedAt <= this.freshForMs &&
      REQUEST_LISTS.every((k) => this.cache.syncs[k].isLoaded())
    )
      return Promise.resolve(this.lastRound ?? new Map());
    const round = this.deltaRound().finally(() => {
      this.roundEndedAt = this.now();
      this.round = null;
    });
    this.round = round;
    void round.then((r) => (this.lastRound = r)).catch(() => undefined);
    return round;
  }

  /** The outcome of the shared round for one list (ok when no round result says otherwise). */
  private async freshList(key: ListKey): Promise<SyncOutcome> {
    const r = (await this.freshen()).get(key);
    return r ?? { ok: true, changed: [], removed: [], full: false };
  }

  /**
   * The lists' delta links in one `$batch` (at most 20 requests in one: Graph's limit; we have
   * eight lists); a list with no delta link yet is read whole on its own, side by side.
   */
  private async deltaRound(
    lists: readonly ListKey[] = REQUEST_LISTS,
    logFailures = true,
  ): Promise<Map<ListKey, SyncOutcome>> {
    const syncs = lists.map((k) => this.cache.syncs[k]);
    const links = await Promise.all(syncs.map((s) => s.nextDeltaLink()));
    const requests: BatchRequest[] = [];
    for (const [i, key] of lists.entries()) {
      const url = links[i] ? relativeTo(this.client.versionRoot, links[i]) : null;
      if (url) requests.push({ id: key, method: 'GET', url });
    }
    const answers = requests.length ? await this.client.batch(requests) : new Map();
    const outcomes = await Promise.all(
      syncs.map((s) => {
        const answer = answers.get(s.key);
        return answer ? s.applyDelta(answer) : s.sync();
      }),
    );
    const out = new Map<ListKey, SyncOutcome>();
    for (const [i, key] of lists.entries()) {
      const o = outcomes[i]!;
      out.set(key, o);
      if (!o.ok && logFailures) this.logger.warn('graph.fresh-failed', { list: key, code: o.code });
    }
    return out;
  }

  // ---- sessions ----------------------------------------------------------------------------

  /** From the shared round (its eTag is SharePoint's as of that round: writes check it). */
  async getSession(id: string): Promise<Versioned<Session> | null> {
    await this.freshen();
    const p = this.index.sessions.items('id', [id])[0];
    return p?.record ? { value: p.record, version: p.etag } : null;
  }

  async updateSession(
    id: string,
    patch: Partial<Session>,
    ifVersion: string,
  ): Promise<WriteResult<Session>> {
    // The item by the index when the mirror has it (no scan); the record's match otherwise.
    const known = this.index.sessions.items('id', [id])[0]?.itemId;
    const r = await this.items.patchVersioned(
      'sessions',
      known ?? ((s) => s['id'] === id),
      patch,
      ifVersion,
    );
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
    await this.freshen();
    const out: SignatureEntry[] = [];
    for (const c of this.signatures.ofSession(sessionId)) {
      const s = parseSignature(c.fields);
      if (s && s.sessionId === sessionId) out.push(s);
    }
    return out.sort((a, b) => a.at.localeCompare(b.at));
  }

  /** One delta sync, then each session's trail by the index, however many sessions. */
  async listSignaturesFor(sessionIds: readonly string[]): Promise<Map<string, SignatureEntry[]>> {
    const out = new Map<string, SignatureEntry[]>(sessionIds.map((id) => [id, []]));
    if (out.size === 0) return out;
    await this.cache.syncs.signatures.sync();
    for (const id of out.keys())
      for (const c of this.signatures.ofSession(id)) {
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
    const itemId = await this.items.itemIdByKey('cases', caseId);
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
    const itemId = await this.items.itemIdByKey('cases', caseId);
    const r: WriteResult<unknown> = itemId
      ? await this.items.patchVersioned('cases', itemId, patch, ifVersion)
      : { ok: false, code: 'not-found', message: 'The record no longer exists' };
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

/** A Graph link as a `$batch` wants it: relative to the version root; null when not under it. */
export function relativeTo(versionRoot: string, link: string): string | null {
  return link.startsWith(`${versionRoot}/`) ? link.slice(versionRoot.length) : null;
}
