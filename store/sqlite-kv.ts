/**
 * The embedded state store: one SQLite file, zero configuration. Implements the KvStore port
 * with real conditional writes (a unique key for insert, an etag comparison in the UPDATE's
 * WHERE clause for replace), so two bot processes sharing one file still claim each
 * notification once. WAL mode lets readers proceed while a write is in progress.
 *
 * Every write is also appended to a log of writes (`kv_log`: namespace and key, numbered by
 * SQLite's rowid), by triggers, so each write stays one statement: a reader that keeps what it
 * read (store/kept-tables.ts) asks only for what was written after its mark (the KvChangeFeed
 * port) instead of going through every key of a table each tick, which at 20,000 staff meant
 * 1.9 million keys and etags listed, and kept, to find twenty changed rows.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Json, KvChangeFeed, KvEntry, KvMark, KvStore, KvWrite } from '../ports/kv-store';

interface Row {
  key: string;
  value: string;
  etag: string;
}

export interface SqliteKvOptions {
  /**
   * The log keeps this many writes (a reader whose mark is older reads the table whole), so
   * that it does not grow with the file's age: the bot writes the ledger on every send.
   */
  logKeeps?: number;
  /** Writes by one connection between two prunings of the log. */
  pruneEveryWrites?: number;
}

export class SqliteKv implements KvStore, KvChangeFeed {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private writes = 0;
  readonly feed: KvChangeFeed = this;

  private readonly logKeeps: number;
  private readonly pruneEveryWrites: number;

  /** `path` is a file path, or `:memory:` for tests. */
  constructor(path: string, options: SqliteKvOptions = {}) {
    this.logKeeps = options.logKeeps ?? 1_000_000;
    this.pruneEveryWrites = options.pruneEveryWrites ?? 1000;
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
  }

  async get(namespace: string, key: string): Promise<KvEntry | null> {
    const row = this.stmt('SELECT key, value, etag FROM kv WHERE ns = ? AND key = ?').get(
      namespace,
      key,
    ) as Row | undefined;
    return row ? toEntry(row) : null;
  }

  async insert(namespace: string, key: string, value: Json): Promise<KvWrite> {
    const etag = newEtag();
    const info = this.stmt(
      'INSERT OR IGNORE INTO kv (ns, key, value, etag) VALUES (?, ?, ?, ?)',
    ).run(namespace, key, JSON.stringify(value), etag);
    return this.wrote(info.changes === 1) ? { ok: true, etag } : { ok: false, reason: 'exists' };
  }

  async replace(namespace: string, key: string, value: Json, ifEtag: string): Promise<KvWrite> {
    const etag = newEtag();
    const set = 'UPDATE kv SET value = ?, etag = ? WHERE ns = ? AND key = ?';
    const info =
      ifEtag === '*'
        ? this.stmt(set).run(JSON.stringify(value), etag, namespace, key)
        : this.stmt(`${set} AND etag = ?`).run(JSON.stringify(value), etag, namespace, key, ifEtag);
    if (this.wrote(info.changes === 1)) return { ok: true, etag };
    const exists = this.stmt('SELECT 1 FROM kv WHERE ns = ? AND key = ?').get(namespace, key);
    return { ok: false, reason: exists ? 'conflict' : 'not-found' };
  }

  async upsert(namespace: string, key: string, value: Json): Promise<{ etag: string }> {
    const etag = newEtag();
    this.stmt(
      `INSERT INTO kv (ns, key, value, etag) VALUES (?, ?, ?, ?)
         ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, etag = excluded.etag`,
    ).run(namespace, key, JSON.stringify(value), etag);
    this.wrote(true);
    return { etag };
  }

  async delete(namespace: string, key: string, ifEtag?: string): Promise<boolean> {
    const info =
      ifEtag === undefined || ifEtag === '*'
        ? this.stmt('DELETE FROM kv WHERE ns = ? AND key = ?').run(namespace, key)
        : this.stmt('DELETE FROM kv WHERE ns = ? AND key = ? AND etag = ?').run(
            namespace,
            key,
            ifEtag,
          );
    return this.wrote(info.changes === 1);
  }

  async list(namespace: string, prefix?: string): Promise<KvEntry[]> {
    const rows = (
      prefix
        ? this.stmt(
            // A key range, so the primary key index finds the prefix instead of scanning the
            // namespace (the org indexes list one person's entries among hundreds of
            // thousands): every key that starts with the prefix sorts between it and the prefix
            // followed by U+10FFFF, the largest code point (a noncharacter, never in an id).
            // The substr test keeps the answer exact; not LIKE: keys may contain % and _.
            `SELECT key, value, etag FROM kv
               WHERE ns = ? AND key >= ? AND key < ? AND substr(key, 1, ?) = ? ORDER BY key`,
          ).all(namespace, prefix, `${prefix}\u{10FFFF}`, prefix.length, prefix)
        : this.stmt('SELECT key, value, etag FROM kv WHERE ns = ? ORDER BY key').all(namespace)
    ) as Row[];
    // SQLite orders by UTF-8 bytes; re-sort by UTF-16 code units so both adapters agree on
    // "key order" even for astral characters (a no-op pass on already-sorted ASCII keys).
    return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(toEntry);
  }

