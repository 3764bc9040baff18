/**
 * The organisation in SharePoint lists, through Microsoft Graph: ScheduleSource (load: a full
 * read the first time, then one delta request per list) and ScheduleWriter (ETag-checked
 * writes).
 *
 * Writes PATCH an item's fields with `If-Match: <eTag>`. On 412 the item is read again and
 * the change re-checked (a confirmation needs the session still `scheduled`; a signature or
 * record-completed field must still be empty): still applies → retried once with the new
 * eTag; already done → success (a card submitted twice does its work once); otherwise
 * `conflict`. A write that still fails for throttling/5xx/network reasons is kept in the
 * KvStore (`graph.pending`) and replayed by flushPending() at the start of the next load, so
 * nothing is lost.
 */
import type { AgreedAction, LocalDate, RotaDay, Session } from '../policy/domain';
import type { Clock } from '../ports/clock';
import type { Json, KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import type {
  LoadResult,
  ScheduleSource,
  ScheduleWriter,
  SignatureEntry,
  Versioned,
  WriteResult,
} from '../ports/schedule';
import { recordToFields } from './fields';
import type { BatchRequest, GraphClient } from './graph-client';
import { parseSignature } from './item-parse';
import type { GraphItem } from './list-sync';
import { isTransient, ItemWriter, unavailable } from './item-writer';
import { SnapshotCache, type ListIds } from './snapshot-cache';
import { hash, sessionStillApplies } from './write-rules';

export const PENDING_NS = 'graph.pending';

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

type PendingOp =
  | { op: 'updateSession'; id: string; patch: Partial<Session>; ifVersion: string }
  | { op: 'createSession'; session: Session }
  | { op: 'upsertAction'; action: AgreedAction }
  | { op: 'appendSignature'; entry: SignatureEntry }
  | { op: 'updateRotaDay'; date: LocalDate; patch: Partial<RotaDay>; ifVersion: string };

export class GraphSchedule implements ScheduleSource, ScheduleWriter {
  readonly cache: SnapshotCache;
  private readonly client: GraphClient;
  private readonly kv: KvStore;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly items: ItemWriter;

  constructor(opts: GraphScheduleOptions) {
    this.client = opts.client;
    this.kv = opts.kv;
    this.logger = opts.logger;
    this.clock = opts.clock;
    this.cache = new SnapshotCache(
      opts.client,
      opts.siteId,
      opts.listIds,
      opts.kv,
      opts.logger,
      opts.pageSize ?? 500,
    );
    this.items = new ItemWriter(opts.client, this.cache, opts.siteId, opts.listIds, opts.logger);
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
    const r = await this.items.patchVersioned(
      'sessions',
      (s) => s['id'] === id,
      patch,
      ifVersion,
      sessionStillApplies,
    );
    if (!r.ok && r.code === 'unavailable')
      await this.keepPending(`session|${id}|${hash(patch)}`, {
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
      await this.keepPending(`create|${session.id}`, { op: 'createSession', session });
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
    const r = await this.items.patchVersioned(
      'rota',
      (d) => d['date'] === date,
      patch,
      ifVersion,
      () => false,
    );
    if (!r.ok && r.code === 'unavailable')
      await this.keepPending(`rota|${date}|${hash(patch)}`, {
        op: 'updateRotaDay',
        date,
        patch,
        ifVersion,
      });
    return r as WriteResult<RotaDay>;
  }

  // ---- actions and signatures -------------------------------------------------------------

  async upsertActions(actions: AgreedAction[]): Promise<WriteResult> {
    await this.items.ensureLoaded('actions');
    const byId = new Map(
      this.cache
        .parsedList('actions')
        .filter((p) => p.record)
        .map((p) => [p.record!.id, p.itemId]),
    );
    const requests: BatchRequest[] = actions.map((a, i) => {
      const itemId = byId.get(a.id);
      return itemId
        ? {
            id: String(i),
            method: 'PATCH',
            url: `${this.items.itemsUrl('actions')}/${itemId}/fields`,
            body: recordToFields('actions', a as never, true),
          }
        : {
            id: String(i),
            method: 'POST',
            url: this.items.itemsUrl('actions'),
            body: { fields: recordToFields('actions', a as never) },
          };
    });
    const results = await this.client.batch(requests);
    let failed: WriteResult | null = null;
    for (const [i, a] of actions.entries()) {
      const r = results.get(String(i));
      if (r?.ok) {
        const body = r.body as GraphItem & Record<string, unknown>;
        const itemId = byId.get(a.id);
        // POST answers the item; PATCH answers its fields.
        this.cache.syncs.actions.put(
          itemId ? { id: itemId, '@odata.etag': r.etag ?? '', fields: body } : body,
        );
        continue;
      }
      if (!r || isTransient(r)) {
        await this.keepPending(`action|${a.id}`, { op: 'upsertAction', action: a });
        failed ??= unavailable('Some actions could not be saved yet; they will be retried');
      } else {
        failed = { ok: false, code: 'invalid', message: `Action could not be saved (${r.code})` };
      }
    }
    return failed ?? { ok: true, value: undefined, version: '' };
  }

  async appendSignature(entry: SignatureEntry): Promise<WriteResult> {
    const r = await this.items.appendSignatureOnce(entry);
    if (!r.ok && r.code === 'unavailable') {
      await this.keepPending(`sig|${entry.id}`, { op: 'appendSignature', entry });
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

  // ---- pending writes ---------------------------------------------------------------------

  private async keepPending(key: string, op: PendingOp): Promise<void> {
    await this.kv.upsert(PENDING_NS, key, {
      ...op,
      keptAt: this.clock.now().toISOString(),
    } as unknown as Json);
    this.logger.warn('graph.write-pending', { op: op.op });
  }

  /** Replays writes kept after throttling/outages. Returns how many are still pending. */
  async flushPending(): Promise<number> {
    const entries = await this.kv.list(PENDING_NS);
    if (entries.length === 0) return 0;
    // See what reached SharePoint before replaying: a create whose answer was lost may exist.
    for (const key of ['sessions', 'rota', 'actions', 'signatures'] as const)
      await this.cache.syncs[key].sync();
    let left = 0;
    for (const e of entries) {
      const op = e.value as unknown as PendingOp;
      let r: WriteResult<unknown>;
      switch (op.op) {
        case 'updateSession':
          r = await this.items.patchVersioned(
            'sessions',
            (s) => s['id'] === op.id,
            op.patch,
            op.ifVersion,
            sessionStillApplies,
          );
          break;
        case 'updateRotaDay':
          r = await this.items.patchVersioned(
            'rota',
            (d) => d['date'] === op.date,
            op.patch,
            op.ifVersion,
            () => false,
          );
          break;
        case 'createSession':
          r = await this.items.createOnce('sessions', op.session.id, op.session);
          break;
        case 'appendSignature':
          r = await this.items.appendSignatureOnce(op.entry);
          break;
        case 'upsertAction':
          r = await this.items.upsertActionOnce(op.action);
          break;
      }
      if (!r.ok && r.code === 'unavailable') {
        left += 1;
        continue;
      }
      if (!r.ok) this.logger.warn('graph.pending-dropped', { op: op.op, code: r.code });
      await this.kv.delete(PENDING_NS, e.key, e.etag);
    }
    return left;
  }
}
