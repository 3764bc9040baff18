/**
 * What the embedded store's last load read, table by table, so that the next load reads only
 * what changed. A tick loads the whole organisation (scheduler/steps/load.ts): at 20,000 staff
 * reading and checking every row again took 44–49 s (55–62 s of CPU) a tick, and left the
 * process at 2.8–3.2 GB (docs/performance.md). Here the first load reads a row at a time
 * (KvStore.scan); each later one reads again only what changed, or the whole table when more
 * than a tenth of it changed (an import):
 *
 * - from a store with a change feed (SQLite), the rows written and keys deleted since the
 *   mark of the last load (KvChangeFeed.changesSince): nothing else is read or kept;
 * - from one without (Azure Tables), by going through every key's etag (KvStore.versions, no
 *   values) against the etags kept from the last load.
 *
 * Any writer is seen, whatever wrote it (another instance, the CLI's import or erasure): every
 * write moves the feed and changes the etag (ports/kv-store.ts), so nothing depends on writers
 * telling us.
 * The rows and the arrays handed out are shared between loads and frozen, so that no reader can
 * change what the next load hands out; a load after a change hands out a new array.
 */
import type { RowProblem } from '../contract/problems';
import type { OrgSnapshot } from '../policy/domain';
import { insertSorted } from '../kernel/insert-sorted';
import type { KvChangeFeed, KvEntry, KvMark, KvStore } from '../ports/kv-store';
import { compareRows, keyOf, NAMESPACES, validateDoc, type TableName } from './schedule-docs';

type Row<T extends TableName> = OrgSnapshot[T][number];

/**
 * Past this share of a table's rows changed, the table is listed whole: one listing costs less
 * than that many single reads, on SQLite and more so on Azure Tables (a round-trip each).
 */
const REREAD_SHARE = 0.1;

interface Kept<T extends TableName> {
  /** The feed's mark of what was read, when the store has a feed. */
  mark: KvMark | null;
  /** Without a feed: the etag each key was read at, valid or not. */
  etags: Map<string, string> | null;
  /** The valid rows, in the store's order (compareRows). */
  rows: Array<Row<T>>;
  /** The rows that could not be read, by key. */
  problems: Map<string, RowProblem>;
}

export interface TableLoad<T extends TableName> {
  rows: Array<Row<T>>;
  problems: RowProblem[];
}

export class KeptTables {
  private readonly kept = new Map<TableName, Kept<TableName>>();
  /** Rows read (listed or fetched) by the loads so far, for the tests and the bench. */
  rowsRead = 0;

  constructor(private readonly kv: KvStore) {}

  async load<T extends TableName>(table: T): Promise<TableLoad<T>> {
    const kept = this.kept.get(table) as Kept<T> | undefined;
    if (!kept) return this.output(await this.readWhole(table));
    const feed = this.kv.feed;
    if (feed && kept.mark !== null) return this.output(await this.follow(table, kept, feed));
    return this.output(await this.compare(table, kept));
  }

  /** With a feed: what was written and deleted since the kept mark, and nothing more. */
  private async follow<T extends TableName>(
    table: T,
    kept: Kept<T>,
    feed: KvChangeFeed,
  ): Promise<Kept<T>> {
    const written: KvEntry[] = [];
    const gone: string[] = [];
    const size = kept.rows.length + kept.problems.size;
    const mark = await feed.changesSince(
      NAMESPACES[table],
      kept.mark!,
      Math.max(1, Math.floor(size * REREAD_SHARE)),
      (entry) => written.push(entry),
      (key) => gone.push(key),
    );
    if (mark === null) return this.readWhole(table);
    // A load alongside may have applied a later mark while this one read: what it kept is
    // then newer than what this one read, and stays.
    if (kept.mark! >= mark) return kept;
    this.rowsRead += written.length;
    if (written.length > 0 || gone.length > 0) this.apply(table, kept, gone, written);
    kept.mark = mark;
    return kept;
  }

  /** Without a feed: every key's etag against the kept ones; only changed keys read again. */
  private async compare<T extends TableName>(table: T, kept: Kept<T>): Promise<Kept<T>> {
    const etags = kept.etags!;
    // Compared as they come (each key and etag dies young); only the changed keys are kept.
    const changed: string[] = [];
    let known = 0;
    let listed = 0;
    await this.kv.versions(NAMESPACES[table], (key, etag) => {
      listed++;
      const was = etags.get(key);
      if (was !== undefined) known++;
      if (was !== etag) changed.push(key);
    });
    const gone = known < etags.size;
    if (changed.length === 0 && !gone) return kept;
    if (changed.length > listed * REREAD_SHARE) return this.readWhole(table);
    return this.reread(table, kept, changed, gone);
  }

