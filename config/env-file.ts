/**
 * `.env` for the bot and every CLI command: the README's route ("copy .env.example to .env")
 * must work without exporting anything by hand.
 *
 * Which file: `ENV_FILE` if set (it must then exist), else `.env` in the working folder if there
 * is one, else none (App Service and containers set real environment variables). The real
 * environment wins over the file, as with Node's own `--env-file` and dotenv, so an app setting
 * can override a value a file left behind. Parsed with Node's own `util.parseEnv` (Node 20.12+).
 */
import { errorCode } from '../kernel/errors';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from './config';

type Env = Record<string, string | undefined>;

export interface EnvWithFile {
  env: Env;
  /** The file read, or null when there was none. */
  file: string | null;
}

/**
 * The environment with the `.env` file's values added under it; throws ConfigError naming
 * ENV_FILE when the file named there cannot be read. Never logs a value.
 */
export function withEnvFile(env: Env, cwd: string): EnvWithFile {
  const named = env.ENV_FILE?.trim();
  const file = path.resolve(cwd, named || '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = errorCode(err, 'unreadable');
    if (!named && code === 'ENOENT') return { env, file: null };
    throw new ConfigError(
      'ENV_FILE',
      `cannot read ${named ? `the file it names (${file})` : file}: ${code}`,
    );
  }
  const fromFile = parseEnv(text.replace(/^\uFEFF/, ''));
  const merged: Env = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  return { env: merged, file };
}
