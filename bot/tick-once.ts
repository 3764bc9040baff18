/**
 * One real scheduler tick as a one-shot job (`supervision-bot tick` without --dry-run, or
 * `node dist/bot/tick-once.js` in a timer-triggered container job): builds the app as the bot
 * does, takes the tick lease like any instance (so a job never ticks beside a running bot's
 * scheduler, nor beside another job), ticks once, delivers what the tick hands over, waits for
 * the sends, releases the lease and exits.
 *
 * It sends real messages, so it refuses to run unless this configuration may send
 * (SEND_ENABLED=true; local mode sends by default). The HTTP server it builds listens on
 * 127.0.0.1 on a free port for the job's lifetime only: the job serves nobody.
 *
 * Exit codes: 0 ticked (or another instance holds the lease: nothing to do), 1 the tick
 * failed, 2 the configuration is unusable.
 */
import { errorName } from '../kernel/errors';
import { ConfigError, loadConfig } from '../config/config';
import { withEnvFile } from '../config/env-file';
import { JsonLogger } from '../config/logger';
import type { TickReport } from '../scheduler/tick';
import { buildApp, type AppOverrides } from './main';

export interface TickOnceResult {
  code: 0 | 1 | 2;
  /** One line for a person (the JSON log has the detail). */
  line: string;
  report: TickReport | null;
}

export async function tickOnce(
  env: Record<string, string | undefined>,
  overrides: AppOverrides = {},
): Promise<TickOnceResult> {
  let config;
  try {
    config = loadConfig({ ...env, HOST: '127.0.0.1', PORT: '0' });
  } catch (err) {
    if (err instanceof ConfigError) return { code: 2, line: err.message, report: null };
    throw err;
  }
  if (!config.sendEnabled) {
    return {
      code: 2,
      line: 'SEND_ENABLED is not true: this deployment does not send. Use --dry-run to see what would be sent.',
      report: null,
    };
  }
  if (config.tickSeconds === 0) {
    return {
      code: 2,
      line: 'TICK_SECONDS is 0: set the interval the job runs at (it also sizes the tick lease).',
      report: null,
    };
  }
  const logger = overrides.logger ?? new JsonLogger({ level: config.logLevel });
  const app = await buildApp(config, { ...overrides, logger, startScheduler: false });
  let report: TickReport | null = null;
  let lease;
  try {
    report = await app.scheduler!.tickOnce();
    lease = app.leaseState();
  } finally {
    await app.close(); // waits for delivery and the send queue, releases the lease
  }
  if (!report && lease === 'held-elsewhere') {
    return {
      code: 0,
      line: 'Another instance holds the tick lease: nothing to do.',
      report: null,
    };
  }
  if (!report) return { code: 1, line: 'The tick failed (see the log).', report: null };
  if (report.error) return { code: 1, line: `The tick failed (${report.error}).`, report };
  return {
    code: 0,
    line: `Ticked at ${report.at}: ${report.findings} finding(s), ${report.due} due, ${report.sent} sent, ${report.failed.length} failed, ${report.deferred.length} waiting.`,
    report,
  };
}

if (require.main === module) {
  tickOnce(withEnvFile(process.env, process.cwd()).env).then(
    (r) => {
      process.stdout.write(`${r.line}\n`);
      process.exit(r.code);
    },
    (err: unknown) => {
      process.stderr.write(`tick failed: ${errorName(err)}\n`);
      process.exit(1);
    },
  );
}
