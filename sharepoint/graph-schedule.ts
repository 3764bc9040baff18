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
import { createHash } from 'node:crypto';
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
import type { BatchRequest, GraphClient, GraphResult } from './graph-client';
import { parseSignature } from './item-parse';
import type { GraphItem } from './list-sync';
import { selectFor, type ListKey, type TableKey } from './schema';
import { SnapshotCache, type ListIds } from './snapshot-cache';

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

const unavailable = (message: string): WriteResult<never> => ({
  ok: false,
  code: 'unavailable',
  message,
});
const isTransient = (r: GraphResult): boolean =>
  !r.ok && (r.status === 0 || r.status === 408 || r.status === 429 || r.status >= 500);

export class GraphSchedule implements ScheduleSource, ScheduleWriter {
  readonly cache: SnapshotCache;
  private readonly client: GraphClient;
  private readonly kv: KvStore;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly siteId: string;
  private readonly listIds: ListIds;

  constructor(opts: GraphScheduleOptions) {
    this.client = opts.client;
    this.kv = opts.kv;
    this.logger = opts.logger;
    this.clock = opts.clock;
    this.siteId = opts.siteId;
    this.listIds = opts.listIds;
    this.cache = new SnapshotCache(
      opts.client,
      opts.siteId,
      opts.listIds,
      opts.kv,
      opts.logger,
      opts.pageSize ?? 500,
    );
  }

  async load(): Promise<LoadResult> {
    await this.flushPending();
    return this.cache.load();
  }

  private itemsUrl(key: ListKey): string {
    return `/sites/${this.siteId}/lists/${this.listIds[key]}/items`;
  }

  private async ensureLoaded(key: ListKey): Promise<void> {
    if (!this.cache.syncs[key].isLoaded()) await this.cache.syncs[key].sync();
  }

  /** Reads one item afresh (1 RU) and refreshes the cache. */
  private async readItem(key: ListKey, itemId: string): Promise<GraphResult<GraphItem>> {
    const r = await this.client.request<GraphItem>(
      'GET',
      `${this.itemsUrl(key)}/${itemId}?expand=fields(select=${selectFor(key)})`,
    );
    if (r.ok) this.cache.syncs[key].put(r.body);
    return r;
  }

  private async findItemId(
    key: TableKey,
    match: (record: Record<string, unknown>) => boolean,
  ): Promise<string | null> {
    await this.ensureLoaded(key);
    for (const p of this.cache.parsedList(key))
      if (p.record && match(p.record as unknown as Record<string, unknown>)) return p.itemId;
    return null;
  }

  // ---- sessions ----------------------------------------------------------------------------

