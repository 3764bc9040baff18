import { mkdtemp, readFile, rm, writeFile, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../ports/clock';
import { DEMO_ORG_DIR } from '../demo/demo-org';
import { runCli } from './main';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(argv: string[], now = '2026-11-24T12:00:00Z'): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    clock: new ManualClock(now),
    cwd: path.resolve(__dirname, '..'),
  });
  return { code, out, err };
}

const demo = ['evaluate', '--data', DEMO_ORG_DIR, '--profile', 'telford-sf'];

describe('supervision-bot (in-process)', () => {
  it('prints help and lists evaluate; no command is a usage error', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/Usage: supervision-bot <command>/);
    expect(help.out).toMatch(/evaluate +Evaluate a data folder/);
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/Usage/);
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command "frobnicate"/);
    const cmdHelp = await cli(['evaluate', '--help']);
    expect(cmdHelp.code).toBe(0);
    expect(cmdHelp.out).toMatch(/--profile-overrides/);
  });

  it('evaluate prints the contract JSON for the demo organisation', async () => {
    const run = await cli([...demo, '--as-of', '2026-11-24']);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out);
    expect(Object.keys(json)).toEqual(['asOf', 'profile', 'findings', 'problems']);
    expect(json.asOf).toBe('2026-11-24');
    expect(json.profile).toBe('telford-sf');
    expect(json.problems).toEqual([]);
    for (const f of json.findings) {
      expect(Object.keys(f)).toEqual([
        'kind',
        'staffId',
        'sessionId',
        'notify',
        'escalateTo',
        'due',
        'detail',
        'source',
        'severity',
      ]);
    }
    expect(json.findings).toContainEqual(
      expect.objectContaining({
        kind: 'supervision-gap',
        staffId: 'fsw-wrekin-2',
        notify: 'tl-wrekin',
        escalateTo: 'sm-1',
        due: '2026-09-30',
      }),
    );
    expect(json.findings).toContainEqual(
      expect.objectContaining({
        kind: 'signature-overdue',
        staffId: 'fsw-hadley-1',
        notify: 'fsw-hadley-1',
      }),
    );
    expect(json.findings).toContainEqual(
      expect.objectContaining({ kind: 'agreement-missing', staffId: 'fsw-lakeside-3' }),
    );
  });

  it('defaults --as-of to today in Europe/London', async () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    const run = await cli(demo, '2026-06-30T23:30:00Z');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out).asOf).toBe('2026-07-01');
  });

  it('text format groups findings under the person who must act, then lists rejected rows', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sb-cli-'));
    try {
      await cp(DEMO_ORG_DIR, dir, { recursive: true });
      const sessions = path.join(dir, 'sessions.csv');
      await writeFile(
        sessions,
        `${await readFile(sessions, 'utf8')}ses-bad,fsw-hadley-1,tl-hadley,one-to-one,2026-02-30T10:00,90,held,,,,,,,,\n`,
      );
      const run = await cli([
        'evaluate',
        '--data',
        dir,
        '--profile',
        'telford-sf',
        '--as-of',
        '2026-11-24',
        '--format',
        'text',
      ]);
      expect(run.code).toBe(0);
      const lines = run.out.split('\n');
      // One date style in the text output (issue 17): `Tue 24 Nov 2026`, never `2026-11-24`.
      expect(lines[0]).toMatch(/as of the end of Tue 24 Nov 2026 .*\(telford-sf\)/);
      expect(lines.filter((l) => l.startsWith('  [')).join('\n')).not.toMatch(
        /\b\d{4}-\d{2}-\d{2}\b/,
      );
      const tl = lines.indexOf('Mark Bennett (tl-wrekin):');
      expect(tl).toBeGreaterThan(0);
      expect(lines.slice(tl + 1).find((l) => l.includes('supervision-gap'))).toMatch(
        /Ryan Foster \(fsw-wrekin-2\).*escalated to Sarah Mitchell \(sm-1\)/,
      );
      expect(run.out).toMatch(
        /Rejected rows \(1\), skipped:\n {2}\[invalid-datetime\] sessions\.csv row \d+, column scheduledStart/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe('--strict and bad cells (issue 15 item 6, issue 12 item 9)', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'sb-strict-'));
      await cp(DEMO_ORG_DIR, dir, { recursive: true });
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    const run = (...extra: string[]) =>
      cli([
        'evaluate',
        '--data',
        dir,
        '--profile',
        'telford-sf',
        '--as-of',
        '2026-11-24',
        ...extra,
      ]);
    const gaps = (out: string): string[] =>
      (JSON.parse(out).findings as Array<{ kind: string; staffId: string }>)
        .filter((f) => f.kind === 'supervision-gap')
        .map((f) => f.staffId)
        .sort();

    it('"heldMinutes = ninety" on every held session of a person: no false supervision-gap, the cells reported; exit 0 even with --strict', async () => {
      const before = gaps((await run()).out);
      const file = path.join(dir, 'sessions.csv');
      const lines = (await readFile(file, 'utf8')).split('\n');
      const edited = lines.map((l) => {
        const c = l.split(',');
        if (c[1] !== 'fsw-hadley-2' || c[6] !== 'held') return l;
        c[7] = 'ninety';
        return c.join(',');
      });
      expect(edited).not.toEqual(lines);
      await writeFile(file, edited.join('\n'));
      const r = await run('--strict');
      expect(r.code).toBe(0);
      expect(gaps(r.out)).toEqual(before);
      const problems = JSON.parse(r.out).problems as Array<{ column: string; rowKept?: boolean }>;
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.every((p) => p.column === 'heldMinutes' && p.rowKept === true)).toBe(true);
    });

    it('a rejected row: exit 0 by default, 1 with --strict (the findings still printed)', async () => {
      const file = path.join(dir, 'sessions.csv');
      await writeFile(
        file,
        `${await readFile(file, 'utf8')}ses-bad,fsw-hadley-1,tl-hadley,one-to-one,2026-02-30T10:00,90,held,,,,,,,,\n`,
      );
      expect((await run()).code).toBe(0);
      const strict = await run('--strict');
      expect(strict.code).toBe(1);
      expect(JSON.parse(strict.out).findings.length).toBeGreaterThan(0);
      expect(strict.err).toContain('1 row was rejected (--strict)');
    });

    it('the demo organisation as it is: exit 0 with --strict', async () => {
      expect((await run('--strict')).code).toBe(0);
    });
  });

  it('applies --profile-overrides', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sb-ovr-'));
    try {
      const file = path.join(dir, 'overrides.json');
      await writeFile(file, JSON.stringify({ enabled: { 'supervision-gap': false } }));
      const run = await cli([...demo, '--as-of', '2026-11-24', '--profile-overrides', file]);
      expect(run.code).toBe(0);
      const kinds = JSON.parse(run.out).findings.map((f: { kind: string }) => f.kind);
      expect(kinds).not.toContain('supervision-gap');
      expect(kinds).toContain('signature-overdue');
      await writeFile(file, '{ nope');
      const bad = await cli([...demo, '--profile-overrides', file]);
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/not valid JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [
      'a missing folder',
      ['evaluate', '--data', 'no/such/folder', '--profile', 'telford-sf'],
      /does not exist/,
    ],
    [
      'an unknown profile',
      ['evaluate', '--data', DEMO_ORG_DIR, '--profile', 'kent-eh'],
      /unknown policy profile "kent-eh"/,
    ],
    ['an impossible date', [...demo, '--as-of', '2026-02-30'], /--as-of must be a real date/],
    ['a bad format', [...demo, '--format', 'xml'], /--format must be json or text/],
    ['no --data', ['evaluate', '--profile', 'telford-sf'], /--data is required/],
    ['an unknown option', [...demo, '--frobnicate'], /Unknown option '--frobnicate'/],
    [
      'a missing overrides file',
      [...demo, '--profile-overrides', 'no-such.json'],
      /cannot read --profile-overrides/,
    ],
  ])('exits 2 on %s with the reason on stderr', async (_what, argv, message) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toMatch(message);
  });

  it('exits 2 naming the file and column when a required column is missing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sb-col-'));
    try {
      await cp(DEMO_ORG_DIR, dir, { recursive: true });
      const staff = path.join(dir, 'staff.csv');
      await writeFile(staff, (await readFile(staff, 'utf8')).replace('caseHolding', 'caseload'));
      const run = await cli(['evaluate', '--data', dir, '--profile', 'telford-sf']);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/staff\.csv has no "caseHolding" column/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('.env for every command (issue 16)', () => {
  const GRAPH = [
    'GRAPH_TENANT_ID=11111111-1111-1111-1111-111111111111',
    'GRAPH_CLIENT_ID=22222222-2222-2222-2222-222222222222',
    'GRAPH_CLIENT_SECRET=not-a-real-secret',
  ];
  const inFolder = async (dotenv: string | null, argv: string[], env?: Record<string, string>) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sb-dotenv-'));
    if (dotenv !== null) await writeFile(path.join(dir, '.env'), dotenv);
    let out = '';
    let err = '';
    const code = await runCli(argv, {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      cwd: dir,
      ...(env ? { env } : {}),
    });
    await rm(dir, { recursive: true, force: true });
    return { code, out, err };
  };

  it('reads the Graph settings from .env in the working folder', async () => {
    // No SHAREPOINT_SITE: the first missing value is the site, so the GRAPH_* came from .env.
    const r = await inFolder(GRAPH.join('\n'), ['provision', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/SHAREPOINT_SITE/);
    expect(r.err).not.toMatch(/GRAPH_TENANT_ID/);
    expect(r.err).not.toContain('not-a-real-secret');
    const none = await inFolder(null, ['provision', '--dry-run']);
    expect(none.err).toMatch(/GRAPH_TENANT_ID/);
  });

  it('stops with exit 2 naming ENV_FILE when the file it names is missing', async () => {
    const r = await inFolder(null, ['evaluate', '--help'], undefined);
    expect(r.code).toBe(0);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sb-dotenv-'));
    let err = '';
    const saved = process.env.ENV_FILE;
    process.env.ENV_FILE = 'missing.env';
    try {
      const code = await runCli(['evaluate', '--help'], {
        stdout: () => undefined,
        stderr: (t) => (err += t),
        cwd: dir,
      });
      expect(code).toBe(2);
      expect(err).toMatch(/ENV_FILE.*missing\.env/);
    } finally {
      if (saved === undefined) delete process.env.ENV_FILE;
      else process.env.ENV_FILE = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
