import { StringPool } from './string-pool';

describe('StringPool', () => {
  it('keeps every value as it was, pooling short strings and arrays of them, not identities', () => {
    const pool = new StringPool();
    const long = 'x'.repeat(41);
    const row: Record<string, unknown> = {
      id: 's-1',
      supervisorId: 'sm-1',
      status: 'held',
      heldMinutes: 90,
      attendees: ['p-1', 'p-2', 3],
      note: long,
      flag: true,
    };
    const before = structuredClone(row);
    pool.internRow(row, new Set(['id']));
    expect(row).toEqual(before);
    // sm-1, held, p-1, p-2: not the id, not the long text, not the number or the boolean.
    expect(pool.size).toBe(4);
    pool.internRow({ ...before, id: 's-2' }, new Set(['id']));
    expect(pool.size).toBe(4);
  });

  it('starts again at its limit rather than growing without end', () => {
    const pool = new StringPool(100);
    for (let i = 0; i < 1000; i++) expect(pool.intern(`v${i}`)).toBe(`v${i}`);
    expect(pool.size).toBeLessThanOrEqual(100);
  });
});
