/**
 * The structured supervision records in the `Supervision Records` list (schema.ts), one item per
 * session: read through the list's delta link like every other list (ListSync: one request when
 * nothing changed), written with `If-Match`, created once.
 *
 * - Read: the list is brought up to date by delta, then the item found by its Title (the
 *   session id). An item that cannot be read (broken JSON, wrong shape) is reported by item id
 *   and code through the logger and `problems()`, and treated as present-but-unreadable: a save
 *   without its version is then a conflict naming the item, never an overwrite.
 * - Create (no version given): idempotent on the session id, as the other lists' creates
 *   (item-writer.ts): an item already there with the same record is success, another a
 *   conflict; a POST that did not answer success is followed by a re-read before anything else.
 * - Update (a version given): PATCH with If-Match. A 412 is re-read: the same record already
 *   there (a form sent twice) is success; otherwise a conflict for the use-case to decide.
 * - Too long for SharePoint's column: refused before any request (`invalid`, the message says
 *   by how much and where), so the stored record is untouched and the caller keeps the text.
 */
import type { SupervisionRecord } from '../policy/domain';
import type { Logger } from '../ports/logger';
import type { Versioned, WriteResult } from '../ports/schedule';
import type { RowProblem } from '../contract/problems';
import type { GraphClient } from './graph-client';
import { isTransient, mayHaveLanded, unavailable } from './item-writer';
import type { CachedItem, GraphItem } from './list-sync';
import { itemFieldsToRecord, recordToItemFields, sameStoredRecord } from './record-fields';
import { LISTS } from './schema';
import type { ListIds, SnapshotCache } from './snapshot-cache';

export type RecordRead =
  | { kind: 'none' }
  | { kind: 'found'; itemId: string; value: Versioned<SupervisionRecord> }
  | { kind: 'unreadable'; itemId: string; code: string };

const conflict = (message: string): WriteResult<never> => ({
  ok: false,
  code: 'conflict',
  message,
});

export class RecordListWriter {
  constructor(
    private readonly client: GraphClient,
    private readonly cache: SnapshotCache,
    private readonly siteId: string,
    private readonly listIds: ListIds,
    private readonly logger: Logger,
    /**
     * The request's shared delta round (GraphSchedule's `$batch` of the lists a press reads), so
     * reading a record costs no request of its own; absent, a delta request of its own.
     */
    private readonly fresh?: () => Promise<{ ok: true } | { ok: false; code: string }>,
  ) {}

  private get sync() {
    return this.cache.syncs.records;
  }

  private itemsUrl(): string {
    return `/sites/${this.siteId}/lists/${this.listIds.records}/items`;
  }

  /** One delta request (nothing changed) or the changes; a failure keeps the last good copy. */
  private async refresh(): Promise<{ ok: true } | { ok: false; code: string }> {
    const r = await this.sync.sync();
    return r.ok ? { ok: true } : { ok: false, code: r.code };
  }

  private readCached(sessionId: string): RecordRead {
    const item = this.sync.findByTitle(sessionId);
    if (!item) return { kind: 'none' };
    return this.decode(item);
  }

  private decode(item: CachedItem): RecordRead {
    const d = itemFieldsToRecord(item.fields);
    if (!d.ok) {
      this.logger.warn('graph.record-unreadable', {
        list: 'records',
        item: item.itemId,
        code: d.code,
      });
      return { kind: 'unreadable', itemId: item.itemId, code: d.code };
    }
    return { kind: 'found', itemId: item.itemId, value: { value: d.record, version: item.etag } };
  }

  /** The session's record as SharePoint has it now. Unavailable → `null` only when never read. */
  async read(sessionId: string): Promise<RecordRead | null> {
    const synced = this.fresh ? await this.fresh() : await this.refresh();
    if (!synced.ok && !this.sync.isLoaded()) return null;
    return this.readCached(sessionId);
  }

  async getRecord(sessionId: string): Promise<Versioned<SupervisionRecord> | null> {
    const r = await this.read(sessionId);
    return r?.kind === 'found' ? r.value : null;
  }

  /** Items of the list that cannot be read, as row problems (list name, item id, code). */
  problems(): RowProblem[] {
    return this.cache.records().problems;
  }

  /**
   * Saves the session's record: a create when `ifVersion` is absent (there must be none yet),
   * otherwise a PATCH conditional on that version.
   */
  async saveRecord(
    sessionId: string,
    record: SupervisionRecord,
    ifVersion?: string,
  ): Promise<WriteResult<SupervisionRecord>> {
    const enc = recordToItemFields(sessionId, record);
    if (!enc.ok) return { ok: false, code: 'invalid', message: enc.message };
    return ifVersion === undefined
      ? this.createOnce(sessionId, record, enc.fields)
      : this.patch(sessionId, record, enc.fields, ifVersion);
  }