  async getSession(id: string): Promise<Versioned<Session> | null> {
    const itemId = await this.findItemId('sessions', (s) => s['id'] === id);
    if (!itemId) return null;
    const r = await this.readItem('sessions', itemId);
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
    const r = await this.patchVersioned(
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
    const r = await this.createOnce('sessions', session.id, session);
    if (!r.ok && r.code === 'unavailable')
      await this.keepPending(`create|${session.id}`, { op: 'createSession', session });
    return r as WriteResult<Session>;
  }

  // ---- rota -----------------------------------------------------------------------------------

  async getRotaDay(date: LocalDate): Promise<Versioned<RotaDay> | null> {
    const itemId = await this.findItemId('rota', (d) => d['date'] === date);
    if (!itemId) return null;
    const r = await this.readItem('rota', itemId);
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
    const r = await this.patchVersioned(
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
    await this.ensureLoaded('actions');
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
            url: `${this.itemsUrl('actions')}/${itemId}/fields`,
            body: recordToFields('actions', a as never, true),
          }
        : {
            id: String(i),
            method: 'POST',
            url: this.itemsUrl('actions'),
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
    await this.cache.syncs.signatures.sync();
    if (this.cache.syncs.signatures.findByTitle(entry.id))
      return { ok: true, value: undefined, version: '' };
    const r = await this.client.request<GraphItem>('POST', this.itemsUrl('signatures'), {
      fields: recordToFields('signatures', entry as never),
    });
    if (r.ok) {
      this.cache.syncs.signatures.put(r.body);
      return { ok: true, value: undefined, version: r.etag ?? '' };
    }
    if (isTransient(r)) {
      await this.keepPending(`sig|${entry.id}`, { op: 'appendSignature', entry });
      return unavailable('The signature could not be recorded yet; it will be retried');
    }
    return {
      ok: false,
      code: 'invalid',
      message: `The signature could not be recorded (${r.code})`,
    };
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
          r = await this.patchVersioned(
            'sessions',
            (s) => s['id'] === op.id,
            op.patch,
            op.ifVersion,
            sessionStillApplies,
          );
          break;
        case 'updateRotaDay':
          r = await this.patchVersioned(
            'rota',
            (d) => d['date'] === op.date,
            op.patch,
            op.ifVersion,
            () => false,
          );
          break;
        case 'createSession':
          r = await this.createOnce('sessions', op.session.id, op.session);
          break;
        case 'appendSignature':
          r = await this.appendSignatureOnce(op.entry);
          break;
        case 'upsertAction':
          r = await this.upsertActionOnce(op.action);
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

  private async appendSignatureOnce(entry: SignatureEntry): Promise<WriteResult> {
    await this.cache.syncs.signatures.sync();
    if (this.cache.syncs.signatures.findByTitle(entry.id))
      return { ok: true, value: undefined, version: '' };
    const r = await this.client.request<GraphItem>('POST', this.itemsUrl('signatures'), {
      fields: recordToFields('signatures', entry as never),
    });
    if (r.ok) this.cache.syncs.signatures.put(r.body);
    return r.ok
      ? { ok: true, value: undefined, version: '' }
      : isTransient(r)
        ? unavailable(r.code)
        : { ok: false, code: 'invalid', message: r.code };
  }

  private async upsertActionOnce(action: AgreedAction): Promise<WriteResult> {
    const itemId = await this.findItemId('actions', (a) => a['id'] === action.id);
    const r = itemId
      ? await this.client.request(
          'PATCH',
          `${this.itemsUrl('actions')}/${itemId}/fields`,
          recordToFields('actions', action as never, true),
        )
      : await this.client.request<GraphItem>('POST', this.itemsUrl('actions'), {
          fields: recordToFields('actions', action as never),
        });
    return r.ok
      ? { ok: true, value: undefined, version: r.etag ?? '' }
      : isTransient(r)
        ? unavailable(r.code)
        : { ok: false, code: 'invalid', message: r.code };
  }

  // ---- the write primitives ---------------------------------------------------------------

  /** Creates the item unless one with that key exists (same content: success). */
  private async createOnce<K extends 'sessions'>(
    key: K,
    id: string,
    record: Session,
  ): Promise<WriteResult<unknown>> {
    const itemId = await this.findItemId(key, (s) => s['id'] === id);
    if (itemId) {
      const existing = this.cache.parsedList(key).find((p) => p.itemId === itemId);
      return existing?.record && sameRecord(existing.record, record)
        ? { ok: true, value: existing.record, version: existing.etag }
        : {
            ok: false,
            code: 'conflict',
            message: `A session with id ${id} already exists with different content`,
          };
    }
    const r = await this.client.request<GraphItem>('POST', this.itemsUrl(key), {
      fields: recordToFields(key, record as never),
    });
    if (!r.ok)
      return isTransient(r)
        ? unavailable(`Could not save the session yet (${r.code})`)
        : { ok: false, code: 'invalid', message: `The session could not be saved (${r.code})` };
    const cached = this.cache.syncs[key].put(r.body);
    const p = this.cache.parseOne(key, r.body.id, cached.etag, cached.fields);
    return p.record
      ? { ok: true, value: p.record, version: cached.etag }
      : { ok: false, code: 'invalid', message: 'The saved session does not read back' };
  }

  /** PATCH with If-Match; on 412 re-read, re-check, retry once. */
  private async patchVersioned<K extends 'sessions' | 'rota'>(
    key: K,
    match: (record: Record<string, unknown>) => boolean,
    patch: Record<string, unknown>,
    ifVersion: string,
    stillApplies: (current: Record<string, unknown>, patch: Record<string, unknown>) => boolean,
  ): Promise<WriteResult<unknown>> {
    const itemId = await this.findItemId(key, match);
    if (!itemId) return { ok: false, code: 'not-found', message: 'The record no longer exists' };
    const clean = { ...patch };
    delete clean['id'];
    delete clean['date'];
    const fields = recordToFields(key, clean, true);
    let version = ifVersion;
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = await this.client.request<Record<string, unknown>>(
        'PATCH',
        `${this.itemsUrl(key)}/${itemId}/fields`,
        fields,
        { 'If-Match': version },
      );
      if (r.ok) {
        const etag = r.etag ?? String(r.body['@odata.etag'] ?? '');
        const cached = this.cache.syncs[key].put({
          id: itemId,
          '@odata.etag': etag,
          fields: r.body,
        });
        const p = this.cache.parseOne(key, itemId, etag, cached.fields);
        return p.record
          ? { ok: true, value: p.record, version: etag }
          : { ok: false, code: 'invalid', message: 'The change breaks the data contract' };
      }
      if (r.status === 404)
        return { ok: false, code: 'not-found', message: 'The record no longer exists' };
      if (r.status === 400)
        return { ok: false, code: 'invalid', message: `SharePoint refused the change (${r.code})` };
      if (r.status !== 412)
        return unavailable(`SharePoint is unavailable (${r.code}); the change will be retried`);
      if (attempt === 1) break;
      const fresh = await this.readItem(key, itemId);
      if (!fresh.ok)
        return isTransient(fresh)
          ? unavailable(fresh.code)
          : { ok: false, code: 'not-found', message: 'The record no longer exists' };
      const etag = fresh.body['@odata.etag'] ?? '';
      const current = this.cache.parseOne(key, itemId, etag, fresh.body.fields ?? {})
        .record as Record<string, unknown> | null;
      if (!current)
        return {
          ok: false,
          code: 'conflict',
          message: 'The record was changed and no longer reads correctly',
        };
      if (alreadyApplied(current, clean)) return { ok: true, value: current, version: etag };
      if (!stillApplies(current, clean))
        return { ok: false, code: 'conflict', message: 'Someone else changed this first' };
      this.logger.info('graph.write-retry-412', { list: key });
      version = etag;
    }
    return { ok: false, code: 'conflict', message: 'Someone else changed this first' };
  }
}

const ONCE_ONLY = ['supervisorSignedAt', 'superviseeSignedAt', 'recordCompletedAt'];

/** A confirmation/cancellation starts from `scheduled`; a signature or completion is set once. */
export function sessionStillApplies(
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): boolean {
  if (
    'status' in patch &&
    patch['status'] !== current['status'] &&
    current['status'] !== 'scheduled'
  )
    return false;
  for (const f of ONCE_ONLY)
    if (f in patch && current[f] !== undefined && !same(current[f], patch[f])) return false;
  return true;
}

function alreadyApplied(current: Record<string, unknown>, patch: Record<string, unknown>): boolean {
  return Object.entries(patch).every(([k, v]) => same(current[k], v));
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === undefined || a === null || a === '') && (b === undefined || b === null || b === ''))
    return true;
  if (typeof a === 'string' && typeof b === 'string') {
    const ta = Date.parse(a);
    const tb = Date.parse(b);
    return (
      !Number.isNaN(ta) && ta === tb && /\d{4}-\d{2}-\d{2}T/.test(a) && /\d{4}-\d{2}-\d{2}T/.test(b)
    );
  }
  return false;
}

function sameRecord(a: object, b: object): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) =>
    same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

function hash(v: unknown): string {
  return createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 16);
}
