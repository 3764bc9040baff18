/**
 * The one storage primitive both state-store adapters implement (store/sqlite-kv.ts and
 * store/azure-table-kv.ts): namespaced JSON documents with ETags and conditional writes.
 * Everything stateful is built on it (the notification ledger, conversation references,
 * delta tokens, the embedded organisation data), so one contract test suite
 * (store/kv-store.contract.ts) proves both adapters.
 *
 * Maps directly onto Azure Table Storage: namespace = PartitionKey, key = RowKey,
 * insert = create entity (409 when it exists), replace = update with If-Match (412 on conflict).
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface KvEntry<T = Json> {
  key: string;
  value: T;
  /** Opaque version; changes on every write. */
  etag: string;
}

export type KvWrite =
  { ok: true; etag: string } | { ok: false; reason: 'exists' | 'conflict' | 'not-found' };

export interface KvStore {
  get(namespace: string, key: string): Promise<KvEntry | null>;
  /** Creates the entry only if no entry has that key: the primitive behind "claim exactly once". */
  insert(namespace: string, key: string, value: Json): Promise<KvWrite>;
  /** Replaces only if the current etag matches (`*` = any existing entry). */
  replace(namespace: string, key: string, value: Json, ifEtag: string): Promise<KvWrite>;
  /** Creates or replaces unconditionally. */
  upsert(namespace: string, key: string, value: Json): Promise<{ etag: string }>;
  /** Deletes; with ifEtag only when it matches. Returns whether an entry was deleted. */
  delete(namespace: string, key: string, ifEtag?: string): Promise<boolean>;
  /** Every entry of a namespace (optionally whose key starts with prefix), in key order. */
  list(namespace: string, prefix?: string): Promise<KvEntry[]>;
  /**
   * The key and etag of every entry of a namespace, without the values, each handed to
   * `visit` once, in no particular order, and not kept: enough for a reader that keeps what
   * it has read to tell which entries changed (store/kept-tables.ts), for a small part of what
   * listing them costs. `visit` must not call the store.
   */
  versions(namespace: string, visit: (key: string, etag: string) => void): Promise<void>;
  /**
   * Every entry of a namespace, each handed to `visit` once, in no particular order, and not
   * kept: for a reader that keeps only what it makes of each entry. A whole table listed at
   * once holds every row's stored text and parsed value together (2.8 GB at 20,000 staff,
   * docs/performance.md). `visit` must not call the store.
   */
  scan(namespace: string, visit: (entry: KvEntry) => void): Promise<void>;
  /**
   * What a store that numbers its writes can say about what changed since a reader last read
   * (store/sqlite-kv.ts has it; Azure Tables has no such number, so a reader lists versions
   * there). Absent when the store cannot.
   */
  readonly feed?: KvChangeFeed;
  close(): Promise<void>;
}

/**
 * A point in a store's history of writes: every write, to any namespace, moves the store past
 * it. A reader keeps the mark of what it read and later asks for what followed.
 */
export type KvMark = number;

export interface KvChangeFeed {
  /** As `scan`, and the mark of the state the entries were read in (one read snapshot). */
  scanMarked(namespace: string, visit: (entry: KvEntry) => void): Promise<KvMark>;
  /**
   * What changed in a namespace after `mark`, read in one snapshot: `gone` for each key
   * deleted and not written since, `visit` for each entry written (its current value). Returns
   * the mark to ask from next time, or null, having handed over nothing, when the store can no
   * longer tell from that mark (its record of writes no longer reaches back to it, or the mark
   * is not one of this store's) or when more than `limit` keys changed: the reader reads the
   * namespace whole then.
   */
  changesSince(
    namespace: string,
    mark: KvMark,
    limit: number,
    visit: (entry: KvEntry) => void,
    gone: (key: string) => void,
  ): Promise<KvMark | null>;
}
