/**
 * The KvStore port's semantics as ONE jest suite, run against every adapter
 * (store/sqlite-kv.test.ts, store/azure-table-kv.test.ts). Whatever the scheduler's ledger,
 * the card-state store and the embedded schedule rely on is asserted here, so an adapter that
 * passes can be swapped in without re-testing them.
 *
 * Not a test file itself (no `.test.ts`): the adapters' test files call it.
 */
import { randomUUID } from 'node:crypto';
import type { Json, KvEntry, KvStore } from '../ports/kv-store';

export interface KvContractOptions {
  /**
   * Another handle on the SAME backing store (a second SqliteKv on the same file, a second
   * AzureTableKv on the same table). When given, the races run half through each handle,
   * which is what two bot instances do.
   */
  openPeer?: () => Promise<KvStore>;
  /** Whether the adapter numbers its writes (KvStore.feed); its tests run only then. */
  hasFeed?: boolean;
}

/** Keys that break naive adapters: URL-reserved, OData-quoting, escape and non-ASCII characters. */
export const AWKWARD_KEYS: readonly string[] = [
  'a/b/c',
  'hash#tag',
  'what?x=1&y=2',
  'back\\slash',
  'per%cent%2F',
  "o'brien''s",
  'pipe|separated|key',
  'café – ünïcödé ✓ 日本',
  'emoji 😀 surrogate',
  'spaces  and\ttab',
  'line\nbreak',
  '%',
  '\\',
  '/',
  'x'.repeat(480) + '/#?\\%' + 'y'.repeat(15),
];

