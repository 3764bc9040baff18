/**
 * The write primitives over one site's lists: find an item by its record, read it afresh,
 * create once (idempotent on the record key), PATCH with If-Match and the 412 re-read.
 * GraphSchedule decides what to keep pending; these only report what happened.
 */
import type { Session } from '../policy/domain';
import type { Logger } from '../ports/logger';
import type { SignatureEntry, WriteResult } from '../ports/schedule';
import { overflowMessage, recordToFields, singleLineOverflow } from './fields';
import type { GraphClient, GraphResult } from './graph-client';
import type { GraphItem, SyncOutcome } from './list-sync';
import type { ListKey, TableKey } from './schema';
import type { ScopedIndex } from './scoped-index';
import type { ListIds, SnapshotCache } from './snapshot-cache';
import { alreadyApplied, sameRecord } from './write-rules';

export const unavailable = (message: string): WriteResult<never> => ({
  ok: false,
  code: 'unavailable',
  message,
});

/** Throttled, 5xx or no answer: worth trying again later. */
export const isTransient = (r: GraphResult): boolean =>
  !r.ok && (r.status === 0 || r.status === 408 || r.status === 429 || r.status >= 500);

/**
 * A create that did not answer success may still have landed (a 5xx after the write applied, a
 * lost answer) or may have been refused by the unique Title because another writer made the
 * item first — answered 409, 400 or 500 (SPDuplicateValuesFoundException): Graph does not
 * document which. None of it is taken at its word: the caller re-reads the list by the
 * record's key before anything is tried again. Only an authentication or permission refusal
 * (401/403) says nothing was written and nothing will be.
 */
export const mayHaveLanded = (r: GraphResult): boolean =>
  !r.ok && r.status !== 401 && r.status !== 403;

export class ItemWriter {
  constructor(
    private readonly client: GraphClient,
    private readonly cache: SnapshotCache,
    private readonly siteId: string,
    private readonly listIds: ListIds,
    private readonly logger: Logger,
    /**
     * Brings the audit list up to date before its duplicate check: GraphSchedule shares one
     * delta round among a request's reads (GraphSchedule.freshen); by default a delta sync.
     */
    private readonly freshSignatures: () => Promise<SyncOutcome> = () =>
      cache.syncs.signatures.sync(),
    /**
     * GraphSchedule's indexes: a session or case found by its key without a scan of the list
     * (at a large council's size, a scan per press parsed and sorted hundreds of thousands of
     * items). Without them, the list is scanned.
     */
    private readonly index: ScopedIndex | null = null,
  ) {}

  itemsUrl(key: ListKey): string {
    return `/sites/${this.siteId}/lists/${this.listIds[key]}/items`;
  }

  async ensureLoaded(key: ListKey): Promise<void> {
    if (!this.cache.syncs[key].isLoaded()) await this.cache.syncs[key].sync();
  }

  /** Reads one item afresh (1 RU) and refreshes the cache. */
  async readItem(key: ListKey, itemId: string): Promise<GraphResult<GraphItem>> {
    const r = await this.client.request<GraphItem>(
      'GET',
      `${this.itemsUrl(key)}/${itemId}?${this.cache.syncs[key].fieldsExpand()}`,
    );
    if (r.ok) this.cache.syncs[key].put(r.body);
    return r;
  }

  async findItemId(
    key: TableKey,
    match: (record: Record<string, unknown>) => boolean,
  ): Promise<string | null> {
    await this.ensureLoaded(key);
    for (const p of this.cache.parsedList(key))
      if (p.record && match(p.record as unknown as Record<string, unknown>)) return p.itemId;
    return null;
  }

  /** The item holding the session (by `id`) or case (by `caseId`) with this key, or null. */
  async itemIdByKey(key: 'sessions' | 'cases', id: string): Promise<string | null> {
    await this.ensureLoaded(key);
    if (!this.index)
      return this.findItemId(key, (r) => r[key === 'sessions' ? 'id' : 'caseId'] === id);
    const found =
      key === 'sessions'
        ? this.index.sessions.items('id', [id])
        : this.index.cases.items('caseId', [id]);
    return found[0]?.itemId ?? null;
  }

  async appendSignatureOnce(entry: SignatureEntry): Promise<WriteResult> {
    // The duplicate check needs an up-to-date audit list: an earlier POST whose answer was lost
    // may have landed. Without it, keep the entry pending rather than risk a second line.
    const synced = await this.freshSignatures();
    if (!synced.ok) return unavailable(synced.code);
    if (this.cache.syncs.signatures.findByTitle(entry.id))
      return { ok: true, value: undefined, version: '' };
    const fields = recordToFields('signatures', entry as never);
    const long = singleLineOverflow('signatures', fields);
    if (long.length > 0)
      return { ok: false, code: 'invalid', message: overflowMessage('The signature', long) };
    const r = await this.client.request<GraphItem>('POST', this.itemsUrl('signatures'), {
      fields,
    });
    if (r.ok) this.cache.syncs.signatures.put(r.body);
    // The list's Title is unique (schema.ts): a line with this entry id may exist already,
    // written by another instance or by a replay since our look at the list, or by this very
    // POST before its answer failed.
    if (mayHaveLanded(r)) {
      const again = await this.cache.syncs.signatures.sync();
      if (!again.ok) return unavailable(again.code);
      if (this.cache.syncs.signatures.findByTitle(entry.id))
        return { ok: true, value: undefined, version: '' };
    }
    return r.ok
      ? { ok: true, value: undefined, version: '' }
      : isTransient(r)
        ? unavailable(r.code)
        : { ok: false, code: 'invalid', message: r.code };
  }

