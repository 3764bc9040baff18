import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeKvStoreContract } from './kv-store.contract';
import { SqliteKv } from './sqlite-kv';

describeKvStoreContract('SqliteKv :memory:', async () => new SqliteKv(':memory:'), undefined, {
  hasFeed: true,
});

// Two SqliteKv instances on one file stand in for two bot processes sharing it: every race in
// the suite runs half through each connection.
const dir = mkdtempSync(join(tmpdir(), 'sqlite-kv-'));
const file = join(dir, 'state.sqlite');
describeKvStoreContract(
  'SqliteKv file, two connections',
  async () => new SqliteKv(file),
  async () => rmSync(dir, { recursive: true, force: true }),
  { openPeer: async () => new SqliteKv(file), hasFeed: true },
);

describe('SqliteKv file persistence', () => {
  test('data written by one connection survives close and is read by a new one', async () => {
    const d = mkdtempSync(join(tmpdir(), 'sqlite-kv-'));
    try {
      const path = join(d, 'a.sqlite');
      const a = new SqliteKv(path);
      const w = await a.insert('ns', 'k', { v: 1 });
      await a.close();
      const b = new SqliteKv(path);
      expect(await b.get('ns', 'k')).toEqual({
        key: 'k',
        value: { v: 1 },
        etag: w.ok ? w.etag : '',
      });
      await b.close();
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('SqliteKv write sequence', () => {
  const collect = async (kv: SqliteKv, ns: string, mark: number) => {
    const written: string[] = [];
    const gone: string[] = [];
    const next = await kv.changesSince(
      ns,
      mark,
      100,
      (e) => written.push(e.key),
      (k) => gone.push(k),
    );
    return { next, written, gone };
  };

  test('a file written before the sequence existed is opened, and its old rows are read whole once', async () => {
    const d = mkdtempSync(join(tmpdir(), 'sqlite-kv-'));
    try {
      const path = join(d, 'old.sqlite');
      const old = new Database(path);
      old.exec(
        `CREATE TABLE kv (ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, etag TEXT NOT NULL,
           PRIMARY KEY (ns, key)) WITHOUT ROWID;
         INSERT INTO kv VALUES ('ns', 'a', '{"v":1}', 'W/"1"'), ('ns', 'b', '{"v":2}', 'W/"2"');`,
      );
      old.close();
      // Two connections opening it at once add the column once.
      const [kv, peer] = [new SqliteKv(path), new SqliteKv(path)];
      const seen: string[] = [];
      const mark = await kv.scanMarked('ns', (e) => seen.push(e.key));
      expect(seen.sort()).toEqual(['a', 'b']);
      expect(await kv.get('ns', 'a')).toEqual({ key: 'a', value: { v: 1 }, etag: 'W/"1"' });
      await peer.upsert('ns', 'a', { v: 3 });
      expect(await collect(kv, 'ns', mark)).toEqual({
        next: mark + 1,
        written: ['a'],
        gone: [],
      });
      await Promise.all([kv.close(), peer.close()]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  test('deletions are forgotten after goneKeptForWrites writes; a mark from before then reads whole', async () => {
    const d = mkdtempSync(join(tmpdir(), 'sqlite-kv-'));
    const path = join(d, 'gone.sqlite');
    const kv = new SqliteKv(path, { goneKeptForWrites: 10, pruneEveryDeletes: 2 });
    const remembered = () => {
      const db = new Database(path, { readonly: true });
      const keys = (
        db.prepare('SELECT key FROM kv_gone ORDER BY key').all() as Array<{ key: string }>
      ).map((r) => r.key);
      db.close();
      return keys;
    };
    const early = await kv.scanMarked('ns', () => undefined);
    for (let i = 0; i < 20; i++) await kv.insert('ns', `k${i}`, i);
    const late = await kv.scanMarked('ns', () => undefined);
    await kv.delete('ns', 'k1');
    await kv.delete('ns', 'k2'); // the second deletion prunes: the floor is now late + 2 - 10
    expect(await collect(kv, 'ns', early)).toEqual({ next: null, written: [], gone: [] });
    expect(await collect(kv, 'ns', late)).toEqual({
      next: late + 2,
      written: [],
      gone: ['k1', 'k2'],
    });
    // Past the record's reach, the deletions themselves are pruned, not only out of reach.
    for (let i = 0; i < 12; i++) await kv.upsert('ns', 'k0', i);
    await kv.delete('ns', 'k3');
    expect(remembered()).toEqual(['k1', 'k2', 'k3']);
    await kv.delete('ns', 'k4');
    expect(remembered()).toEqual(['k3', 'k4']);
    expect(await collect(kv, 'ns', late)).toEqual({ next: null, written: [], gone: [] });
    const now = await kv.scanMarked('ns', () => undefined);
    await kv.delete('ns', 'k5');
    expect(await collect(kv, 'ns', now)).toEqual({ next: now + 1, written: [], gone: ['k5'] });
    await kv.close();
    rmSync(d, { recursive: true, force: true });
  });
});