export function describeKvStoreContract(
  name: string,
  open: () => Promise<KvStore>,
  cleanup?: () => Promise<void>,
  options: KvContractOptions = {},
): void {
  describe(`KvStore contract: ${name}`, () => {
    let kv: KvStore;
    let peer: KvStore;
    const ns = (): string => `t-${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      kv = await open();
      peer = options.openPeer ? await options.openPeer() : kv;
    });

    afterAll(async () => {
      if (peer && peer !== kv) await peer.close();
      if (kv) await kv.close();
      if (cleanup) await cleanup();
    });

    /** Alternates between the two handles so races cross instances when there are two. */
    const handle = (i: number): KvStore => (i % 2 === 0 ? kv : peer);

    test('get of a missing key is null', async () => {
      expect(await kv.get(ns(), 'nope')).toBeNull();
    });

    test('insert creates, get returns the value and the same etag', async () => {
      const n = ns();
      const value = { a: 1, b: [true, null, 'x'], c: { d: 2.5 } };
      const w = await kv.insert(n, 'k', value);
      expect(w.ok).toBe(true);
      const got = await kv.get(n, 'k');
      expect(got).toEqual({ key: 'k', value, etag: w.ok ? w.etag : '' });
    });

    test('every JSON shape round-trips (null, scalars, arrays, nested objects)', async () => {
      const n = ns();
      const values: Json[] = [null, true, false, 0, -12.5, '', 'text', [], {}, [1, [2, [3]]]];
      for (const [i, v] of values.entries()) {
        expect((await kv.insert(n, `k${i}`, v)).ok).toBe(true);
        expect((await kv.get(n, `k${i}`))?.value).toEqual(v);
      }
    });

    test('insert of an existing key reports exists and leaves the value alone', async () => {
      const n = ns();
      await kv.insert(n, 'k', 'first');
      expect(await kv.insert(n, 'k', 'second')).toEqual({ ok: false, reason: 'exists' });
      expect((await kv.get(n, 'k'))?.value).toBe('first');
    });

    test('50 concurrent inserts of one key: exactly one succeeds', async () => {
      const n = ns();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => handle(i).insert(n, 'claim', { by: i })),
      );
      const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === 'exists')).toHaveLength(49);
      const stored = await kv.get(n, 'claim');
      expect(stored?.value).toEqual({ by: winners[0] });
    });

    test('replace with the current etag succeeds and changes the etag', async () => {
      const n = ns();
      const w1 = await kv.insert(n, 'k', 1);
      if (!w1.ok) throw new Error('insert failed');
      const w2 = await kv.replace(n, 'k', 2, w1.etag);
      expect(w2.ok).toBe(true);
      if (!w2.ok) return;
      expect(w2.etag).not.toBe(w1.etag);
      expect(await kv.get(n, 'k')).toEqual({ key: 'k', value: 2, etag: w2.etag });
    });

    test('replace with a stale etag is a conflict and changes nothing', async () => {
      const n = ns();
      const w1 = await kv.insert(n, 'k', 1);
      if (!w1.ok) throw new Error('insert failed');
      const w2 = await kv.replace(n, 'k', 2, w1.etag);
      expect(w2.ok).toBe(true);
      expect(await kv.replace(n, 'k', 3, w1.etag)).toEqual({ ok: false, reason: 'conflict' });
      expect((await kv.get(n, 'k'))?.value).toBe(2);
    });

    test('an empty etag matches no version (never an unconditional write)', async () => {
      const n = ns();
      await kv.insert(n, 'k', 1);
      expect(await kv.replace(n, 'k', 2, '')).toEqual({ ok: false, reason: 'conflict' });
      expect(await kv.replace(n, 'missing', 2, '')).toEqual({ ok: false, reason: 'not-found' });
      expect(await kv.delete(n, 'k', '')).toBe(false);
      expect((await kv.get(n, 'k'))?.value).toBe(1);
    });

    test('replace of a missing key is not-found (with an etag and with *)', async () => {
      const n = ns();
      expect(await kv.replace(n, 'gone', 1, 'W/"whatever"')).toEqual({
        ok: false,
        reason: 'not-found',
      });
      expect(await kv.replace(n, 'gone', 1, '*')).toEqual({ ok: false, reason: 'not-found' });
      expect(await kv.get(n, 'gone')).toBeNull();
    });

    test('replace with * replaces whatever is there', async () => {
      const n = ns();
      const w1 = await kv.insert(n, 'k', 1);
      if (!w1.ok) throw new Error('insert failed');
      await kv.replace(n, 'k', 2, w1.etag);
      const w3 = await kv.replace(n, 'k', 3, '*');
      expect(w3.ok).toBe(true);
      expect((await kv.get(n, 'k'))?.value).toBe(3);
    });

    test('upsert creates then replaces, with a new etag each time', async () => {
      const n = ns();
      const a = await kv.upsert(n, 'k', 'one');
      const b = await kv.upsert(n, 'k', 'two');
      expect(b.etag).not.toBe(a.etag);
      expect(await kv.get(n, 'k')).toEqual({ key: 'k', value: 'two', etag: b.etag });
    });

    test('the etag changes on every write, even when the value is the same', async () => {
      const n = ns();
      const seen = new Set<string>();
      const w = await kv.insert(n, 'k', 'same');
      if (!w.ok) throw new Error('insert failed');
      seen.add(w.etag);
      let etag = w.etag;
      for (let i = 0; i < 3; i++) {
        const r = await kv.replace(n, 'k', 'same', etag);
        if (!r.ok) throw new Error(`replace ${i} failed: ${r.reason}`);
        etag = r.etag;
        seen.add(etag);
        seen.add((await kv.upsert(n, 'k', 'same')).etag);
        etag = (await kv.get(n, 'k'))?.etag ?? '';
      }
      expect(seen.size).toBe(7);
    });

    test('concurrent replaces with the same etag: exactly one wins', async () => {
      const n = ns();
      const w = await kv.insert(n, 'k', { v: 0 });
      if (!w.ok) throw new Error('insert failed');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => handle(i).replace(n, 'k', { v: i + 1 }, w.etag)),
      );
      const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === 'conflict')).toHaveLength(19);
      const stored = await kv.get(n, 'k');
      expect(stored?.value).toEqual({ v: (winners[0] ?? -1) + 1 });
      const win = results[winners[0] ?? 0];
      expect(stored?.etag).toBe(win?.ok ? win.etag : 'none');
    });

    test('delete without an etag removes; a second delete reports false', async () => {
      const n = ns();
      await kv.insert(n, 'k', 1);
      expect(await kv.delete(n, 'k')).toBe(true);
      expect(await kv.get(n, 'k')).toBeNull();
      expect(await kv.delete(n, 'k')).toBe(false);
    });

    test('delete with a stale etag keeps the entry; with the current etag removes it', async () => {
      const n = ns();
      const w1 = await kv.insert(n, 'k', 1);
      if (!w1.ok) throw new Error('insert failed');
      const w2 = await kv.replace(n, 'k', 2, w1.etag);
      if (!w2.ok) throw new Error('replace failed');
      expect(await kv.delete(n, 'k', w1.etag)).toBe(false);
      expect((await kv.get(n, 'k'))?.value).toBe(2);
      expect(await kv.delete(n, 'k', w2.etag)).toBe(true);
      expect(await kv.get(n, 'k')).toBeNull();
      expect(await kv.delete(n, 'k', w2.etag)).toBe(false);
    });

    test('a deleted key can be inserted again', async () => {
      const n = ns();
      await kv.insert(n, 'k', 1);
      await kv.delete(n, 'k');
      expect((await kv.insert(n, 'k', 2)).ok).toBe(true);
      expect((await kv.get(n, 'k'))?.value).toBe(2);
    });

    test('list returns a namespace in key order, with values and etags', async () => {
      const n = ns();
      const keys = ['b', 'a', 'c|2', 'c|10', 'c', 'B', 'a/b', 'a#', 'a%', 'a&', 'a-'];
      const etags = new Map<string, string>();
      for (const k of keys) {
        const w = await kv.insert(n, k, { k });
        if (w.ok) etags.set(k, w.etag);
      }
      const listed = await kv.list(n);
      expect(listed.map((e) => e.key)).toEqual([...keys].sort(byCodeUnit));
      for (const e of listed) {
        expect(e.value).toEqual({ k: e.key });
        expect(e.etag).toBe(etags.get(e.key));
      }
    });

    test('versions gives every key with the etag a listing gives, and changes with each write', async () => {
      const n = ns();
      const keys = ['b', 'a', 'c|2', 'a/b', 'a%', 'a-'];
      for (const k of keys) await kv.insert(n, k, { k });
      await kv.insert(`${n}x`, 'other', 1);
      const byKey = (vs: Array<{ key: string; etag: string }>) =>
        Object.fromEntries(vs.map((v) => [v.key, v.etag]));
      const versions = async (namespace: string) => {
        const out: Array<{ key: string; etag: string }> = [];
        await kv.versions(namespace, (key, etag) => out.push({ key, etag }));
        return out;
      };
      const listed = byKey(await kv.list(n));
      const first = await versions(n);
      expect(first).toHaveLength(keys.length);
      const before = byKey(first);
      expect(before).toEqual(listed);
      expect(Object.keys(before).sort(byCodeUnit)).toEqual([...keys].sort(byCodeUnit));
      await kv.upsert(n, 'a', { k: 'a', v: 2 });
      await kv.delete(n, 'b');
      await kv.insert(n, 'd', { k: 'd' });
      const after = byKey(await versions(n));
      expect(after).toEqual(byKey(await kv.list(n)));
      expect(after['a']).not.toBe(before['a']);
      expect(after['b']).toBeUndefined();
      expect(after['c|2']).toBe(before['c|2']);
      expect(Object.keys(after)).toHaveLength(keys.length);
      expect(await versions(ns())).toEqual([]);
    });

    test('scan hands over every entry of the namespace once, as list has it', async () => {
      const n = ns();
      for (const k of ['b', 'a', 'c|2', 'a/b', 'a%']) await kv.insert(n, k, { k, n: [1, 'x'] });
      await kv.insert(`${n}x`, 'other', 1);
      const seen: KvEntry[] = [];
      await kv.scan(n, (e) => seen.push(e));
      expect([...seen].sort((a, b) => byCodeUnit(a.key, b.key))).toEqual(await kv.list(n));
      const none: KvEntry[] = [];
      await kv.scan(ns(), (e) => none.push(e));
      expect(none).toEqual([]);
    });

    test(`has a change feed: ${options.hasFeed ? 'yes' : 'no'}`, () => {
      expect(kv.feed !== undefined).toBe(options.hasFeed === true);
    });

    // Only for adapters that have one: Azure Tables has no number that moves with each write.
    if (options.hasFeed)
      describe('change feed', () => {
        const feedOf = (store: KvStore) => {
          if (!store.feed) throw new Error('no feed');
          return store.feed;
        };
        const changes = async (store: KvStore, n: string, mark: number, limit = 100) => {
          const written: KvEntry[] = [];
          const gone: string[] = [];
          const next = await feedOf(store).changesSince(
            n,
            mark,
            limit,
            (e) => written.push(e),
            (k) => gone.push(k),
          );
          written.sort((a, b) => byCodeUnit(a.key, b.key));
          return { next, written, gone: gone.sort(byCodeUnit) };
        };

        test('scanMarked hands over what scan does, and a mark from which nothing has changed', async () => {
          const n = ns();
          for (const k of ['b', 'a', 'c|2']) await kv.insert(n, k, { k });
          const seen: KvEntry[] = [];
          const mark = await feedOf(kv).scanMarked(n, (e) => seen.push(e));
          expect(seen.sort((a, b) => byCodeUnit(a.key, b.key))).toEqual(await kv.list(n));
          expect(await changes(kv, n, mark)).toEqual({ next: mark, written: [], gone: [] });
        });

        test('changesSince gives the writes and deletions after the mark, through any handle, and only them', async () => {
          const n = ns();
          for (const k of ['a', 'b', 'c', 'd', 'e']) await kv.insert(n, k, { k });
          const mark = await feedOf(kv).scanMarked(n, () => undefined);
          const b = await kv.get(n, 'b');
          await peer.replace(n, 'b', { k: 'b', v: 2 }, b!.etag);
          await kv.upsert(n, 'c', { k: 'c', v: 2 });
          await peer.delete(n, 'd');
          await kv.delete(n, 'e');
          await kv.insert(n, 'e', { k: 'e', v: 'again' });
          await peer.insert(n, 'f', { k: 'f' });
          await kv.insert(`${n}x`, 'other', 1);
          // Writes that did not happen do not count.
          expect((await kv.insert(n, 'a', { k: 'a', v: 'no' })).ok).toBe(false);
          expect((await kv.replace(n, 'a', { v: 'no' }, b!.etag)).ok).toBe(false);
          expect(await kv.delete(n, 'zz')).toBe(false);
          const got = await changes(kv, n, mark);
          expect(got.written.map((e) => [e.key, e.value])).toEqual([
            ['b', { k: 'b', v: 2 }],
            ['c', { k: 'c', v: 2 }],
            ['e', { k: 'e', v: 'again' }],
            ['f', { k: 'f' }],
          ]);
          expect(got.written).toEqual((await kv.list(n)).filter((e) => e.key !== 'a'));
          // 'e' was deleted and written again: written, not gone.
          expect(got.gone).toEqual(['d']);
          expect(got.next).toBeGreaterThan(mark);
          expect(await changes(peer, n, got.next!)).toEqual({
            next: got.next,
            written: [],
            gone: [],
          });
          expect(await changes(kv, n, got.next!)).toEqual({
            next: got.next,
            written: [],
            gone: [],
          });
        });

        test('changesSince answers null, handing over nothing, past its limit or for a mark it never gave', async () => {
          const n = ns();
          const mark = await feedOf(kv).scanMarked(n, () => undefined);
          for (const k of ['a', 'b', 'c']) await kv.insert(n, k, { k });
          await kv.delete(n, 'a');
          // Three keys changed, one of them deleted.
          expect(await changes(kv, n, mark, 2)).toEqual({ next: null, written: [], gone: [] });
          const three = await changes(kv, n, mark, 3);
          expect([three.written.map((e) => e.key), three.gone]).toEqual([['b', 'c'], ['a']]);
          expect(await changes(kv, n, mark + 1e9)).toEqual({ next: null, written: [], gone: [] });
          expect(await changes(kv, n, Number.NaN)).toEqual({ next: null, written: [], gone: [] });
        });
      });

    test('list by prefix returns exactly the keys that start with it, in key order', async () => {
      const n = ns();
      const keys = [
        's1|a',
        's1|b',
        's1',
        's10|a',
        's1/x',
        's2|a',
        's1|\u00e9',
        's1|z\uffff',
        'r',
        's1|%',
        's1|#',
      ];
      for (const k of keys) await kv.insert(n, k, k);
      for (const prefix of ['s1|', 's1', 's', 's1/', 's1|%', 'zzz', 's1|z']) {
        const expected = keys.filter((k) => k.startsWith(prefix)).sort(byCodeUnit);
        expect((await kv.list(n, prefix)).map((e) => e.key)).toEqual(expected);
      }
      expect((await kv.list(n, '')).map((e) => e.key)).toEqual([...keys].sort(byCodeUnit));
    });

    test('namespaces are isolated (including a namespace that is a prefix of another)', async () => {
      const a = ns();
      const b = `${a}x`;
      await kv.insert(a, 'k', 'in a');
      await kv.insert(b, 'k', 'in b');
      await kv.insert(b, 'only-b', 1);
      expect((await kv.get(a, 'k'))?.value).toBe('in a');
      expect((await kv.list(a)).map((e) => e.key)).toEqual(['k']);
      expect((await kv.list(b)).map((e) => e.key)).toEqual(['k', 'only-b']);
      expect(await kv.get(a, 'only-b')).toBeNull();
      expect(await kv.delete(a, 'only-b')).toBe(false);
      expect(await kv.list(ns())).toEqual([]);
    });

    test('namespaces with dots and dashes work (the names the app uses)', async () => {
      const n = `org.sessions.${randomUUID().slice(0, 6)}`;
      await kv.insert(n, 'k', 1);
      expect((await kv.list(n)).map((e) => e.key)).toEqual(['k']);
    });

    test('awkward keys round-trip through insert, get, replace, list and delete', async () => {
      const n = ns();
      for (const key of AWKWARD_KEYS) {
        const w = await kv.insert(n, key, { key });
        expect({ key, ok: w.ok }).toEqual({ key, ok: true });
        const got = await kv.get(n, key);
        expect(got?.key).toBe(key);
        expect(got?.value).toEqual({ key });
        const r = await kv.replace(n, key, { key, v: 2 }, got?.etag ?? '');
        expect({ key, ok: r.ok }).toEqual({ key, ok: true });
      }
      const listed = await kv.list(n);
      expect(listed.map((e) => e.key)).toEqual([...AWKWARD_KEYS].sort(byCodeUnit));
      for (const key of AWKWARD_KEYS) {
        expect((await kv.list(n, key)).map((e) => e.key)).toContain(key);
        expect(await kv.delete(n, key)).toBe(true);
      }
      expect(await kv.list(n)).toEqual([]);
    });

    test('values up to ~60 KB round-trip, including non-ASCII text', async () => {
      const n = ns();
      const big = {
        text: 'é日😀'.repeat(6_000) + 'x'.repeat(20_000),
        rows: Array.from({ length: 300 }, (_, i) => ({ i, s: `row ${i}`.padEnd(60, '.') })),
      };
      expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(60_000);
      const w = await kv.insert(n, 'big', big);
      expect(w.ok).toBe(true);
      // Compared as text so that a failure does not print 60 KB.
      const same = (v: unknown): boolean => JSON.stringify(v) === JSON.stringify(big);
      expect(same((await kv.get(n, 'big'))?.value)).toBe(true);
      await kv.upsert(n, 'big', { small: true });
      expect((await kv.get(n, 'big'))?.value).toEqual({ small: true });
      await kv.upsert(n, 'big', big);
      expect(same((await kv.list(n))[0]?.value)).toBe(true);
    });
  });
}

/** Key order is plain string (UTF-16 code unit) order, as `Array.prototype.sort` gives. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
