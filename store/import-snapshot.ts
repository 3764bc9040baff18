/**
 * Loads an organisation snapshot (from CSV, SharePoint or the demo fixtures) into the
 * embedded store. Idempotent: rows are keyed by identity and compared by content, so a second
 * import of the same snapshot writes nothing. With `replace`, rows no longer in the snapshot
 * are removed; without it, they are left alone. The signatures audit is never touched.
 */
import type { RowProblem } from '../contract/problems';
import type { OrgSnapshot } from '../policy/domain';
import type { Json, KvEntry, KvStore } from '../ports/kv-store';
import { ensureIndexes, INDEX_NAMESPACE, indexKeysOf, isIndexedTable } from './org-index';
import { canonical, keyOf, NAMESPACES, TABLES, validateDoc, type TableName } from './schedule-docs';

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
}

export interface ImportOptions {
  /** Count what would change without writing anything. */
  dryRun?: boolean;
  /** Remove stored rows that are not in the snapshot. */
  replace?: boolean;
  /** Writes in flight at once (Azure round-trips dominate an import); default 8. */
  concurrency?: number;
}

export interface ImportResult {
  counts: Record<TableName, ImportCounts>;
  /** Rows skipped (invalid, duplicate key) or writes that lost a race; never fatal. */
  problems: RowProblem[];
}

export async function importSnapshot(
  kv: KvStore,
  snapshot: OrgSnapshot,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const counts = {} as Record<TableName, ImportCounts>;
  const problems: RowProblem[] = [];
  // Index what is already stored first (a store from before the indexes); this import then
  // indexes each row it writes (store/org-index.ts).
  if (!options.dryRun) await ensureIndexes(kv);
  for (const table of TABLES) {
    counts[table] = await importTable(kv, table, snapshot[table] ?? [], options, problems);
  }
  return { counts, problems };
}

async function importTable<T extends TableName>(
  kv: KvStore,
  table: T,
  rows: ReadonlyArray<OrgSnapshot[T][number]>,
  options: ImportOptions,
  problems: RowProblem[],
): Promise<ImportCounts> {
  const ns = NAMESPACES[table];
  const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0, removed: 0 };
  const stored = new Map<string, KvEntry>((await kv.list(ns)).map((e) => [e.key, e]));
  const seen = new Set<string>();
  const writes: Array<() => Promise<void>> = [];
  const problem = (
    row: string,
    code: string,
    message: string,
    column: string | null = null,
  ): void => {
    problems.push({ file: ns, row, column, code, message: `${ns} ${row}: ${message}` });
  };

  rows.forEach((row, index) => {
    const key = keyOf(table, row);
    const checked = validateDoc(table, key, row);
    if (!checked.ok)
      return problem(String(index + 1), 'invalid-row', checked.message, checked.column);
    if (seen.has(key)) return problem(key, 'duplicate-key', 'appears more than once; first kept');
    seen.add(key);
    const value = JSON.parse(JSON.stringify(checked.row)) as Json;
    const existing = stored.get(key);
    if (existing && canonical(existing.value) === canonical(value)) {
      counts.unchanged++;
      return;
    }
    if (existing) counts.updated++;
    else counts.created++;
    if (options.dryRun) return;
    writes.push(async () => {
      // Index entries before the row (store/org-index.ts). SqliteKv does each write as it is
      // called, so there the order holds without awaiting (and all stay in one transaction).
      const indexing = Promise.all(
        isIndexedTable(table)
          ? indexKeysOf(table, value).map((k) => kv.insert(INDEX_NAMESPACE, k, {}))
          : [],
      );
      if (!isTransactional(kv)) await indexing;
      const w = existing
        ? await kv.replace(ns, key, value, existing.etag)
        : await kv.insert(ns, key, value);
      await indexing;
      if (w.ok) return;
      if (existing) counts.updated--;
      else counts.created--;
      problem(key, 'write-conflict', `not written (${w.reason}); import again`);
    });
  });

  if (options.replace) {
    for (const [key, entry] of stored) {
      if (seen.has(key)) continue;
      counts.removed++;
      if (options.dryRun) continue;
      writes.push(async () => {
        if (!(await kv.delete(ns, key, entry.etag))) {
          counts.removed--;
          problem(key, 'write-conflict', 'not removed (changed meanwhile); import again');
        }
      });
    }
  }
  await runWrites(kv, writes, options.concurrency ?? 8);
  return counts;
}

/** SqliteKv offers a synchronous transaction; its async methods do their work before the first await. */
interface Transactional {
  transaction<T>(fn: () => T): T;
}

function isTransactional(kv: KvStore): boolean {
  return typeof (kv as Partial<Transactional>).transaction === 'function';
}

async function runWrites(
  kv: KvStore,
  tasks: Array<() => Promise<void>>,
  size: number,
): Promise<void> {
  if (typeof (kv as Partial<Transactional>).transaction === 'function') {
    // One commit (one fsync) for the whole table instead of one per row: a 4,000-row demo
    // seed goes from seconds to milliseconds. Results are checked after the commit.
    const pending = (kv as unknown as Transactional).transaction(() => tasks.map((t) => t()));
    await Promise.all(pending);
    return;
  }
  await runPool(tasks, size);
}

async function runPool(tasks: Array<() => Promise<void>>, size: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (task) await task();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, tasks.length)) }, worker));
}
