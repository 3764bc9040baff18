/**
 * Measures the folder → folder import graph of the production code (what `tsconfig.build.json`
 * compiles into dist/: no `*.test.ts`, `*.contract.ts`, `*.suite.ts`, `testing/` folders,
 * `*test-support*`, test/ or bench/). Prints every edge with its number of imports and one example, the folder cycles
 * (strongly connected folders) and any production file that imports test code.
 *
 *   npx tsx bench/import-graph.ts [--all]     (--all: test files too)
 *
 * The rule that enforces the allowed arrows is `.dependency-cruiser.cjs` (run by `npm test`);
 * this script is the measuring stick used before and after the layering work (issue 13).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(__dirname, '..');
const includeTests = process.argv.includes('--all');
const rooms = [
  'policy',
  'contract',
  'ports',
  'rota',
  'scheduler',
  'delivery',
  'usecases',
  'cards',
  'bot',
  'sharepoint',
  'store',
  'tab',
  'manifest',
  'cli',
  'config',
  'demo',
  'kernel',
  'print',
];
const extraRooms = includeTests ? ['test', 'bench'] : [];

function isTestFile(rel: string): boolean {
  return (
    /\.(test|contract|suite)\.ts$/.test(rel) ||
    rel.split('/').includes('testing') ||
    rel.includes('test-support') ||
    rel.startsWith('test/') ||
    rel.startsWith('bench/')
  );
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (name === 'node_modules' || name === 'public' || name === 'dist') continue;
    if (statSync(full).isDirectory()) walk(full, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(full);
  }
}

function resolveImport(fromFile: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const files: string[] = [];
for (const room of [...rooms, ...extraRooms]) walk(join(root, room), files);

type Edge = { count: number; example: string };
const edges = new Map<string, Map<string, Edge>>();
const toTest: string[] = [];

for (const file of files) {
  const rel = relative(root, file);
  if (!includeTests && isTestFile(rel)) continue;
  const from = rel.split('/')[0]!;
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  for (const ref of info.importedFiles) {
    const target = resolveImport(file, ref.fileName);
    if (!target) continue;
    const targetRel = relative(root, target);
    const to = targetRel.split('/')[0]!;
    if (!includeTests && isTestFile(targetRel)) toTest.push(`${rel} → ${targetRel}`);
    if (to === from) continue;
    const row = edges.get(from) ?? new Map<string, Edge>();
    edges.set(from, row);
    const edge = row.get(to) ?? { count: 0, example: `${rel} → ${targetRel}` };
    edge.count += 1;
    row.set(to, edge);
  }
}

// Tarjan's strongly connected components over the folder graph: any component of more than one
// folder is a folder cycle.
function folderCycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of [...rooms, ...extraRooms]) if (!index.has(v)) visit(v);
  return out;
}

let total = 0;
console.log(`folder → folder imports (${includeTests ? 'all files' : 'production files only'})`);
for (const from of [...edges.keys()].sort()) {
  const row = edges.get(from)!;
  for (const to of [...row.keys()].sort()) {
    const edge = row.get(to)!;
    total += 1;
    console.log(
      `  ${from.padEnd(10)} → ${to.padEnd(10)} ${String(edge.count).padStart(4)}  e.g. ${edge.example}`,
    );
  }
}
console.log(`edges: ${total}`);
const cycles = folderCycles();
console.log(`folder cycles (strongly connected folders): ${cycles.length}`);
for (const c of cycles) console.log(`  ${c.join(' ↔ ')}`);
if (!includeTests) {
  console.log(`production files importing test code: ${toTest.length}`);
  for (const line of toTest) console.log(`  ${line}`);
}
