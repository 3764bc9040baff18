/**
 * The page's files: tab/public (HTML, JS, CSS written for this repo) and the Teams JS SDK's
 * browser bundle straight from node_modules (never copied into the repo). Read once and kept in
 * memory: they are small and never change while the process runs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface StaticFile {
  body: Buffer;
  type: string;
}

/** tab/public from source (ts-node/tsx, jest) or from the compiled tree (dist/tab → tab). */
function publicDir(): string {
  const candidates = [
    path.join(__dirname, 'public'),
    path.join(__dirname, '..', '..', 'tab', 'public'),
  ];
  for (const c of candidates) {
    try {
      readFileSync(path.join(c, 'index.html'));
      return c;
    } catch {
      /* try the next */
    }
  }
  throw new Error('tab/public/index.html not found');
}

function teamsJsBundle(): string {
  const pkg = require.resolve('@microsoft/teams-js/package.json');
  return path.join(path.dirname(pkg), 'dist', 'umd', 'MicrosoftTeams.min.js');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The page's own files (tab/public), served under /tab/. */
export const PAGE_FILES = [
  'index.html',
  'app.css',
  'kit.js',
  'view-my.js',
  'view-team.js',
  'view-person.js',
  'view-triage.js',
  'view-record.js',
  'app.js',
] as const;

/** URL path under /tab/ → file. Only these names are served: no directory walking. */
export function loadStaticFiles(): Map<string, StaticFile> {
  const dir = publicDir();
  const files = new Map<string, StaticFile>();
  for (const name of PAGE_FILES) {
    files.set(name, {
      body: readFileSync(path.join(dir, name)),
      type: TYPES[path.extname(name)]!,
    });
  }
  files.set('vendor/teams-js.js', { body: readFileSync(teamsJsBundle()), type: TYPES['.js']! });
  return files;
}
