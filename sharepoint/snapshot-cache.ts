/**
 * The organisation as last read from SharePoint: one ListSync per list plus the parsed record
 * of every item, re-parsed only when its eTag changes. A tick with no changes costs one delta
 * request per list and no parsing; assembling the snapshot then runs the shared reference
 * checks (contract/references.ts), which drop or clean rows exactly as for CSV.
 */
import type { RowProblem } from '../contract/problems';
import { resolveReferences, type TableItems } from '../contract/rows';
import type { TableName } from '../contract/columns';
import { emptySnapshot, type OrgSnapshot, type SessionRecord } from '../policy/domain';
import type { KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import type { LoadResult } from '../ports/schedule';
import type { GraphClient } from './graph-client';
import { parseItem, parseItems, type ParsedItem } from './item-parse';
import { ListSync, type SyncOutcome } from './list-sync';
import { itemFieldsToRecord } from './record-fields';
import { LISTS, SNAPSHOT_LISTS, TABLE_KEYS, type ListKey, type TableKey } from './schema';

export type ListIds = Record<ListKey, string>;

export class SnapshotCache {
  readonly syncs: Record<ListKey, ListSync>;
  private readonly parsed = new Map<TableKey, Map<string, ParsedItem<unknown>>>();

  constructor(
    client: GraphClient,
    siteId: string,
    listIds: ListIds,
    kv: KvStore,
    private readonly logger: Logger,
    pageSize: number,
  ) {
    const make = (key: ListKey) =>
      new ListSync(key, client, siteId, listIds[key], kv, logger, pageSize);
    this.syncs = {
      staff: make('staff'),
      sessions: make('sessions'),
      agreements: make('agreements'),
      absences: make('absences'),
      rota: make('rota'),
      actions: make('actions'),
      cases: make('cases'),
      signatures: make('signatures'),
      records: make('records'),
    };
    for (const k of TABLE_KEYS) {
      this.parsed.set(k, new Map());
      // A first load parses each page while the next one is on its way (list-sync.ts).
      this.syncs[k].onPage = (items) => {
        const cache = this.parsed.get(k)!;
        for (const p of parseItems(k, items)) cache.set(p.itemId, p);
      };
    }
  }

  /**
   * Syncs every contract list (and the records) and returns the validated snapshot.
   * `syncAll` brings the lists up to date, an outcome per list in the order given: by default
   * each list on its own; GraphSchedule sends the lists' delta links in one `$batch`.
   */
  async load(
    syncAll: (keys: readonly ListKey[]) => Promise<SyncOutcome[]> = (keys) => this.syncEach(keys),
  ): Promise<LoadResult> {
    const problems: RowProblem[] = [];
    const outcomes = await syncAll(SNAPSHOT_LISTS);
    for (const [i, key] of SNAPSHOT_LISTS.entries()) {
      const sync = this.syncs[key];
      const out = outcomes[i]!;
      if (!out.ok) {
        // The last good copy stays in use; only a list never read is reported as missing.
        this.logger.warn('graph.sync-failed', { list: key, code: out.code });
        if (!sync.isLoaded()) {
          problems.push({
            file: LISTS[key].displayName,
            row: '-',
            column: null,
            code: 'list-unavailable',
            message: `${LISTS[key].displayName} could not be read (${out.code}); it was left out of this run`,
          });
        }
      }
    }
    for (const key of SNAPSHOT_LISTS) {
      const missing = this.syncs[key].missingColumns;
      if (missing.length === 0) continue;
      problems.push({
        file: LISTS[key].displayName,
        row: '-',
        column: missing.join(', '),
        code: 'schema-drift',
        message: `${LISTS[key].displayName} lacks the column(s) ${missing.join(', ')}; the list was read without them. Run \`supervision-bot provision --site <site>\` to add them, then restart the bot.`,
      });
    }
    const snapshot = emptySnapshot();
    const fileNames: Partial<Record<TableName, string>> = {};
    for (const key of TABLE_KEYS) {
      fileNames[key] = LISTS[key].displayName;
      const records: unknown[] = [];
      for (const p of this.parsedList(key)) {
        problems.push(...p.problems);
        if (p.record) records.push(p.record);
      }
      (snapshot[key] as unknown[]) = records;
    }
    const records = this.records();
    snapshot.records = records.records;
    problems.push(...records.problems);
    const resolved = resolveReferences(snapshot, fileNames);
    return {
      snapshot: resolved.snapshot as OrgSnapshot,
      problems: [...problems, ...resolved.problems],
    };
  }

  /**
   * Each list synced on its own. The contract's lists side by side: a first load is bound by
   * round trips (paging is sequential within a list), so seven lists in parallel take about as
   * long as the largest. The records after them, so the contract lists' parallel round
   * (measured by bench/graph-sync.ts, throttling included) is as it was.
   */
  async syncEach(keys: readonly ListKey[]): Promise<SyncOutcome[]> {
    const first = keys.filter((k) => k !== 'records');
    const outcomes = new Map<ListKey, SyncOutcome>();
    const done = await Promise.all(first.map((key) => this.syncs[key].sync()));
    first.forEach((key, i) => outcomes.set(key, done[i]!));
    if (keys.includes('records')) outcomes.set('records', await this.syncs.records.sync());
    return keys.map((k) => outcomes.get(k)!);
  }

  /**
   * The Records list's items as records (record-fields.ts), in item id order; an item that
   * cannot be read is a problem (list, item id, code; never its text) and is left out.
   */
  records(): { records: SessionRecord[]; problems: RowProblem[] } {
    const file = LISTS.records.displayName;
    const records: SessionRecord[] = [];
    const problems: RowProblem[] = [];
    const ids = [...this.syncs.records.items.keys()].sort((a, b) => Number(a) - Number(b));
    for (const id of ids) {
      const d = itemFieldsToRecord(this.syncs.records.items.get(id)!.fields);
      if (d.ok) records.push({ sessionId: d.sessionId, ...d.record });
      else
        problems.push({
          file,
          row: id,
          column: 'record',
          code: d.code,
          message: `${file} item ${id}: the record cannot be read (${d.code}); it was skipped`,
        });
    }
    return { records, problems };
  }

  /** Parsed items of a list in item id order, re-parsing only items whose eTag changed. */
  parsedList<K extends TableKey>(key: K): Array<ParsedItem<TableItems[K]>> {
    const cache = this.parsed.get(key)!;
    const sync = this.syncs[key];
    for (const id of cache.keys()) if (!sync.items.has(id)) cache.delete(id);
    const ids = [...sync.items.keys()].sort((a, b) => Number(a) - Number(b));
    // Items new or changed since last parsed are parsed together (one header resolution).
    const stale = ids
      .map((id) => sync.items.get(id)!)
      .filter((item) => cache.get(item.itemId)?.etag !== item.etag);
    for (const p of parseItems(key, stale)) cache.set(p.itemId, p);
    return ids.map((id) => cache.get(id) as ParsedItem<TableItems[K]>);
  }

  /** The parsed item of one mirrored item, re-parsed only when its eTag changed; null: not mirrored. */
  parsedItem<K extends TableKey>(key: K, itemId: string): ParsedItem<TableItems[K]> | null {
    const item = this.syncs[key].items.get(itemId);
    if (!item) return null;
    const cache = this.parsed.get(key)!;
    let p = cache.get(itemId);
    if (!p || p.etag !== item.etag) {
      p = parseItem(key, itemId, item.etag, item.fields);
      cache.set(itemId, p);
    }
    return p as ParsedItem<TableItems[K]>;
  }

  /** The parsed record of one item (after a write or a fresh read). */
  parseOne<K extends TableKey>(
    key: K,
    itemId: string,
    etag: string,
    fields: Record<string, unknown>,
  ): ParsedItem<TableItems[K]> {
    const p = parseItem(key, itemId, etag, fields);
    this.parsed.get(key)!.set(itemId, p);
    return p;
  }
}
