/**
 * The embedded state store: one SQLite file, zero configuration. Implements the KvStore port
 * with real conditional writes (a unique key for insert, an etag comparison in the UPDATE's
 * WHERE clause for replace), so two bot processes sharing one file still claim each
 * notification once. WAL mode lets readers proceed while a write is in progress.
 *
 * Every write also takes the next number of the file's write sequence (`kv_meta` 'seq'), kept
 * on the row, and a delete leaves the key in `kv_gone` with its number: so a reader that keeps
 * what it read (store/kept-tables.ts) asks only for what was written after its mark (the
 * KvChangeFeed port) instead of going through every key of a table each tick, which at 20,000
 * staff meant 1.9 million keys and etags listed, and kept, to find twenty changed rows.
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
   * Deleted keys are remembered for this many writes after their deletion (a reader whose mark
   * is older then reads the table whole): the ledger and the outbox delete a key per pruned
   * notification, for good, so the record of deletions must not grow with the file's age.
   */
  goneKeptForWrites?: number;
  /** Deletions by one connection between two prunings of that record. */
  pruneEveryDeletes?: number;
}

export class SqliteKv implements KvStore, KvChangeFeed {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private deletes = 0;
  /** One write and its sequence number, in one immediate transaction (built once). */
  private readonly writing: Database.Transaction<(fn: (seq: number) => unknown) => unknown>;
  readonly feed: KvChangeFeed = this;

  private readonly goneKeptForWrites: number;
  private readonly pruneEveryDeletes: number;

  /** `path` is a file path, or `:memory:` for tests. */
  constructor(path: string, options: SqliteKvOptions = {}) {
    this.goneKeptForWrites = options.goneKeptForWrites ?? 1_000_000;
    this.pruneEveryDeletes = options.pruneEveryDeletes ?? 1000;
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    // Immediate: two processes opening a file written before the sequence existed must not
    // both add the column.
    this.db
      .transaction(() => {
        this.db.exec(
          `CREATE TABLE IF NOT EXISTS kv (
             ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, etag TEXT NOT NULL,
             seq INTEGER NOT NULL DEFAULT 0,
             PRIMARY KEY (ns, key)) WITHOUT ROWID`,
        );
        const columns = this.db.pragma('table_info(kv)') as Array<{ name: string }>;
        if (!columns.some((c) => c.name === 'seq')) {
          // A file from before: its rows count as written before any mark (0).
          this.db.exec('ALTER TABLE kv ADD COLUMN seq INTEGER NOT NULL DEFAULT 0');
        }
        this.db.exec(
          `CREATE INDEX IF NOT EXISTS kv_by_seq ON kv (ns, seq);
           CREATE TABLE IF NOT EXISTS kv_gone (
             ns TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL,
             PRIMARY KEY (ns, key)) WITHOUT ROWID;
           CREATE INDEX IF NOT EXISTS kv_gone_by_seq ON kv_gone (ns, seq);
           CREATE TABLE IF NOT EXISTS kv_meta (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
           INSERT OR IGNORE INTO kv_meta (name, n) VALUES ('seq', 0), ('gone-floor', 0);`,
        );
      })
      .immediate();
    this.writing = this.db.transaction((fn: (seq: number) => unknown) => {
      const { n } = this.stmt(
        "UPDATE kv_meta SET n = n + 1 WHERE name = 'seq' RETURNING n",
      ).get() as {
        n: number;
      };
      return fn(n);
    });
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
    const text = JSON.stringify(value);
    const info = this.write((seq) =>
      this.stmt('INSERT OR IGNORE INTO kv (ns, key, value, etag, seq) VALUES (?, ?, ?, ?, ?)').run(
        namespace,
        key,
        text,
        etag,
        seq,
      ),
    );
    return info.changes === 1 ? { ok: true, etag } : { ok: false, reason: 'exists' };
  }

  async replace(namespace: string, key: string, value: Json, ifEtag: string): Promise<KvWrite> {
    const etag = newEtag();
    const text = JSON.stringify(value);
    const info = this.write((seq) =>
      ifEtag === '*'
        ? this.stmt('UPDATE kv SET value = ?, etag = ?, seq = ? WHERE ns = ? AND key = ?').run(
            text,
            etag,
            seq,
            namespace,
            key,
          )
        : this.stmt(
            'UPDATE kv SET value = ?, etag = ?, seq = ? WHERE ns = ? AND key = ? AND etag = ?',
          ).run(text, etag, seq, namespace, key, ifEtag),
    );
    if (info.changes === 1) return { ok: true, etag };
    const exists = this.stmt('SELECT 1 FROM kv WHERE ns = ? AND key = ?').get(namespace, key);
    return { ok: false, reason: exists ? 'conflict' : 'not-found' };
  }

