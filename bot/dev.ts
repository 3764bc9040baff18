/**
 * `npm run dev`: the bot in local mode (embedded store seeded with the demo organisation,
 * unauthenticated, 127.0.0.1 only) AND the Microsoft 365 Agents Playground pointed at it, with
 * telemetry off and no browser opened (headless-safe). Prints the URL to open.
 *
 * The Playground reads `.m365agentsplayground.yml`: its mock users are demo staff whose
 * `aadObjectId` is their staff id. Data persists in `data/supervision-bot.sqlite` (the store's
 * default, which the CLI's `--embedded` reads too) between runs; delete it (or set SQLITE_PATH)
 * for a fresh demo.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/config';
import { JsonLogger } from '../config/logger';
import { defaultCalendar } from '../policy/calendar';
import { systemClock, type Clock } from '../ports/clock';
import { parseWorkingHours } from '../policy/working-hours';
import { DEFAULT_SQLITE_PATH } from '../store/config';
import { openKvStore } from '../store/open-store';
import {
  DemoClock,
  demoClockLabel,
  demoClockStart,
  demoDay,
  keepDemoReading,
  lastDemoReading,
} from './demo-clock';
import { DEMO_ANCHOR, DEMO_NS } from './demo-seed';
import type { Logger } from '../ports/logger';
import type { SendQueueOptions } from '../delivery/send-queue';
import { buildApp, type App } from './main';
import { playgroundConfigYaml } from './playground-config';

const ROOT = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..',
);

/**
 * Where `npm run dev` keeps the demo: the store's default path (store/config.ts), so
 * `supervision-bot tick --embedded` run from the repository sees the demo, not a new empty
 * database (issue 17).
 */
export const DEMO_SQLITE_PATH = path.resolve(ROOT, DEFAULT_SQLITE_PATH);

export interface DevOptions {
  /** Bot port (0 = any free one). */
  botPort?: number;
  /** Playground port (it falls back to a random one when taken; the real one is returned). */
  playgroundPort?: number;
  sqlitePath?: string;
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** The real clock (tests: a ManualClock); the demo clock runs off it. */
  clock?: Clock;
  /**
   * true (default): the demo organisation's own clock, a working morning at any real hour
   * (bot/demo-clock.ts). false: the real clock (`DEMO_CLOCK=real`, `--real-clock`).
   */
  demoClock?: boolean;
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
    // The 5 s grace is cleared once the Playground has gone: left running, it held whatever
    // process stopped it (a test worker, anything that does not call process.exit) for 5 s more.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (grace = setTimeout(r, 5000)))]);
    clearTimeout(grace);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return { url: `http://localhost:${port}`, child, stop };
}