  // ---- the write primitives ---------------------------------------------------------------

  /** Creates the item unless one with that key exists (same content: success). */
  async createOnce<K extends 'sessions'>(
    key: K,
    id: string,
    record: Session,
  ): Promise<WriteResult<unknown>> {
    const itemId = await this.itemIdByKey(key, id);
    if (itemId) return this.existingSession(key, itemId, id, record);
    const fields = recordToFields(key, record as never);
    const long = singleLineOverflow(key, fields);
    if (long.length > 0)
      return { ok: false, code: 'invalid', message: overflowMessage('The session', long) };
    const r = await this.client.request<GraphItem>('POST', this.itemsUrl(key), { fields });
    if (mayHaveLanded(r)) {
      // Another writer created it since our look at the list (the unique Title refused ours),
      // or ours landed and its answer failed: re-read by the session's id before any retry.
      const synced = await this.cache.syncs[key].sync();
      if (!synced.ok) return unavailable(synced.code);
      const now = await this.itemIdByKey(key, id);
      if (now) return this.existingSession(key, now, id, record);
    }
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

  /** An item with the session's id exists: the same session is success, another a conflict. */
  private existingSession<K extends 'sessions'>(
    key: K,
    itemId: string,
    id: string,
    record: Session,
  ): WriteResult<unknown> {
    const existing = this.cache.parsedItem(key, itemId);
    return existing?.record && sameRecord(existing.record, record)
      ? { ok: true, value: existing.record, version: existing.etag }
      : {
          ok: false,
          code: 'conflict',
          message: `A session with id ${id} already exists with different content`,
        };
  }

  /**
   * PATCH with If-Match. A 412 is never retried with the new eTag: someone else wrote in
   * between, and only the use-case can judge whether its change still makes sense on what is
   * there now (it re-reads and decides, exactly as it does on the embedded store's conflict).
   * The one exception is a change that is already there, field for field (a card submitted
   * twice, a replayed write whose first answer was lost): that is success, not a conflict.
   */
  async patchVersioned<K extends 'sessions' | 'rota' | 'cases'>(
    key: K,
    /** The item: its id when already looked up (an index), or how to recognise its record. */
    target: string | ((record: Record<string, unknown>) => boolean),
    patch: Record<string, unknown>,
    ifVersion: string,
  ): Promise<WriteResult<unknown>> {
    const itemId = typeof target === 'string' ? target : await this.findItemId(key, target);
    if (!itemId) return { ok: false, code: 'not-found', message: 'The record no longer exists' };
    const clean = { ...patch };
    delete clean['id'];
    delete clean['date'];
    delete clean['caseId'];
    const fields = recordToFields(key, clean, true);
    const long = singleLineOverflow(key, fields);
    if (long.length > 0)
      return { ok: false, code: 'invalid', message: overflowMessage('The change', long) };
    const r = await this.client.request<Record<string, unknown>>(
      'PATCH',
      `${this.itemsUrl(key)}/${itemId}/fields`,
      fields,
      { 'If-Match': ifVersion },
    );
    if (r.ok) {
      const etag = r.etag ?? String(r.body['@odata.etag'] ?? '');
      const cached = this.cache.syncs[key].put({ id: itemId, '@odata.etag': etag, fields: r.body });
      const p = this.cache.parseOne(key, itemId, etag, cached.fields);
      return p.record
        ? { ok: true, value: p.record, version: etag }
        : { ok: false, code: 'invalid', message: 'The change breaks the data contract' };
    }
    if (r.status === 412) return this.afterPreconditionFailed(key, itemId, clean);
    if (r.status === 404)
      return { ok: false, code: 'not-found', message: 'The record no longer exists' };
    // A permission or consent error (401/403) or a refused value will not heal by retrying.
    return isTransient(r)
      ? unavailable(`SharePoint is unavailable (${r.code}); the change will be retried`)
      : { ok: false, code: 'invalid', message: `SharePoint refused the change (${r.code})` };
  }

  /** After a 412: re-read; the wanted values all there already → success, otherwise conflict. */
  async afterPreconditionFailed<K extends TableKey>(
    key: K,
    itemId: string,
    wanted: Record<string, unknown>,
  ): Promise<WriteResult<unknown>> {
    const fresh = await this.readItem(key, itemId);
    if (!fresh.ok)
      return isTransient(fresh)
        ? unavailable(fresh.code)
        : { ok: false, code: 'not-found', message: 'The record no longer exists' };
    const etag = fresh.body['@odata.etag'] ?? '';
    const current = this.cache.parseOne(key, itemId, etag, fresh.body.fields ?? {})
      .record as Record<string, unknown> | null;
    if (current && alreadyApplied(current, wanted))
      return { ok: true, value: current, version: etag };
    this.logger.info('graph.write-conflict', { list: key });
    return { ok: false, code: 'conflict', message: 'Someone else changed this first' };
  }
}
