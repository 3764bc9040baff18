/**
 * Issue 15 item 4 (input side): "Input limits in the contract (cell length per column, row
 * count per file, file size), enforced at import and in SharePoint reads, reported with file,
 * row and column."
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseItem } from '../sharepoint/item-parse';
import { TABLES } from './columns';
import { INPUT_LIMITS, maxCellChars } from './limits';
import { readCsvFolder } from './read-csv-folder';
import { parseRows } from './rows';

const col = (table: keyof typeof TABLES, name: string) =>
  TABLES[table].columns.find((c) => c.name === name)!;

const session = (over: Record<string, string> = {}) => ({
  id: 's1',
  superviseeId: 'p1',
  supervisorId: 'tl',
  kind: 'one-to-one',
  scheduledStart: '2026-03-10T10:00',
  status: 'held',
  ...over,
});

describe('cell length per column', () => {
  it('the limits: record summary 8,000, other text 1,000, dates and numbers 100', () => {
    expect(maxCellChars(col('sessions', 'recordSummary'))).toBe(8_000);
    expect(maxCellChars(col('staff', 'name'))).toBe(INPUT_LIMITS.textChars);
    expect(maxCellChars(col('sessions', 'heldMinutes'))).toBe(INPUT_LIMITS.valueChars);
  });

  it('a record summary at the limit is kept; one character over (a 10 MB one too) is blanked, the session kept', () => {
    const ok = parseRows(
      'sessions',
      [session({ recordSummary: 'x'.repeat(8_000) })],
      'sessions.csv',
    );
    expect(ok.problems).toEqual([]);
    expect(ok.items[0]!.recordSummary).toHaveLength(8_000);
    for (const long of ['x'.repeat(8_001), 'y'.repeat(10 * 1024 * 1024)]) {
      const { items, problems } = parseRows(
        'sessions',
        [session({ recordSummary: long })],
        'sessions.csv',
      );
      expect(items).toHaveLength(1);
      expect(items[0]).not.toHaveProperty('recordSummary');
      expect(problems).toEqual([
        expect.objectContaining({
          file: 'sessions.csv',
          row: 2,
          column: 'recordSummary',
          code: 'too-long',
          rowKept: true,
        }),
      ]);
      expect(problems[0]!.message.length).toBeLessThan(300);
    }
  });

  it('a required cell over its limit skips the row', () => {
    const { items, problems } = parseRows(
      'sessions',
      [session({ id: 'i'.repeat(1_001) })],
      'sessions.csv',
    );
    expect(items).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ column: 'id', code: 'too-long' })]);
    expect(
      parseRows('sessions', [session({ id: 'i'.repeat(1_000) })], 'sessions.csv').items,
    ).toHaveLength(1);
  });

  it('SharePoint items are held to the same limits (list and item id named)', () => {
    const p = parseItem('sessions', '77', '"1"', {
      Title: 's1',
      superviseeId: 'p1',
      supervisorId: 'tl',
      kind: 'one-to-one',
      scheduledStart: '2026-03-10T10:00:00Z',
      status: 'held',
      recordSummary: 'z'.repeat(8_001),
    });
    expect(p.record).not.toBeNull();
    expect(p.problems).toEqual([
      expect.objectContaining({
        file: 'Supervision Sessions',
        row: '77',
        column: 'recordSummary',
        code: 'too-long',
      }),
    ]);
  });
});

describe('file size and row count', () => {
  let dir: string;
  const staffCsv =
    'id,name,email,role,caseHolding,employment,supervisorId\n' +
    'tl,Team Leader,tl@example.org,team-leader,no,full-time,\n' +
    'p1,P One,p1@example.org,practitioner,yes,full-time,tl\n';
  const sessionsCsv = 'id,superviseeId,supervisorId,kind,scheduledStart,status\n';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sb-lim-'));
    await writeFile(path.join(dir, 'staff.csv'), staffCsv);
    await writeFile(path.join(dir, 'sessions.csv'), sessionsCsv);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the contract limits: 256 MiB and 1,000,000 rows a file', () => {
    expect(INPUT_LIMITS.maxFileBytes).toBe(256 * 1024 * 1024);
    expect(INPUT_LIMITS.maxRowsPerFile).toBe(1_000_000);
  });

  it('a file at the row limit is read; one row over is refused whole, naming the file and row', async () => {
    const limits = { maxFileBytes: INPUT_LIMITS.maxFileBytes, maxRowsPerFile: 2 };
    expect((await readCsvFolder(dir, limits)).snapshot.staff).toHaveLength(2);
    await writeFile(
      path.join(dir, 'staff.csv'),
      `${staffCsv}p2,P Two,p2@example.org,practitioner,yes,full-time,tl\n`,
    );
    await expect(readCsvFolder(dir, limits)).rejects.toMatchObject({
      code: 'too-many-rows',
      message: expect.stringMatching(/staff\.csv has 3 rows .* more than the 2 .*from row 4/),
    });
  });

  it('a file over the size limit is refused before it is read', async () => {
    const size = Buffer.byteLength(staffCsv);
    expect(
      (await readCsvFolder(dir, { maxFileBytes: size, maxRowsPerFile: 10 })).snapshot.staff,
    ).toHaveLength(2);
    await expect(
      readCsvFolder(dir, { maxFileBytes: size - 1, maxRowsPerFile: 10 }),
    ).rejects.toMatchObject({
      code: 'file-too-large',
      message: expect.stringContaining(`staff.csv is ${size} bytes`),
    });
  });
});