  private async readWhole<T extends TableName>(table: T): Promise<Kept<T>> {
    const feed = this.kv.feed;
    const kept: Kept<T> = {
      mark: null,
      etags: feed ? null : new Map(),
      rows: [],
      problems: new Map(),
    };
    const visit = (entry: KvEntry) => {
      this.rowsRead++;
      const row = this.check(table, entry, kept);
      if (row) kept.rows.push(row);
    };
    if (feed) kept.mark = await feed.scanMarked(NAMESPACES[table], visit);
    else await this.kv.scan(NAMESPACES[table], visit);
    kept.rows.sort((a, b) => compareRows(table, a, b));
    this.kept.set(table, kept as unknown as Kept<TableName>);
    return kept;
  }

  /**
   * The kept table with the `changed` keys read again, and without the keys no longer stored
   * (when some went: listed again, a rare second pass). A key deleted between the listing and
   * its read is simply gone. Changed in place after the reads, in one synchronous step: a
   * load running alongside sees the table before or after, never half-way.
   */
  private async reread<T extends TableName>(
    table: T,
    kept: Kept<T>,
    changed: readonly string[],
    gone: boolean,
  ): Promise<Kept<T>> {
    const present = gone ? new Set<string>() : null;
    if (present) await this.kv.versions(NAMESPACES[table], (key) => present.add(key));
    const fresh = await Promise.all(changed.map((key) => this.kv.get(NAMESPACES[table], key)));
    this.rowsRead += changed.length;
    // Every changed key is dropped: one deleted between the listing and its read is gone.
    const drop = [...changed];
    if (present) for (const key of kept.etags!.keys()) if (!present.has(key)) drop.push(key);
    this.apply(
      table,
      kept,
      drop,
      fresh.filter((e): e is KvEntry => e !== null),
    );
    return kept;
  }

  /**
   * Drops the `gone` keys and the `written` entries' old rows, then checks the written entries
   * in, each at its place in the store's order. One synchronous step.
   */
  private apply<T extends TableName>(
    table: T,
    kept: Kept<T>,
    gone: readonly string[],
    written: readonly KvEntry[],
  ): void {
    const drop = new Set<string>(gone);
    for (const entry of written) drop.add(entry.key);
    for (const key of drop) {
      kept.etags?.delete(key);
      kept.problems.delete(key);
    }
    const rows = kept.rows.filter((r) => !drop.has(keyOf(table, r)));
    for (const entry of written) {
      const row = this.check(table, entry, kept);
      if (row) insertSorted(rows, row, (a, b) => compareRows(table, a, b));
    }
    kept.rows = rows;
  }

  /** Checks a stored document into `into` (its etag, or its problem); the row when valid. */
  private check<T extends TableName>(table: T, entry: KvEntry, into: Kept<T>): Row<T> | null {
    const checked = validateDoc(table, entry.key, entry.value);
    if (!checked.ok) {
      into.etags?.set(entry.key, entry.etag);
      into.problems.set(entry.key, {
        file: NAMESPACES[table],
        row: entry.key,
        column: checked.column,
        code: 'invalid-document',
        message: `${NAMESPACES[table]} ${entry.key}: ${checked.message}`,
      });
      return null;
    }
    // Keyed by the row's own key: for most tables its id, the same string the row holds.
    into.etags?.set(keyOf(table, checked.row), entry.etag);
    Object.freeze(checked.row);
    return checked.row;
  }

  /**
   * The kept array itself, frozen, with its frozen rows: a load with nothing changed hands out
   * the very array the last one did, and a change makes a new array (apply), so each load's
   * snapshot stays as it was read. Copying every table for every load instead cost 15 MB of
   * arrays a tick at 20,000 staff, each living until the next tick, and the tick's evaluation
   * tells what changed by the arrays and rows being the same (policy/snapshot-delta.ts).
   * Problems in key order.
   */
  private output<T extends TableName>(kept: Kept<T>): TableLoad<T> {
    const problems = [...kept.problems.values()].sort((a, b) =>
      a.row < b.row ? -1 : a.row > b.row ? 1 : 0,
    );
    return { rows: Object.freeze(kept.rows) as Array<Row<T>>, problems };
  }
}
