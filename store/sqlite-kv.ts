/**
 * The embedded state store: one SQLite file, zero configuration. Implements the KvStore port
 * with real conditional writes (a unique key for insert, an etag comparison in the UPDATE's
 * WHERE clause for replace), so two bot processes sharing one file still claim each
 * notification once. WAL mode lets readers proceed while a write is in progress.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Json, KvEntry, KvStore, KvWrite } from '../ports/kv-store';

interface Row {
  key: string;
  value: string;
  etag: string;
}

export class SqliteKv implements KvStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  /** `path` is a file path, or `:memory:` for tests. */
  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS kv (
         ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, etag TEXT NOT NULL,
         PRIMARY KEY (ns, key)) WITHOUT ROWID`,
    );
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
    return info.changes === 1 ? { ok: true, etag } : { ok: false, reason: 'exists' };
  }

  async replace(namespace: string, key: string, value: Json, ifEtag: string): Promise<KvWrite> {
    const etag = newEtag();
    const info =
      ifEtag === '*'
        ? this.stmt('UPDATE kv SET value = ?, etag = ? WHERE ns = ? AND key = ?').run(
            JSON.stringify(value),
            etag,
            namespace,
            key,
          )
        : this.stmt('UPDATE kv SET value = ?, etag = ? WHERE ns = ? AND key = ? AND etag = ?').run(
            JSON.stringify(value),
            etag,
            namespace,
            key,
            ifEtag,
          );
    if (info.changes === 1) return { ok: true, etag };
    const exists = this.stmt('SELECT 1 FROM kv WHERE ns = ? AND key = ?').get(namespace, key);
    return { ok: false, reason: exists ? 'conflict' : 'not-found' };
  }

  async upsert(namespace: string, key: string, value: Json): Promise<{ etag: string }> {
    const etag = newEtag();
    this.stmt(
      `INSERT INTO kv (ns, key, value, etag) VALUES (?, ?, ?, ?)
         ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, etag = excluded.etag`,
    ).run(namespace, key, JSON.stringify(value), etag);
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
    return info.changes === 1;
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