  async upsert(namespace: string, key: string, value: Json): Promise<{ etag: string }> {
    const etag = newEtag();
    const text = JSON.stringify(value);
    this.write((seq) =>
      this.stmt(
        `INSERT INTO kv (ns, key, value, etag, seq) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (ns, key) DO UPDATE
             SET value = excluded.value, etag = excluded.etag, seq = excluded.seq`,
      ).run(namespace, key, text, etag, seq),
    );
    return { etag };
  }

  async delete(namespace: string, key: string, ifEtag?: string): Promise<boolean> {
    const deleted = this.write((seq) => {
      const info =
        ifEtag === undefined || ifEtag === '*'
          ? this.stmt('DELETE FROM kv WHERE ns = ? AND key = ?').run(namespace, key)
          : this.stmt('DELETE FROM kv WHERE ns = ? AND key = ? AND etag = ?').run(
              namespace,
              key,
              ifEtag,
            );
      if (info.changes !== 1) return false;
      this.stmt('INSERT OR REPLACE INTO kv_gone (ns, key, seq) VALUES (?, ?, ?)').run(
        namespace,
        key,
        seq,
      );
      return true;
    });
    if (deleted && ++this.deletes % this.pruneEveryDeletes === 0) this.pruneGone();
    return deleted;
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
    // A row at a time off the cursor: each row's text and parsed value die young.
    const rows = this.stmt('SELECT key, value, etag FROM kv WHERE ns = ?').iterate(namespace);
    for (const row of rows as IterableIterator<Row>) visit(toEntry(row));
  }

  async versions(namespace: string, visit: (key: string, etag: string) => void): Promise<void> {
    const rows = this.stmt('SELECT key, etag FROM kv WHERE ns = ?').iterate(namespace);
    for (const row of rows as IterableIterator<Row>) visit(row.key, row.etag);
  }

  async scanMarked(namespace: string, visit: (entry: KvEntry) => void): Promise<KvMark> {
    // The mark and the rows from one read snapshot (the transaction), so a write another
    // process makes meanwhile is either in both or in neither.
    return this.db.transaction(() => {
      const mark = this.meta('seq');
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
      const now = this.meta('seq');
      if (!Number.isSafeInteger(mark) || mark > now || mark < this.meta('gone-floor')) return null;
      if (mark === now) return now;
      // Counted first (off the index, stopping past the limit) so that an import's changes are
      // never gathered only to be read again whole.
      const { n } = this.stmt(
        'SELECT count(*) AS n FROM (SELECT 1 FROM kv WHERE ns = ? AND seq > ? LIMIT ?)',
      ).get(namespace, mark, limit + 1) as { n: number };
      if (n > limit) return null;
      const went = this.stmt('SELECT key FROM kv_gone WHERE ns = ? AND seq > ?').iterate(
        namespace,
        mark,
      );
      for (const row of went as IterableIterator<{ key: string }>) gone(row.key);
      const rows = this.stmt('SELECT key, value, etag FROM kv WHERE ns = ? AND seq > ?').iterate(
        namespace,
        mark,
      );
      for (const row of rows as IterableIterator<Row>) visit(toEntry(row));
      return now;
    })();
  }

  /** Runs one write with the next number of the sequence, in one transaction with it. */
  private write<T>(fn: (seq: number) => T): T {
    return this.writing.immediate(fn) as T;
  }

  /** Forgets deletions older than goneKeptForWrites writes; marks before them read whole. */
  private pruneGone(): void {
    this.db
      .transaction(() => {
        const floor = this.meta('seq') - this.goneKeptForWrites;
        if (floor <= this.meta('gone-floor')) return;
        this.stmt('DELETE FROM kv_gone WHERE seq <= ?').run(floor);
        this.stmt("UPDATE kv_meta SET n = ? WHERE name = 'gone-floor'").run(floor);
      })
      .immediate();
  }

  private meta(name: 'seq' | 'gone-floor'): number {
    return (this.stmt('SELECT n FROM kv_meta WHERE name = ?').get(name) as { n: number }).n;
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

function newEtag(): string {
  return `W/"${randomUUID()}"`;
}
