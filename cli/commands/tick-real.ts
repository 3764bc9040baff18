/**
 * `supervision-bot tick` without --dry-run: one real tick, as a one-shot job. Sending needs
 * the bot's Teams connection, which lives in bot/ (the CLI never loads botbuilder), so this
 * runs the compiled job entry point `dist/bot/tick-once.js` as a child process with the same
 * environment (.env included) and passes its output and exit code through.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CliIo } from '../command';
import { UsageError } from '../command';

/** The compiled job: next to this file in dist/, or under dist/ when run from source. */
export function tickOnceEntry(): string | null {
  const candidates = [
    path.join(__dirname, '..', '..', 'bot', 'tick-once.js'),
    path.join(__dirname, '..', '..', 'dist', 'bot', 'tick-once.js'),
  ];
  return candidates.find((c) => existsSync(c)) ?? null;
}

export async function runRealTick(io: CliIo): Promise<number> {
  const entry = tickOnceEntry();
  if (!entry) throw new UsageError('the compiled bot is missing: run `npm run build` first');
  return new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [entry], {
      cwd: io.cwd,
      env: io.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (b: Buffer) => io.stdout(b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => io.stderr(b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}
