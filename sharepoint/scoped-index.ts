/**
 * Secondary indexes over the list mirrors (ListSync), so GraphSchedule answers one request's
 * reads (ports/schedule.ts ScopedReads: a session by id, its people, its actions, one person's
 * sessions and cases) by looking up a few items instead of scanning the organisation.
 *
 * Each index listens to its mirror's changes (ListSync.onChange) and applies them on its next
 * use: a changed item is re-indexed under its new values (parsed once per eTag, through
 * SnapshotCache's parse cache), a replaced mirror (a full read, a restart) is re-indexed whole.
 * Lookups return parsed records in item id order, the first of a repeated id only, as the
 * snapshot's reference checks keep it (contract/references.ts `duplicate-id`). Cross-list
 * checks (a session naming someone not in the staff list) are the snapshot's: a scoped read
 * simply does not find the missing person.
 */
import type { TableItems } from '../contract/rows';
import type { ParsedItem } from './item-parse';
import type { CachedItem, ListSync } from './list-sync';
import type { TableKey } from './schema';
import type { SnapshotCache } from './snapshot-cache';

type Field<K extends TableKey> = keyof TableItems[K] & string;

export class ListIndex<K extends TableKey> {
  /** field → value → item ids. */
  private readonly by = new Map<Field<K>, Map<string, Set<string>>>();
  /** The values each item is indexed under (to take it out when it changes). */
  private readonly indexedAs = new Map<string, Array<[Field<K>, string]>>();
  private readonly dirty = new Set<string>();
  private whole = true;

  constructor(
    private readonly cache: SnapshotCache,
    private readonly key: K,
    /** The record's key (`id`, or `caseId` for cases): a repeat of it is left out. */
    private readonly idField: Field<K>,
    private readonly fields: ReadonlyArray<Field<K>>,
  ) {
    for (const f of fields) this.by.set(f, new Map());
    cache.syncs[key].onChange((id) => {
      if (id === null) {
        this.whole = true;
        this.dirty.clear();
      } else if (!this.whole) this.dirty.add(id);
    });
  }

  /** Records whose `field` is one of `values`, in item id order, first of each id only. */
  records(field: Field<K>, values: readonly string[]): Array<TableItems[K]> {
    return this.items(field, values).map((p) => p.record!);
  }

  /** The parsed items (with item id and eTag) behind `records`. */
  items(field: Field<K>, values: readonly string[]): Array<ParsedItem<TableItems[K]>> {
    this.refresh();
    const index = this.by.get(field)!;
    const itemIds = new Set<string>();
    for (const v of values) for (const id of index.get(v) ?? []) itemIds.add(id);
    const out: Array<ParsedItem<TableItems[K]>> = [];
    const seen = new Set<string>();
    for (const itemId of [...itemIds].sort((a, b) => Number(a) - Number(b))) {
      const p = this.cache.parsedItem(this.key, itemId);
      if (!p?.record) continue;
      const id = (p.record as unknown as Record<string, unknown>)[this.idField];
      if (typeof id === 'string' && this.isRepeat(id, itemId, seen)) continue;
      out.push(p);
    }
    return out;
  }

  /** A later item repeating an earlier item's id is left out, as the snapshot does. */
  private isRepeat(id: string, itemId: string, seen: Set<string>): boolean {
    if (seen.has(id)) return true;
    seen.add(id);
    const byId = this.by.get(this.idField);
    if (!byId) return false;
    for (const other of byId.get(id) ?? [])
      if (Number(other) < Number(itemId) && this.cache.parsedItem(this.key, other)?.record)
        return true;
    return false;
  }

  private refresh(): void {
    if (this.whole) {
      this.whole = false;
      this.dirty.clear();
      for (const m of this.by.values()) m.clear();
      this.indexedAs.clear();
      for (const itemId of this.cache.syncs[this.key].items.keys()) this.add(itemId);
      return;
    }
    if (this.dirty.size === 0) return;
    for (const itemId of this.dirty) {
      this.remove(itemId);
      this.add(itemId);
    }
    this.dirty.clear();
  }

  private add(itemId: string): void {
    const record = this.cache.parsedItem(this.key, itemId)?.record as
      Record<string, unknown> | null | undefined;
    if (!record) return;
    const entries: Array<[Field<K>, string]> = [];
    for (const f of this.fields) {
      const v = record[f];
      if (typeof v !== 'string' || v === '') continue;
      const index = this.by.get(f)!;
      let ids = index.get(v);
      if (!ids) index.set(v, (ids = new Set()));
      ids.add(itemId);
      entries.push([f, v]);
    }
    this.indexedAs.set(itemId, entries);
  }

  private remove(itemId: string): void {
    for (const [f, v] of this.indexedAs.get(itemId) ?? []) {
      const index = this.by.get(f)!;
      const ids = index.get(v);
      ids?.delete(itemId);
      if (ids?.size === 0) index.delete(v);
    }
    this.indexedAs.delete(itemId);
  }
}

/** The indexes GraphSchedule's ScopedReads use. */
export class ScopedIndex {
  readonly staff: ListIndex<'staff'>;
  readonly sessions: ListIndex<'sessions'>;
  readonly actions: ListIndex<'actions'>;
  readonly cases: ListIndex<'cases'>;

  constructor(cache: SnapshotCache) {
    this.staff = new ListIndex(cache, 'staff', 'id', ['id', 'supervisorId', 'lineManagerId']);
    this.sessions = new ListIndex(cache, 'sessions', 'id', ['id', 'superviseeId', 'supervisorId']);
    this.actions = new ListIndex(cache, 'actions', 'id', ['id', 'sessionId', 'ownerId']);
    this.cases = new ListIndex(cache, 'cases', 'caseId', ['caseId', 'workerId']);
  }
}

/** The audit list's items by the session they sign (its raw `sessionId` field). */
export class SignatureIndex {
  private readonly bySession = new Map<string, Set<string>>();
  private readonly sessionOf = new Map<string, string>();
  private readonly dirty = new Set<string>();
  private whole = true;

  constructor(private readonly sync: ListSync) {
    sync.onChange((id) => {
      if (id === null) {
        this.whole = true;
        this.dirty.clear();
      } else if (!this.whole) this.dirty.add(id);
    });
  }

  ofSession(sessionId: string): CachedItem[] {
    this.refresh();
    const out: CachedItem[] = [];
    for (const itemId of this.bySession.get(sessionId) ?? []) {
      const c = this.sync.items.get(itemId);
      if (c) out.push(c);
    }
    return out;
  }

  private refresh(): void {
    if (this.whole) {
      this.whole = false;
      this.dirty.clear();
      this.bySession.clear();
      this.sessionOf.clear();
      for (const itemId of this.sync.items.keys()) this.add(itemId);
      return;
    }
    for (const itemId of this.dirty) {
      const was = this.sessionOf.get(itemId);
      if (was !== undefined) this.bySession.get(was)?.delete(itemId);
      this.sessionOf.delete(itemId);
      this.add(itemId);
    }
    this.dirty.clear();
  }

  private add(itemId: string): void {
    const v = this.sync.items.get(itemId)?.fields['sessionId'];
    if (typeof v !== 'string' || !v) return;
    let ids = this.bySession.get(v);
    if (!ids) this.bySession.set(v, (ids = new Set()));
    ids.add(itemId);
    this.sessionOf.set(itemId, v);
  }
}
