import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SessionRecord } from '../policy/domain';
import { recordFromSummary } from '../policy/record';
import { RECORD_TEMPLATES } from '../policy/record-templates';
import { session, smallOrg } from '../policy/test-support';
import { readCsvFolder } from './read-csv-folder';
import { writeCsvFolder } from './write-csv-folder';

const record: SessionRecord = {
  sessionId: 's1',
  sections: { wellbeing: 'Fine, "busy", month,\nsecond line', 'learning-development': 'ASYE' },
  cases: [
    {
      caseId: 'LL-1',
      discussion: 'Worries: attendance',
      decision: 'Continue',
      riskScale: 6,
      actions: [{ text: 'Call school', ownerId: 'fsw', dueDate: '2026-12-04' }],
      significantDecision: true,
    },
  ],
  nextSessionAt: '2026-12-22T10:00:00.000Z',
  status: 'final',
  updatedAt: '2026-11-24T10:00:00.000Z',
};
const org = () =>
  smallOrg({
    sessions: [
      session('s1', 'fsw', 'tl', '2026-11-23', { status: 'held' }),
      session('s2', 'fsw', 'tl', '2026-10-20', {
        status: 'held',
        recordSummary: 'Old style summary',
        recordCompletedAt: '2026-10-20T15:00:00.000Z',
      }),
    ],
    records: [record],
  });

describe('records.csv', () => {
  it('round-trips structured records through a CSV folder, and still reads the old summary', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'records-'));
    const written = await writeCsvFolder(dir, org());
    expect(written).toContain('records.csv');
    const back = await readCsvFolder(dir);
    expect(back.problems).toEqual([]);
    expect(back.snapshot.records).toEqual([record]);
    const old = back.snapshot.sessions.find((s) => s.id === 's2')!;
    expect(old.recordSummary).toBe('Old style summary');
    expect(recordFromSummary(old, RECORD_TEMPLATES['manchester-cs']).sections).toEqual({
      wellbeing: 'Old style summary',
    });
  });

  it('reports a broken row without its text and skips it; a folder without the file has none', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'records-'));
    await writeCsvFolder(dir, org());
    const file = path.join(dir, 'records.csv');
    const good = readFileSync(file, 'utf8').trim().split('\n');
    writeFileSync(
      file,
      [
        good[0],
        good[1],
        's2,final,2026-11-24T10:00,,"{""wellbeing"": Secret Name}",[]',
        'nope,draft,2026-11-24T10:00,,{},[]',
        good[1],
      ].join('\n'),
    );
    const back = await readCsvFolder(dir);
    expect(back.snapshot.records.map((r) => r.sessionId)).toEqual(['s1']);
    expect(back.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, 'sections', 'invalid-json'],
      [4, 'sessionId', 'unknown-session'],
      [5, 'sessionId', 'duplicate-key'],
    ]);
    expect(JSON.stringify(back.problems)).not.toContain('Secret');

    const bare = mkdtempSync(path.join(tmpdir(), 'records-'));
    await writeCsvFolder(bare, { ...org(), records: [] });
    expect((await readCsvFolder(bare)).snapshot.records).toEqual([]);
  });
});
