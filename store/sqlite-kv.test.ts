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

describe('SqliteKv log of writes (the change feed)', () => {
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

  test('a file written before the log existed gains it, and its old rows count as read at the first mark', async () => {
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
      // Two connections open it, one after the other: the second finds the log there.
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

  test('the log keeps the last logKeeps writes; a mark from before them reads whole', async () => {
    const d = mkdtempSync(join(tmpdir(), 'sqlite-kv-'));
    const path = join(d, 'log.sqlite');
    const kv = new SqliteKv(path, { logKeeps: 10, pruneEveryWrites: 5 });
    const logged = () => {
      const db = new Database(path, { readonly: true });
      const seqs = (
        db.prepare('SELECT seq FROM kv_log ORDER BY seq').all() as Array<{ seq: number }>
      ).map((r) => r.seq);
      db.close();
      return seqs;
    };
    const range = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const early = await kv.scanMarked('ns', () => undefined);
    expect(early).toBe(0);
    for (let i = 0; i < 20; i++) await kv.insert('ns', `k${i}`, i);
    // Pruned at the 20th write: the last ten are kept.
    expect(logged()).toEqual(range(11, 20));
    expect(await collect(kv, 'ns', early)).toEqual({ next: null, written: [], gone: [] });
    const late = await kv.scanMarked('ns', () => undefined);
    expect(late).toBe(20);
    await kv.delete('ns', 'k1');
    await kv.delete('ns', 'k2');
    for (let i = 0; i < 3; i++) await kv.upsert('ns', 'k0', i);
    expect(logged()).toEqual(range(16, 25));
    expect(await collect(kv, 'ns', late)).toEqual({
      next: 25,
      written: ['k0'],
      gone: ['k1', 'k2'],
    });
    for (let i = 0; i < 10; i++) await kv.upsert('ns', 'k0', i);
    expect(logged()).toEqual(range(26, 35));
    expect(await collect(kv, 'ns', late)).toEqual({ next: null, written: [], gone: [] });
    const now = await kv.scanMarked('ns', () => undefined);
    await kv.delete('ns', 'k5');
    expect(await collect(kv, 'ns', now)).toEqual({ next: now + 1, written: [], gone: ['k5'] });
    await kv.close();
    rmSync(d, { recursive: true, force: true });
  });
});
