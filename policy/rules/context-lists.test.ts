import { groupBy, sortIfNeeded } from './context';

type Row = { key: number; seq: number };
const byKey = (a: Row, b: Row) => a.key - b.key;

/** A deterministic pseudo-random sequence (no Math.random: a failure must reproduce). */
function lcg(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function rows(keys: number[]): Row[] {
  return keys.map((key, seq) => ({ key, seq }));
}

/** What a stable sort gives: by key, then by original position. */
function expected(list: Row[]): Row[] {
  return [...list].sort((a, b) => a.key - b.key || a.seq - b.seq);
}

describe('sortIfNeeded', () => {
  it('leaves a sorted list as it is', () => {
    const list = rows([1, 2, 2, 3, 5]);
    const before = [...list];
    sortIfNeeded(list, byKey);
    expect(list).toEqual(before);
  });

  it('sorts a nearly sorted list (a few late rows) stably', () => {
    // One-to-ones by date, then observations whose ids sort after them.
    const list = rows([1, 2, 3, 4, 5, 6, 7, 8, 3, 6, 6, 0]);
    const want = expected(list);
    sortIfNeeded(list, byKey);
    expect(list).toEqual(want);
  });

  it('sorts any order stably, whether it stays within its budget of moves or not', () => {
    const next = lcg(7);
    for (let n = 0; n < 60; n++) {
      // Keys from a small range, so that equal keys (stability) are common.
      const keys = Array.from({ length: n }, () => Math.floor(next() * 10));
      const reversed = [...keys].sort((a, b) => b - a);
      for (const k of [keys, reversed]) {
        const list = rows(k);
        const want = expected(list);
        sortIfNeeded(list, byKey);
        expect(list).toEqual(want);
      }
    }
  });
});

describe('groupBy', () => {
  /** The plain way: one map lookup per item. */
  function naive(items: string[]): Map<string, number[]> {
    const m = new Map<string, number[]>();
    items.forEach((k, i) => (m.get(k) ?? m.set(k, []).get(k)!).push(i));
    return m;
  }
  const grouped = (items: string[]) =>
    new Map(
      [
        ...groupBy(
          items.map((k, i) => ({ k, i })),
          (x) => x.k,
        ),
      ].map(([k, list]) => [k, list.map((x) => x.i)]),
    );

  it('gives every key its items in input order, whether a key comes in one run or several', () => {
    for (const items of [
      [],
      ['a'],
      ['a', 'a', 'b', 'b', 'b', 'c'],
      ['a', 'b', 'a', 'c', 'b', 'a', 'a'],
      ['x', 'x', 'y', 'x', 'y', 'y', 'z', 'x'],
    ])
      expect(grouped(items)).toEqual(naive(items));
  });

  it('agrees with the plain way on a shuffled list with long runs', () => {
    const next = lcg(11);
    const items = Array.from({ length: 500 }, () => `k${Math.floor(next() * 7)}`);
    items.sort();
    // Break a few runs up, as rows added since the last full read would.
    for (let i = 0; i < 20; i++) {
      const a = Math.floor(next() * items.length);
      const b = Math.floor(next() * items.length);
      [items[a], items[b]] = [items[b]!, items[a]!];
    }
    expect(grouped(items)).toEqual(naive(items));
  });
});
