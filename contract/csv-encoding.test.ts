/**
 * Issue 15 item 5: "UTF-8 with or without BOM accepted; UTF-16 detected and read; anything else
 * refused with a message naming the encoding problem and the first bad row; the delimiter
 * detected (comma or semicolon) or named in the error."
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodeCsvBytes, firstInvalidUtf8 } from './csv-encoding';
import { readCsvFolder } from './read-csv-folder';

const staffCsv =
  'id,name,email,role,caseHolding,employment,supervisorId\n' +
  'tl,Team Leader,tl@example.org,team-leader,no,full-time,\n' +
  'p1,José Müller,p1@example.org,practitioner,yes,full-time,tl\n';
const sessionsCsv =
  'id,superviseeId,supervisorId,kind,scheduledStart,status\n' +
  's1,p1,tl,one-to-one,2026-10-20T10:00,held\n';

function utf16(text: string, le: boolean, bom: boolean): Buffer {
  const body = Buffer.from(text, 'utf16le');
  if (!le)
    for (let i = 0; i + 1 < body.length; i += 2) [body[i], body[i + 1]] = [body[i + 1]!, body[i]!];
  const mark = le ? [0xff, 0xfe] : [0xfe, 0xff];
  return bom ? Buffer.concat([Buffer.from(mark), body]) : body;
}

function latin1(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

describe('CSV encodings and delimiters (issue 15 item 5)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sb-enc-'));
    await writeFile(path.join(dir, 'sessions.csv'), sessionsCsv);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const names = async () => (await readCsvFolder(dir)).snapshot.staff.map((s) => s.name);

  it.each([
    ['UTF-8 without a BOM', Buffer.from(staffCsv, 'utf8')],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(staffCsv)])],
    ['UTF-16 LE with a BOM', utf16(staffCsv, true, true)],
    ['UTF-16 BE with a BOM', utf16(staffCsv, false, true)],
    ['UTF-16 LE without a BOM', utf16(staffCsv, true, false)],
    ['UTF-16 BE without a BOM', utf16(staffCsv, false, false)],
  ])('%s is read, "José Müller" intact', async (_what, bytes) => {
    await writeFile(path.join(dir, 'staff.csv'), bytes);
    expect(await names()).toEqual(['Team Leader', 'José Müller']);
  });

  it('a latin-1 file is refused, naming the encoding problem and the first bad row (not read as "Jos� M�ller")', async () => {
    await writeFile(path.join(dir, 'staff.csv'), latin1(staffCsv));
    await expect(readCsvFolder(dir)).rejects.toMatchObject({
      name: 'ContractError',
      code: 'invalid-encoding',
      message: expect.stringMatching(/staff\.csv is not UTF-8: row 3 .*latin-1/),
    });
  });

  it('the first bad row counts spreadsheet rows, not lines inside a quoted cell', async () => {
    const text =
      'id,name,email,role,caseHolding,employment,supervisorId\n' +
      'tl,"Team\nLeader",tl@example.org,team-leader,no,full-time,\n' +
      'p1,Zoë,p1@example.org,practitioner,yes,full-time,tl\n';
    expect(() => decodeCsvBytes(latin1(text), 'staff.csv')).toThrow(/row 3 /);
  });

  it('finds the first invalid UTF-8 byte (overlong, surrogate and truncated sequences too)', () => {
    expect(firstInvalidUtf8(Buffer.from('abc é ✓ 😀'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe9, 0x62]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0); // overlong "/"
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // a surrogate
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1); // cut short
  });

  it('a semicolon-separated export (Excel in a comma-decimal locale) is read', async () => {
    await writeFile(path.join(dir, 'staff.csv'), staffCsv.replace(/,/g, ';'));
    await writeFile(path.join(dir, 'sessions.csv'), sessionsCsv.replace(/,/g, ';'));
    const { snapshot, problems } = await readCsvFolder(dir);
    expect(problems).toEqual([]);
    expect(snapshot.staff.map((s) => s.name)).toEqual(['Team Leader', 'José Müller']);
    expect(snapshot.sessions).toHaveLength(1);
  });

  it('a semicolon file whose cells contain commas is still read as semicolon-separated', async () => {
    await writeFile(
      path.join(dir, 'staff.csv'),
      staffCsv.replace(/,/g, ';').replace('Team Leader', 'Leader, Team'),
    );
    expect(await names()).toEqual(['Leader, Team', 'José Müller']);
  });

  it('a tab-separated file is refused, naming the delimiter (not "no id column")', async () => {
    await writeFile(path.join(dir, 'staff.csv'), staffCsv.replace(/,/g, '\t'));
    await expect(readCsvFolder(dir)).rejects.toMatchObject({
      code: 'invalid-delimiter',
      message: expect.stringContaining('staff.csv separates its columns with tabs'),
    });
  });

  it('an unclosed quote names the delimiter the file was read with', async () => {
    await writeFile(path.join(dir, 'staff.csv'), staffCsv.replace(/,/g, ';') + 'p2;"x\n');
    await expect(readCsvFolder(dir)).rejects.toThrow(/semicolon-separated CSV/);
  });
});
