import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { ContractError } from './problems';
import { readCsvFolder } from './read-csv-folder';
import { writeCsvFolder } from './write-csv-folder';
import { snapshotToCsv } from './write-csv';

/** Drops undefined-valued keys and sorts keys, so equal data compares equal. */
function normal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normal);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, normal(v)]),
    );
  }
  return value;
}

describe('readCsvFolder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sb-csv-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const staffCsv =
    'id,name,email,role,caseHolding,employment,supervisorId\n' +
    'tl,Team Leader,tl@example.org,team-leader,no,full-time,\n' +
    'p1,"Smith, Jo",p1@example.org,practitioner,yes,full-time,tl\n';
  const sessionsCsv =
    'id,superviseeId,supervisorId,kind,scheduledStart,status\n' +
    's1,p1,tl,one-to-one,2026-10-25T01:30,held\n';

  it('round-trips a generated organisation: write then read is identity', async () => {
    const org = generateOrganisation({
      staff: 120,
      years: 1,
      seed: 42,
      asOf: '2026-11-24',
      profile: 'islington-eh',
    });
    // An instant with seconds and one in the repeated hour of the October clock change.
    org.sessions[0]!.supervisorSignedAt = '2026-03-02T10:15:42.000Z';
    org.sessions[1]!.superviseeSignedAt = '2026-10-25T01:30:00.000Z';
    org.sessions[2]!.recordSummary = 'Line one, "quoted"\nline two';
    await writeCsvFolder(dir, org);
    const { snapshot, problems } = await readCsvFolder(dir);
    expect(problems).toEqual([]);
    expect(normal(snapshot)).toEqual(normal(org));
    expect(snapshotToCsv(snapshot)).toEqual(snapshotToCsv(org));
  });

  it('reads a spreadsheet export: BOM, spaces, blank lines, CRLF; optional files absent', async () => {
    await writeFile(
      path.join(dir, 'staff.csv'),
      `\ufeff${staffCsv.replace(/\n/g, '\r\n')}\r\n,,,,,,\r\n`,
    );
    await writeFile(path.join(dir, 'sessions.csv'), sessionsCsv.replace('s1,p1', ' s1 , p1 '));
    const { snapshot, problems } = await readCsvFolder(dir);
    expect(problems).toEqual([]);
    expect(snapshot.staff.map((s) => s.name)).toEqual(['Team Leader', 'Smith, Jo']);
    expect(snapshot.sessions[0]).toMatchObject({ id: 's1', superviseeId: 'p1' });
    // 01:30 on the day the clocks go back: the first (BST) occurrence.
    expect(snapshot.sessions[0]!.scheduledStart).toBe('2026-10-25T00:30:00.000Z');
    expect(snapshot.rota).toEqual([]);
    expect(snapshot.cases).toEqual([]);
  });

  it('reports bad rows with their spreadsheet row number and keeps the rest', async () => {
    await writeFile(path.join(dir, 'staff.csv'), staffCsv);
    await writeFile(
      path.join(dir, 'sessions.csv'),
      sessionsCsv +
        '\ns2,p1,tl,one-to-one,2026-02-30T10:00,held\ns3,p9,tl,one-to-one,2026-02-03T10:00,held\n',
    );
    const { snapshot, problems } = await readCsvFolder(dir);
    expect(snapshot.sessions.map((s) => s.id)).toEqual(['s1']);
    expect(problems.map((p) => [p.file, p.row, p.column, p.code])).toEqual([
      ['sessions.csv', 4, 'scheduledStart', 'invalid-datetime'],
      ['sessions.csv', 5, 'superviseeId', 'unknown-staff'],
    ]);
  });

  it.each([
    ['a missing folder', 'missing-folder', async (d: string) => path.join(d, 'nope')],
    [
      'a missing sessions.csv',
      'missing-file',
      async (d: string) => {
        await writeFile(path.join(d, 'staff.csv'), staffCsv);
        return d;
      },
    ],
    [
      'a missing required column',
      'missing-column',
      async (d: string) => {
        await writeFile(path.join(d, 'staff.csv'), staffCsv.replace('caseHolding', 'caseload'));
        await writeFile(path.join(d, 'sessions.csv'), sessionsCsv);
        return d;
      },
    ],
    [
      'an unclosed quote',
      'invalid-csv',
      async (d: string) => {
        await writeFile(path.join(d, 'staff.csv'), staffCsv);
        await writeFile(path.join(d, 'sessions.csv'), sessionsCsv + 's2,"p1,tl\n');
        return d;
      },
    ],
  ])('stops with a ContractError on %s', async (_what, code, setup) => {
    const target = await setup(dir);
    await expect(readCsvFolder(target)).rejects.toMatchObject({ name: 'ContractError', code });
    await expect(readCsvFolder(target)).rejects.toBeInstanceOf(ContractError);
  });

  it('names the file and the column when one is missing', async () => {
    await writeFile(path.join(dir, 'staff.csv'), staffCsv);
    await writeFile(path.join(dir, 'sessions.csv'), sessionsCsv.replace('status', 'state'));
    await expect(readCsvFolder(dir)).rejects.toThrow(/sessions\.csv has no "status" column/);
  });
});
