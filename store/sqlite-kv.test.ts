import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeKvStoreContract } from './kv-store.contract';
import { SqliteKv } from './sqlite-kv';

describeKvStoreContract('SqliteKv :memory:', async () => new SqliteKv(':memory:'));

// Two SqliteKv instances on one file stand in for two bot processes sharing it: every race in
// the suite runs half through each connection.
const dir = mkdtempSync(join(tmpdir(), 'sqlite-kv-'));
const file = join(dir, 'state.sqlite');
describeKvStoreContract(
  'SqliteKv file, two connections',
  async () => new SqliteKv(file),
  async () => rmSync(dir, { recursive: true, force: true }),
  { openPeer: async () => new SqliteKv(file) },
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