export interface DevRun {
  app: App;
  /** The clock the bot runs on: the demo clock, or the real one with `demoClock: false`. */
  clock: Clock;
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
    // Local mode, asked for explicitly: no authentication, which the server only allows on
    // loopback (config/config.ts never infers it from a missing app id).
    LOCAL_MODE: 'true',
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    HOST: '127.0.0.1',
    PORT: String(options.botPort ?? 3978),
    DATA_SOURCE: 'embedded',
    DEMO: 'true',
    STATE_STORE: 'sqlite',
    SQLITE_PATH: options.sqlitePath ?? DEMO_SQLITE_PATH,
    TICK_SECONDS: String(options.tickSeconds ?? 60),
  };
  const config = loadConfig(env);
  const logger = options.logger ?? new JsonLogger({ level: config.logLevel });
  const kv = await openKvStore(config.store, { logger });
  const realClock = options.clock ?? systemClock;
  let clock: Clock = realClock;
  let stopReading: () => Promise<void> = async () => undefined;
  if (options.demoClock !== false) {
    // The demo organisation's own working morning (bot/demo-clock.ts), at any real hour.
    const seeded = await kv.get(DEMO_NS, 'seeded');
    const day = demoDay(
      DEMO_ANCHOR,
      (seeded?.value as { shiftDays?: number } | undefined)?.shiftDays,
    );
    const wh = parseWorkingHours({ start: config.workingHours.from, end: config.workingHours.to });
    const start = demoClockStart(day, await lastDemoReading(kv), wh, defaultCalendar);
    clock = DemoClock.startingAt(realClock, start);
    stopReading = keepDemoReading(kv, clock);
  }
  let app: App;
  try {
    app = await buildApp(config, {
      logger,
      kv,
      clock,
      ...(options.startScheduler === false ? { startScheduler: false } : {}),
      // The Playground cannot create chats (it answers 500): a person's cards wait for their
      // first message and go at once then (bot/main.ts).
      waitForFirstContact: true,
      queueOptions: options.queueOptions ?? { maxAttempts: 2 },
    });
  } catch (err) {
    await stopReading();
    await kv.close();
    throw err;
  }
  const botEndpoint = `${app.server.url}/api/messages`;

  let pg: PlaygroundRun;
  try {
    pg = await startPlayground(botEndpoint, {
      port: options.playgroundPort ?? 56150,
      ...(options.playgroundUser ? { user: options.playgroundUser } : {}),
    });
  } catch (err) {
    await stopReading();
    await app.close();
    throw err;
  }
  const playground = pg.child;

  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      await pg.stop();
      await stopReading();
      await app.close();
    })();
    return stopped;
  };
  return { app, clock, botEndpoint, playgroundUrl: pg.url, playground, stop };
}

/** `--real-clock` or `DEMO_CLOCK=real`: the real clock instead of the demo clock. */
export function wantsRealClock(argv: string[], env: Record<string, string | undefined>): boolean {
  return argv.includes('--real-clock') || (env.DEMO_CLOCK ?? '').toLowerCase() === 'real';
}

/** What `npm run dev` prints once both are up. */
export function startBanner(
  run: Pick<DevRun, 'botEndpoint' | 'playgroundUrl' | 'clock'>,
  demoClock: boolean,
): string {
  const clockLine = demoClock
    ? `Demo clock: ${demoClockLabel(run.clock.now().toISOString())} (London), a working morning for the demo\n` +
      `organisation whatever the real time, so reminders, confirmations and escalations go out now.\n` +
      `Real clock instead: DEMO_CLOCK=real npm run dev (then nothing is sent outside working hours).\n`
    : `Real clock: ${demoClockLabel(run.clock.now().toISOString())} (London). Nothing is sent outside working hours\n` +
      `(08:30-17:30 Mon-Fri, not bank holidays); drop DEMO_CLOCK=real for the demo clock.\n`;
  return (
    `\nSupervision Bot (local demo) listening on ${run.botEndpoint}\n` +
    clockLine +
    `Open the Microsoft 365 Agents Playground: ${run.playgroundUrl} and use the personal chat\n` +
    `(the group chat and channel get no replies). Say "hi": your first cards arrive within seconds.\n` +
    `Mock users are demo staff (fsw-hadley-1, tl-hadley, sm-1, sp-wrekin...): PLAYGROUND_USER=tl-hadley npm run dev.\n` +
    `The manager's tab: ${run.botEndpoint.replace(/\/api\/messages$/, '/tab/')}\n\n`
  );
}

if (require.main === module) {
  const demoClock = !wantsRealClock(process.argv.slice(2), process.env);
  startDev({
    botPort: Number(process.env.PORT ?? 3978),
    playgroundPort: Number(process.env.PLAYGROUND_PORT ?? 56150),
    demoClock,
    ...(process.env.SQLITE_PATH ? { sqlitePath: process.env.SQLITE_PATH } : {}),
    ...(process.env.PLAYGROUND_USER ? { playgroundUser: process.env.PLAYGROUND_USER } : {}),
  })
    .then((run) => {
      process.stdout.write(startBanner(run, demoClock));
      const shutdown = () => void run.stop().then(() => process.exit(0));
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    })
    .catch((err: unknown) => {
      process.stderr.write(`dev failed to start: ${(err as Error).message}\n`);
      process.exit(1);
    });
}
