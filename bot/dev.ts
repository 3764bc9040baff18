/**
 * `npm run dev`: the bot in local mode (embedded store seeded with the demo organisation,
 * unauthenticated, 127.0.0.1 only) AND the Microsoft 365 Agents Playground pointed at it, with
 * telemetry off and no browser opened (headless-safe). Prints the URL to open.
 *
 * The Playground reads `.m365agentsplayground.yml`: its mock users are demo staff whose
 * `aadObjectId` is their staff id. Data persists in `data/demo.sqlite` between runs; delete it
 * (or set SQLITE_PATH) for a fresh demo.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/config';
import { JsonLogger } from '../config/logger';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { SendQueueOptions } from '../scheduler/send-queue';
import { buildApp, type App } from './main';
import { playgroundConfigYaml } from './playground-config';

const ROOT = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..',
);

export interface DevOptions {
  /** Bot port (0 = any free one). */
  botPort?: number;
  /** Playground port (it falls back to a random one when taken; the real one is returned). */
  playgroundPort?: number;
  sqlitePath?: string;
  env?: Record<string, string | undefined>;
  logger?: Logger;
  clock?: Clock;
  /** Scheduler tick (seconds; 0 = off). */
  tickSeconds?: number;
  /** false: build the scheduler but let the caller tick (the e2e test does). */
  startScheduler?: boolean;
  /** The Playground's current mock user (a demo staff id; default fsw-hadley-1). */
  playgroundUser?: string;
  /** Send-queue tuning (tests shorten the backoff). */
  queueOptions?: SendQueueOptions;
}

export interface PlaygroundRun {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the Agents Playground against a bot endpoint: telemetry off, no browser, the demo
 * mock users with `user` as the current one. Resolves once it listens (its real port).
 */
export async function startPlayground(
  botEndpoint: string,
  options: { port?: number; user?: string } = {},
): Promise<PlaygroundRun> {
  const logDir = path.join(ROOT, 'artifacts');
  mkdirSync(logDir, { recursive: true });
  let configPath = path.join(ROOT, '.m365agentsplayground.yml');
  if (options.user && options.user !== 'fsw-hadley-1') {
    configPath = path.join(logDir, `m365agentsplayground.${options.user}.yml`);
    writeFileSync(configPath, playgroundConfigYaml(options.user));
  }
  const child = spawn(
    process.execPath,
    [
      // Loopback only, and a Host/Origin check: see bot/playground-guard.cjs.
      '--require',
      playgroundGuard(),
      playgroundCli(),
      '--app-endpoint',
      botEndpoint,
      '--channel-id',
      'msteams',
      '--port',
      String(options.port ?? 56150),
      '--disable-telemetry',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(logDir, 'm365agentsplayground.log'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Agents Playground did not start: ${out.slice(-500)}`));
    }, 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /Listening on (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Agents Playground exited (${code}): ${out.slice(-500)}`));
    });
  });
  child.removeAllListeners('exit');
  // Keep draining its output so a chatty Playground never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return { url: `http://localhost:${port}`, child, stop };
}

export interface DevRun {
  app: App;
  botEndpoint: string;
  playgroundUrl: string;
  playground: ChildProcess;
  stop(): Promise<void>;
}

/** The preload that binds the Playground to 127.0.0.1 and checks Host/Origin (issue 15). */
export function playgroundGuard(): string {
  return path.join(ROOT, 'bot', 'playground-guard.cjs');
}

export function playgroundCli(): string {
  return require.resolve('@microsoft/m365agentsplayground/cli.js', { paths: [ROOT] });
}

export async function startDev(options: DevOptions = {}): Promise<DevRun> {
  const env = {
    ...(options.env ?? process.env),
    // Local mode: no app id means no authentication, which the server only allows on loopback;
    // asked for explicitly (LOCAL_MODE=true), never inferred (issue 15).
    LOCAL_MODE: 'true',
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    HOST: '127.0.0.1',
    PORT: String(options.botPort ?? 3978),
    DATA_SOURCE: 'embedded',
    DEMO: 'true',
    STATE_STORE: 'sqlite',
    SQLITE_PATH: options.sqlitePath ?? path.join(ROOT, 'data', 'demo.sqlite'),
    TICK_SECONDS: String(options.tickSeconds ?? 60),
  };
  const config = loadConfig(env);
  const logger = options.logger ?? new JsonLogger({ level: config.logLevel });
  const app = await buildApp(config, {
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.startScheduler === false ? { startScheduler: false } : {}),
    // The Playground cannot create chats for users who have not opened it (it answers 500):
    // give up on those quickly and let the ledger retry on a later tick.
    queueOptions: options.queueOptions ?? { maxAttempts: 2 },
  });
  const botEndpoint = `${app.server.url}/api/messages`;

  let pg: PlaygroundRun;
  try {
    pg = await startPlayground(botEndpoint, {
      port: options.playgroundPort ?? 56150,
      ...(options.playgroundUser ? { user: options.playgroundUser } : {}),
    });
  } catch (err) {
    await app.close();
    throw err;
  }
  const playground = pg.child;

  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      await pg.stop();
      await app.close();
    })();
    return stopped;
  };
  return { app, botEndpoint, playgroundUrl: pg.url, playground, stop };
}

if (require.main === module) {
  startDev({
    botPort: Number(process.env.PORT ?? 3978),
    playgroundPort: Number(process.env.PLAYGROUND_PORT ?? 56150),
    ...(process.env.PLAYGROUND_USER ? { playgroundUser: process.env.PLAYGROUND_USER } : {}),
  })
    .then((run) => {
      process.stdout.write(
        `\nSupervision Bot (local demo) listening on ${run.botEndpoint}\n` +
          `Open the Microsoft 365 Agents Playground: ${run.playgroundUrl}\n` +
          `Mock users are demo staff (fsw-hadley-1, tl-hadley, sm-1, sp-wrekin...). Type "next" or "help".\n\n`,
      );
      const shutdown = () => void run.stop().then(() => process.exit(0));
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    })
    .catch((err: unknown) => {
      process.stderr.write(`dev failed to start: ${(err as Error).message}\n`);
      process.exit(1);
    });
}
