/**
 * The list mirror kept in the state store (KvStore namespace `graph.mirror`), so that a restart
 * or a new instance resumes from the stored delta link with the items it describes: one delta
 * request per list instead of reading every list again (issue 14 item 4).
 *
 * Items are kept in shards of SHARD_SIZE consecutive item ids (SharePoint ids are increasing
 * integers and never reused), so a change rewrites one shard, not the list, and every shard
 * stays under the Azure Table entity limit. Instances share the store, so a shard is merged,
 * never overwritten: per item the newer eTag version wins and a deletion wins over any version
 * (an id is never reused). Each instance writes its shards BEFORE the delta link they go with
 * (list-sync.ts), so whatever link is stored, the stored items are at least as new as what it
 * describes; delta then reports again anything newer, which is applied idempotently.
 */
import type { Json, KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';

/** One list item as the client holds it: the fields it read, under the ETag they came with. */
export interface CachedItem {
  itemId: string;
  etag: string;
  fields: Record<string, unknown>;
}

export const MIRROR_NS = 'graph.mirror';
/** Item ids per shard: 250 items of a few KB each stay well under an entity's ~960 KB. */
export const SHARD_SIZE = 250;
/** A shard larger than this is not stored (the list is then read afresh after a restart). */
const MAX_SHARD_CHARS = 900_000;

type Entry = { e: string; f: Record<string, unknown> } | { d: 1 };
type Shard = Record<string, Entry>;

const shardOf = (itemId: string): number => Math.floor(Number(itemId) / SHARD_SIZE);
const shardKey = (listId: string, n: number): string => `${listId}|${String(n).padStart(7, '0')}`;

/** The version number in a SharePoint eTag (`"{GUID},7"` → 7); -1 when unreadable. */
export function etagVersion(etag: string): number {
  const m = /,(\d+)"?\s*$/.exec(etag);
  return m ? Number(m[1]) : -1;
}

function merge(into: Shard, from: Shard): Shard {
  const out: Shard = { ...into };
  for (const [id, e] of Object.entries(from)) {
    const have = out[id];
    if (!have || 'd' in e) out[id] = e;
    else if ('d' in have) continue;
    else if (etagVersion(e.e) >= etagVersion(have.e)) out[id] = e;
  }
  return out;
}

export class MirrorStore {
  constructor(
    private readonly kv: KvStore,
    private readonly logger: Logger,
  ) {}

  /** Every stored item of the list (deleted ones left out). */
  async load(listId: string): Promise<Map<string, CachedItem>> {
    const items = new Map<string, CachedItem>();
    for (const entry of await this.kv.list(MIRROR_NS, `${listId}|`)) {
      const shard = entry.value as unknown as Shard;
      for (const [id, e] of Object.entries(shard))
        if (!('d' in e)) items.set(id, { itemId: id, etag: e.e, fields: e.f });
    }
    return items;
  }

  /**
   * Stores changed and removed items (merged into their shards). Returns false when a shard
   * could not be stored (too large, or the store kept refusing): the caller then marks its
   * delta link as not mirrored, so a restart reads the list afresh rather than trusting it.
   */
  async save(
    listId: string,
    items: ReadonlyMap<string, CachedItem>,
    changed: Iterable<string>,
    removed: Iterable<string>,
  ): Promise<boolean> {
    const byShard = new Map<number, Shard>();
    const add = (id: string, e: Entry) => {
      const n = shardOf(id);
      let s = byShard.get(n);
      if (!s) byShard.set(n, (s = {}));
      s[id] = e;
    };
    for (const id of changed) {
      const c = items.get(id);
      if (c) add(id, { e: c.etag, f: c.fields });
    }
    for (const id of removed) add(id, { d: 1 });
    for (const [n, shard] of byShard) if (!(await this.mergeShard(listId, n, shard))) return false;
    return true;
  }

  /** After a full read: every item, and a deletion for each stored item no longer there. */
  async replaceAll(listId: string, items: ReadonlyMap<string, CachedItem>): Promise<boolean> {
    const gone: string[] = [];
    for (const entry of await this.kv.list(MIRROR_NS, `${listId}|`))
      for (const [id, e] of Object.entries(entry.value as unknown as Shard))
        if (!('d' in e) && !items.has(id)) gone.push(id);
    return this.save(listId, items, items.keys(), gone);
  }

  private async mergeShard(listId: string, n: number, shard: Shard): Promise<boolean> {
    const key = shardKey(listId, n);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.kv.get(MIRROR_NS, key);
      const next = merge((current?.value as unknown as Shard) ?? {}, shard);
      if (JSON.stringify(next).length > MAX_SHARD_CHARS) {
        this.logger.warn('graph.mirror-shard-too-large', { list: listId, shard: n });
        return false;
      }
      const w = current
        ? await this.kv.replace(MIRROR_NS, key, next as unknown as Json, current.etag)
        : await this.kv.insert(MIRROR_NS, key, next as unknown as Json);
      if (w.ok) return true;
    }
    this.logger.warn('graph.mirror-shard-contended', { list: listId, shard: n });
    return false;
  }
}
