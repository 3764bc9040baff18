/**
 * The real executable: bin/supervision-bot.js run as a child process against the compiled
 * CLI. The CLI's own dependency closure is compiled with tsc into a temporary folder (laid
 * out like the package: bin/ next to dist/), so the test needs no prior `npm run build` and
 * does not depend on the rest of the project compiling.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = path.resolve(__dirname, '..');
const demo = path.join(repo, 'test', 'fixtures', 'demo-org');

describe('bin/supervision-bot.js as a child process', () => {
  let pkg: string;
  let bare: string;

  beforeAll(async () => {
    pkg = await mkdtemp(path.join(os.tmpdir(), 'sb-bin-'));
    bare = await mkdtemp(path.join(os.tmpdir(), 'sb-bare-'));
    const tsconfig = path.join(pkg, 'tsconfig.json');
    await writeFile(
      tsconfig,
      JSON.stringify({
        extends: path.join(repo, 'tsconfig.build.json'),
        compilerOptions: { outDir: path.join(pkg, 'dist'), rootDir: repo, noEmitOnError: false },
        files: [path.join(repo, 'cli', 'main.ts')],
        include: [],
      }),
    );
    // Exit status ignored: another area's type error must not stop this test; the emitted
    // files are what matter.
    spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', tsconfig], {
      encoding: 'utf8',
    });
    for (const dir of [pkg, bare]) {
      await mkdir(path.join(dir, 'bin'), { recursive: true });
      await copyFile(
        path.join(repo, 'bin', 'supervision-bot.js'),
        path.join(dir, 'bin', 'supervision-bot.js'),
      );
    }
  }, 180_000);

  afterAll(async () => {
    await rm(pkg, { recursive: true, force: true });
    await rm(bare, { recursive: true, force: true });
  });

  const run = (root: string, args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'bin', 'supervision-bot.js'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: path.join(repo, 'node_modules') },
      cwd: repo,
    });

  it('compiled the CLI', () => {
    expect(existsSync(path.join(pkg, 'dist', 'cli', 'main.js'))).toBe(true);
  });

  it('evaluates the demo organisation and exits 0', () => {
    const r = run(pkg, [
      'evaluate',
      '--data',
      demo,
      '--profile',
      'telford-sf',
      '--as-of',
      '2026-11-24',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ asOf: '2026-11-24', profile: 'telford-sf', problems: [] });
    expect(json.findings.length).toBeGreaterThan(5);
  });

  it('exits 2 with the reason on stderr for unusable input', () => {
    const r = run(pkg, ['evaluate', '--data', demo, '--profile', 'nowhere-eh']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown policy profile "nowhere-eh"/);
  });

  it('says how to build when dist is missing', () => {
    const r = run(bare, ['--help']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/compiled CLI is missing .*npm run build/);
  });
});
