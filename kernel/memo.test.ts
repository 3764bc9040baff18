import { memoOfString, memoOfStringAndCount } from './memo';

describe('memos of pure functions', () => {
  it('computes each answer once and hands it out again', () => {
    let calls = 0;
    const upper = memoOfString((s) => (calls++, s.toUpperCase()));
    expect([upper('a'), upper('b'), upper('a')]).toEqual(['A', 'B', 'A']);
    expect(calls).toBe(2);
  });

  it('keeps answers per count, then per string', () => {
    let calls = 0;
    const repeat = memoOfStringAndCount((s, n) => (calls++, s.repeat(n)));
    expect([repeat('ab', 2), repeat('ab', 3), repeat('ab', 2)]).toEqual(['abab', 'ababab', 'abab']);
    expect(calls).toBe(2);
  });

  it('starts again past its limit, still answering right', () => {
    let calls = 0;
    const same = memoOfString((s) => (calls++, s), 10);
    for (let i = 0; i < 100; i++) expect(same(`k${i % 20}`)).toBe(`k${i % 20}`);
    expect(calls).toBeGreaterThan(20); // the map was cleared and answers computed again
  });
});