  async scan(namespace: string, visit: (entry: KvEntry) => void): Promise<void> {
    await this.scanMarked(namespace, visit);
  }

  async versions(namespace: string, visit: (key: string, etag: string) => void): Promise<void> {
    const rows = this.stmt('SELECT key, etag FROM kv WHERE ns = ?').iterate(namespace);
    for (const row of rows as IterableIterator<Row>) visit(row.key, row.etag);
  }

  async scanMarked(namespace: string, visit: (entry: KvEntry) => void): Promise<KvMark> {
    // A row at a time off the cursor: each row's text and parsed value die young. The mark and
    // the rows from one read snapshot (the transaction), so a write another process makes
    // meanwhile is either in both or in neither.
    return this.db.transaction(() => {
      const mark = this.logEnds().last;
      const rows = this.stmt('SELECT key, value, etag FROM kv WHERE ns = ?').iterate(namespace);
      for (const row of rows as IterableIterator<Row>) visit(toEntry(row));
      return mark;
    })();
  }

  async changesSince(
    namespace: string,
    mark: KvMark,
    limit: number,
    visit: (entry: KvEntry) => void,
    gone: (key: string) => void,
  ): Promise<KvMark | null> {
    return this.db.transaction(() => {
      const { first, last } = this.logEnds();
      // The log must hold every write after the mark: none pruned (the first kept is at most
      // one past it), and the mark one this file gave.
      if (!Number.isSafeInteger(mark) || mark > last || (first !== null && mark < first - 1))
        return null;
      if (mark === last) return last;
      // The keys first (the log, not the rows), stopping past the limit, so that an import's
      // changes are never gathered only to be read again whole.
      const keys = new Set<string>();
      const logged = this.stmt('SELECT key FROM kv_log WHERE seq > ? AND ns = ?').iterate(
        mark,
        namespace,
      );
      for (const row of logged as IterableIterator<{ key: string }>) {
        keys.add(row.key);
        if (keys.size > limit) {
          (logged as IterableIterator<unknown>).return?.();
          return null;
        }
      }
      const read = this.stmt('SELECT key, value, etag FROM kv WHERE ns = ? AND key = ?');
      for (const key of keys) {
        const row = read.get(namespace, key) as Row | undefined;
        if (row) visit(toEntry(row));
        else gone(key);
      }
      return last;
    })();
  }

  /** The log's first and last numbers (0 for the last when nothing was ever logged). */
  private logEnds(): { first: number | null; last: number } {
    // Apart: SQLite answers a lone min() or max() from the end of the key; both at once scan.
    const first = this.stmt('SELECT min(seq) AS n FROM kv_log').get() as { n: number | null };
    const last = this.stmt('SELECT max(seq) AS n FROM kv_log').get() as { n: number | null };
    return { first: first.n, last: last.n ?? 0 };
  }

  /** Counts a write that happened, pruning the log every so often; returns whether it did. */
  private wrote(happened: boolean): boolean {
    if (happened && ++this.writes % this.pruneEveryWrites === 0) {
      // Never the last entry: the next write's number is one past it (SQLite's rowid).
      this.stmt('DELETE FROM kv_log WHERE seq <= (SELECT max(seq) FROM kv_log) - max(?, 1)').run(
        this.logKeeps,
      );
    }
    return happened;
  }

  /** Prepared once per SQL text: preparing costs more than running a point read. */
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  /** Runs several writes atomically (used by bulk imports). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function toEntry(row: Row): KvEntry {
  return { key: row.key, value: JSON.parse(row.value) as Json, etag: row.etag };
}

/**
 * The store's table, and the log of its writes. The triggers write the log in the same
 * statement as the write itself (atomic under SQLite's write lock, which a writing statement
 * takes when it starts); a transaction around each write would cost more than the write.
 * `seq` is the rowid: one past the largest, and the largest is never pruned, so it only grows.
 * A file from before the log gains it when opened; its rows count as written before any mark.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS kv (
    ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, etag TEXT NOT NULL,
    PRIMARY KEY (ns, key)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS kv_log (seq INTEGER PRIMARY KEY, ns TEXT NOT NULL, key TEXT NOT NULL);
  CREATE TRIGGER IF NOT EXISTS kv_log_insert AFTER INSERT ON kv BEGIN
    INSERT INTO kv_log (ns, key) VALUES (NEW.ns, NEW.key);
  END;
  CREATE TRIGGER IF NOT EXISTS kv_log_update AFTER UPDATE ON kv BEGIN
    INSERT INTO kv_log (ns, key) VALUES (NEW.ns, NEW.key);
  END;
  CREATE TRIGGER IF NOT EXISTS kv_log_delete AFTER DELETE ON kv BEGIN
    INSERT INTO kv_log (ns, key) VALUES (OLD.ns, OLD.key);
  END;`;

function newEtag(): string {
  return `W/"${randomUUID()}"`;
}
