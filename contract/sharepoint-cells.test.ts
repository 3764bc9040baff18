/**
 * The SharePoint read path shares contract/rows.ts, so a bad optional cell on a list item is
 * blanked and reported exactly as in a CSV file (CONTRACT "Cells and rows").
 */
import { parseItem } from '../sharepoint/item-parse';

describe('SharePoint items: CONTRACT "Cells and rows"', () => {
  const session = {
    Title: 's1',
    superviseeId: 'p1',
    supervisorId: 'tl',
    kind: 'one-to-one',
    scheduledStart: '2026-03-10T10:00:00Z',
    status: 'held',
  };

  it('"heldMinutes = ninety" on a held session: the item is kept, the cell blank, the problem named', () => {
    const p = parseItem('sessions', '41', '"1"', { ...session, heldMinutes: 'ninety' });
    expect(p.record).toMatchObject({ id: 's1', status: 'held' });
    expect(p.record).not.toHaveProperty('heldMinutes');
    expect(p.problems).toEqual([
      expect.objectContaining({
        file: 'Supervision Sessions',
        row: '41',
        column: 'heldMinutes',
        code: 'invalid-integer',
      }),
    ]);
  });

  it('a bad required cell still rejects the item', () => {
    const p = parseItem('sessions', '42', '"1"', { ...session, status: 'maybe' });
    expect(p.record).toBeNull();
    expect(p.problems).toEqual([expect.objectContaining({ column: 'status', row: '42' })]);
  });
});
