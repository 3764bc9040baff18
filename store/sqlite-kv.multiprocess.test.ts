/**
 * Two (here four) bot processes sharing one SQLite file must still claim each key once. The
 * real SqliteKv is transpiled with TypeScript and loaded in separate Node processes that race.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { SqliteKv } from './sqlite-kv';

const WORKER = `
const { SqliteKv } = require(process.argv[2]);
(async () => {
  const kv = new SqliteKv(process.argv[3]);
  const me = process.argv[4];
  const won = [];
  for (let i = 0; i < 150; i++) {
    const w = await kv.insert('claims', 'k' + i, { by: me });
    if (w.ok) won.push(i);
    // Everyone bumps a shared counter with compare-and-swap until it sticks.
    for (;;) {
      const cur = await kv.get('counter', 'n');
      const r = cur
        ? await kv.replace('counter', 'n', cur.value + 1, cur.etag)
        : await kv.insert('counter', 'n', 1);
      if (r.ok) break;
    }
  }
  await kv.close();
  process.stdout.write(JSON.stringify(won));
})().catch((e) => { console.error(e); process.exit(1); });
`;

function run(args: string[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, NODE_PATH: join(__dirname, '..', 'node_modules') },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as number[])
        : reject(new Error(`worker failed: ${err}`)),
    );
  });
}

test('four processes on one file: every key claimed exactly once, no lost CAS updates', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-mp-'));
  try {
    const js = ts.transpileModule(readFileSync(join(__dirname, 'sqlite-kv.ts'), 'utf8'), {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    }).outputText;
    writeFileSync(join(dir, 'sqlite-kv.js'), js);
    writeFileSync(join(dir, 'worker.js'), WORKER);
    const file = join(dir, 'state.sqlite');
    // Create the schema first so the workers race on data, not on CREATE TABLE.
    await new SqliteKv(file).close();
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((me) =>
        run([join(dir, 'worker.js'), join(dir, 'sqlite-kv.js'), file, me]),
      ),
    );
    const all = results.flat().sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 150 }, (_, i) => i));
    const kv = new SqliteKv(file);
    expect((await kv.get('counter', 'n'))?.value).toBe(600);
    await kv.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