  private existing(read: RecordRead, record: SupervisionRecord): WriteResult<SupervisionRecord> {
    if (read.kind === 'found')
      return sameStoredRecord(read.value.value, record)
        ? { ok: true, value: read.value.value, version: read.value.version }
        : conflict('A record for this session already exists; open it again to change it');
    if (read.kind === 'unreadable')
      return conflict(
        `The stored record for this session cannot be read (${LISTS.records.displayName} item ${read.itemId}, ${read.code}): an admin must repair or remove that item first`,
      );
    return unavailable('The record could not be checked');
  }

  private async createOnce(
    sessionId: string,
    record: SupervisionRecord,
    fields: Record<string, unknown>,
  ): Promise<WriteResult<SupervisionRecord>> {
    // The duplicate check needs an up-to-date list: an earlier POST whose answer was lost may
    // have landed. Without it, the write is retried later rather than risk a conflict unseen.
    const before = await this.refresh();
    if (!before.ok) return unavailable(`Could not read the records list (${before.code})`);
    const there = this.readCached(sessionId);
    if (there.kind !== 'none') return this.existing(there, record);
    const r = await this.client.request<GraphItem>('POST', this.itemsUrl(), { fields });
    if (r.ok) {
      const c = this.sync.put(r.body);
      return { ok: true, value: record, version: c.etag };
    }
    // Refused by the unique Title (another writer made it first) or landed with a lost answer:
    // look again by the session id before anything else.
    if (mayHaveLanded(r)) {
      const again = await this.refresh();
      if (!again.ok) return unavailable(again.code);
      const now = this.readCached(sessionId);
      if (now.kind !== 'none') return this.existing(now, record);
    }
    return isTransient(r)
      ? unavailable(`Could not save the record yet (${r.code})`)
      : { ok: false, code: 'invalid', message: `SharePoint refused the record (${r.code})` };
  }

  private async patch(
    sessionId: string,
    record: SupervisionRecord,
    fields: Record<string, unknown>,
    ifVersion: string,
  ): Promise<WriteResult<SupervisionRecord>> {
    if (!this.sync.isLoaded()) {
      const s = await this.refresh();
      if (!s.ok) return unavailable(s.code);
    }
    let item = this.sync.findByTitle(sessionId);
    if (!item) {
      // Created by another instance since our last look: one delta request finds it.
      const s = await this.refresh();
      if (!s.ok) return unavailable(s.code);
      item = this.sync.findByTitle(sessionId);
    }
    if (!item) return { ok: false, code: 'not-found', message: 'The record no longer exists' };
    const patch = { ...fields };
    delete patch['Title'];
    const r = await this.client.request<Record<string, unknown>>(
      'PATCH',
      `${this.itemsUrl()}/${item.itemId}/fields`,
      patch,
      { 'If-Match': ifVersion },
    );
    if (r.ok) {
      const etag = r.etag ?? String(r.body['@odata.etag'] ?? '');
      this.sync.put({ id: item.itemId, '@odata.etag': etag, fields: r.body });
      return { ok: true, value: record, version: etag };
    }
    if (r.status === 412) return this.afterPreconditionFailed(item.itemId, record);
    if (r.status === 404)
      return { ok: false, code: 'not-found', message: 'The record no longer exists' };
    return isTransient(r)
      ? unavailable(`SharePoint is unavailable (${r.code}); the record will be saved later`)
      : { ok: false, code: 'invalid', message: `SharePoint refused the record (${r.code})` };
  }

  /** After a 412: re-read; the very record already there → success, otherwise conflict. */
  private async afterPreconditionFailed(
    itemId: string,
    record: SupervisionRecord,
  ): Promise<WriteResult<SupervisionRecord>> {
    const fresh = await this.client.request<GraphItem>(
      'GET',
      `${this.itemsUrl()}/${itemId}?${this.sync.fieldsExpand()}`,
    );
    if (!fresh.ok)
      return isTransient(fresh)
        ? unavailable(fresh.code)
        : { ok: false, code: 'not-found', message: 'The record no longer exists' };
    const read = this.decode(this.sync.put(fresh.body));
    if (read.kind === 'found' && sameStoredRecord(read.value.value, record))
      return { ok: true, value: read.value.value, version: read.value.version };
    this.logger.info('graph.write-conflict', { list: 'records' });
    return conflict('Someone else changed this record first');
  }
}
