/**
 * `supervision-bot export record|file` (issue 18 "Printable"), in-process on the demo
 * organisation's CSV folder; the PDF read back with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManualClock } from '../ports/clock';
import { DEMO_ORG_DIR } from '../demo/demo-org';
import { runCli } from './main';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    clock: new ManualClock('2026-11-24T12:00:00Z'),
    cwd: path.resolve(__dirname, '..'),
  });
  return { code, out, err };
}

const dir = mkdtempSync(path.join(tmpdir(), 'export-'));
const base = ['--data', DEMO_ORG_DIR, '--profile', 'telford-sf'];
const pdfText = (file: string): string =>
  execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

describe('supervision-bot export', () => {
  it('writes a record as a PDF with its sections, signatures and hash', async () => {
    const out = path.join(dir, 'record.pdf');
    const r = await cli([
      'export',
      'record',
      ...base,
      '--session',
      'ses-fsw-hadley-1-7',
      '--out',
      out,
    ]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^wrote .*record\.pdf \(\d+ bytes\)/);
    const text = pdfText(out);
    expect(text).toContain('Supervision record: Tue 7 Apr 2026');
    expect(text).toContain('Telford & Wrekin Council');
    expect(text).toContain('Supervisee: Jess Morgan (fsw-hadley-1)');
    expect(text).toMatch(/This record's content SHA-256: [0-9a-f]{64}/);
  });

  it('writes a supervision file for a period', async () => {
    const out = path.join(dir, 'file.pdf');
    const r = await cli([
      'export',
      'file',
      ...base,
      '--staff',
      'fsw-hadley-1',
      '--from',
      '2026-04-01',
      '--to',
      '2026-06-30',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const text = pdfText(out);
    expect(text).toContain('Supervision file: Jess Morgan');
    expect(text).toContain('Tue 7 Apr 2026 - one-to-one, held');
    expect(text).not.toContain('Tue 7 Jul 2026 - one-to-one');
  });

  it('refuses unusable input with exit 2 and a clear reason', async () => {
    const out = path.join(dir, 'x.pdf');
    expect(await cli(['export', ...base, '--out', out])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/say what to export/),
    });
    expect(
      await cli(['export', 'record', ...base, '--session', 'nope', '--out', out]),
    ).toMatchObject({ code: 2, err: expect.stringMatching(/no session nope/) });
    expect(
      await cli([
        'export',
        'file',
        ...base,
        '--staff',
        'nobody',
        '--from',
        '2026-01-01',
        '--to',
        '2026-02-01',
        '--out',
        out,
      ]),
    ).toMatchObject({ code: 2, err: expect.stringMatching(/no staff member nobody/) });
    expect(
      await cli([
        'export',
        'file',
        ...base,
        '--staff',
        'fsw-hadley-1',
        '--from',
        '2026-13-01',
        '--to',
        '2026-02-01',
        '--out',
        out,
      ]),
    ).toMatchObject({ code: 2, err: expect.stringMatching(/--from must be a date/) });
  });
});
