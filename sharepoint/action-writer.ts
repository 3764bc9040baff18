/**
 * Agreed actions: created, or changed with `If-Match` on the eTag the bot last read, in
 * `$batch`es. Actions are part of the record people sign (usecases/record-hash.ts), so an edit
 * made in SharePoint meanwhile must not be overwritten by the last writer: a 412 is re-read,
 * the very same content counts as done, anything else is a `conflict`. Actions whose content
 * is already there are not written at all.
 */
import type { AgreedAction } from '../policy/domain';
import type { WriteResult } from '../ports/schedule';
import { overflowMessage, recordToFields, singleLineOverflow } from './fields';
import type { BatchRequest, GraphClient, GraphResult } from './graph-client';
import { isTransient, mayHaveLanded, unavailable, type ItemWriter } from './item-writer';
import type { GraphItem } from './list-sync';
import type { ScopedIndex } from './scoped-index';
import type { SnapshotCache } from './snapshot-cache';
import { alreadyApplied } from './write-rules';

const OK: WriteResult = { ok: true, value: undefined, version: '' };

export interface ActionOutcome {
  action: AgreedAction;
  result: WriteResult;
  /** The eTag a PATCH was conditional on (absent for a create): kept with a pending write. */
  ifVersion?: string;
}

interface Known {
  itemId: string;
  etag: string;
  record: Record<string, unknown>;
}

export class ActionWriter {
  constructor(
    private readonly client: GraphClient,
    private readonly cache: SnapshotCache,
    private readonly items: ItemWriter,
    /** GraphSchedule's indexes: the actions written are found by id, not by a scan of the list. */
    private readonly index: ScopedIndex | null = null,
  ) {}

  /** Writes what differs from the cached list; one outcome per action, in order. */
  async upsertMany(actions: AgreedAction[]): Promise<ActionOutcome[]> {
    await this.items.ensureLoaded('actions');
    const known = this.known(actions.map((a) => a.id));
    const outcomes: ActionOutcome[] = actions.map((action) => ({ action, result: OK }));
    const requests: BatchRequest[] = [];
    for (const [i, o] of outcomes.entries()) {
      const have = known.get(o.action.id);
      if (have && alreadyApplied(have.record, fieldsOf(o.action))) continue;
      const long = singleLineOverflow('actions', recordToFields('actions', fieldsOf(o.action)));
      if (long.length > 0) {
        o.result = { ok: false, code: 'invalid', message: overflowMessage('The action', long) };
        continue;
      }
      if (have) o.ifVersion = have.etag;
      requests.push(this.request(String(i), o.action, have));
    }
    const results = requests.length
      ? await this.client.batch(requests)
      : new Map<string, GraphResult>();
    for (const req of requests) {
      const o = outcomes[Number(req.id)]!;
      o.result = await this.settle(o.action, known.get(o.action.id), results.get(req.id));
    }
    return outcomes;
  }

  /** Replays a kept write: a PATCH on the eTag it was based on, or a create. */
  async upsertOne(action: AgreedAction, ifVersion?: string): Promise<WriteResult> {
    const have = this.known([action.id]).get(action.id);
    // Removed in SharePoint since the write was kept: not brought back behind anyone's back.
    if (!have && ifVersion !== undefined) return conflict();
    if (have && ifVersion === undefined) {
      // A create whose answer was lost may have landed; otherwise someone else made this id.
      return alreadyApplied(have.record, fieldsOf(action)) ? OK : conflict();
    }
    const base = have ? { ...have, etag: ifVersion ?? have.etag } : undefined;
    const req = this.request('0', action, base);
    const r = await this.client.request<GraphItem & Record<string, unknown>>(
      req.method,
      req.url,
      req.body,
      req.headers,
    );
    return this.settle(action, base, r);
  }

  /** The cached items of these actions (by the index; without one, the whole list is read). */
  private known(ids: readonly string[]): Map<string, Known> {
    const out = new Map<string, Known>();
    const items = this.index
      ? this.index.actions.items('id', ids)
      : this.cache.parsedList('actions');
    for (const p of items)
      if (p.record && !out.has(p.record.id))
        out.set(p.record.id, {
          itemId: p.itemId,
          etag: p.etag,
          record: p.record as unknown as Record<string, unknown>,
        });
    return out;
  }

  private request(id: string, action: AgreedAction, have: Known | undefined): BatchRequest {
    const url = this.items.itemsUrl('actions');
    return have
      ? {
          id,
          method: 'PATCH',
          url: `${url}/${have.itemId}/fields`,
          body: recordToFields('actions', fieldsOf(action), true),
          headers: { 'If-Match': have.etag },
        }
      : { id, method: 'POST', url, body: { fields: recordToFields('actions', fieldsOf(action)) } };
  }

  private async settle(
    action: AgreedAction,
    have: Known | undefined,
    r: GraphResult | undefined,
  ): Promise<WriteResult> {
    if (r?.ok) {
      const body = r.body as GraphItem & Record<string, unknown>;
      // POST answers the item; PATCH answers its fields.
      this.cache.syncs.actions.put(
        have ? { id: have.itemId, '@odata.etag': r.etag ?? '', fields: body } : body,
      );
      return OK;
    }
    // A create that failed in any way may have landed (a 5xx after the write) or been refused
    // by the unique Title (schema.ts) because another writer added this id first. Re-read by
    // the id before any retry: the very same content counts as done.
    if (!have && (!r || mayHaveLanded(r))) {
      const synced = await this.cache.syncs.actions.sync();
      if (!synced.ok) return unavailable(synced.code);
      const now = this.known([action.id]).get(action.id);
      if (now) return alreadyApplied(now.record, fieldsOf(action)) ? OK : conflict();
    }
    if (!r || isTransient(r)) return unavailable('The action could not be saved yet');
    // Changed (412) or removed (404) since it was read: only the same content counts as done.
    if (have && (r.status === 412 || r.status === 404)) {
      const again = await this.items.afterPreconditionFailed(
        'actions',
        have.itemId,
        fieldsOf(action),
      );
      if (again.ok) return OK;
      return again.code === 'unavailable' ? again : conflict();
    }
    return { ok: false, code: 'invalid', message: `Action could not be saved (${r.code})` };
  }
}

function fieldsOf(action: AgreedAction): Record<string, unknown> {
  return action as unknown as Record<string, unknown>;
}

function conflict(): WriteResult {
  return {
    ok: false,
    code: 'conflict',
    message: 'The action was changed in SharePoint meanwhile; it was left as it is',
  };
}
