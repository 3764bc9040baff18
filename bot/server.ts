/**
 * The HTTP server: restify with
 * - `POST /api/messages`: every Teams activity, through the CloudAdapter, which authenticates it
 *   (Bot Framework JWT) unless the bot runs in explicit local mode, which listens on loopback
 *   and answers only requests whose Host is a loopback name (tab/host-check.ts);
 * - `GET /healthz`: store reachable and the last scheduler tick, for App Service health checks;
 * - whatever other areas mount through `mounts` (the tab's page and JSON API: `mountRoutes`).
 *
 * close() stops accepting connections, lets in-flight turns finish (bounded), then returns;
 * the composition root then stops the scheduler and closes the store.
 */
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { ActivityHandler } from 'botbuilder';
import type { Logger } from '../ports/logger';
import { HOST_REFUSED, isLoopbackHost } from '../tab/host-check';
import type { BotAdapter } from './adapter';

export interface HealthReport {
  ok: boolean;
  store: 'ok' | 'unreachable';
  /** ISO instant of the last completed scheduler tick, or null before the first. */
  lastTick: string | null;
  [k: string]: unknown;
}

/** What a mounted area gets: the server, to add its routes, plus whatever the root hands it. */
export type MountRoutes<C = unknown> = (server: restify.Server, ctx: C) => void;

export interface ServerOptions {
  host: string;
  port: number;
  adapter: BotAdapter;
  bot: ActivityHandler;
  logger: Logger;
  /** True when inbound activities are not authenticated (no MicrosoftAppId). */
  localMode: boolean;
  health: () => Promise<HealthReport>;
  /** Route hooks other areas register (e.g. tab/), called before listening. */
  mounts?: Array<(server: restify.Server) => void>;
  /** How long close() waits for in-flight turns (default 10 s). */
  drainMs?: number;
}

export interface RunningServer {
  server: restify.Server;
  url: string;
  port: number;
  /** Number of activities being processed right now. */
  readonly inFlight: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { adapter, bot, logger } = options;
  if (options.localMode && !LOOPBACK.has(options.host)) {
    // Config refuses this too; a second check where the socket is opened.
    throw new Error(
      'local mode accepts unauthenticated activities and must listen on 127.0.0.1 only',
    );
  }
  const server = restify.createServer({ name: 'supervision-bot', handleUncaughtExceptions: false });
  if (options.localMode) {
    // Before routing and body parsing, for every route (the tab's too): loopback-addressed
    // requests only, or a DNS-rebound web page could drive the unauthenticated bot and tab.
    server.pre((req, res, next) => {
      if (isLoopbackHost(req.headers.host)) return next();
      logger.warn('server.host-refused', { code: 'non-loopback-host' });
      res.status(403);
      res.json(HOST_REFUSED);
      return next(false);
    });
  }
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1_000_000 }));

  let inFlight = 0;
  let closing = false;
  const idleWaiters: Array<() => void> = [];

  server.post('/api/messages', async (req, res) => {
    if (closing) {
      res.status(503);
      res.setHeader('Retry-After', '5');
      res.end();
      return;
    }
    inFlight++;
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (err) {
      logger.error('server.process-failed', { code: (err as Error).name });
      if (!res.headersSent) {
        res.status(500);
        res.end();
      }
    } finally {
      inFlight--;
      if (inFlight === 0) idleWaiters.splice(0).forEach((w) => w());
    }
  });

  server.get('/healthz', async (_req, res) => {
    let report: HealthReport;
    try {
      report = await options.health();
    } catch {
      report = { ok: false, store: 'unreachable', lastTick: null };
    }
    res.status(report.ok ? 200 : 503);
    res.json(report);
  });

  for (const mount of options.mounts ?? []) mount(server);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  if (options.localMode) {
    logger.warn('server.local-mode', {
      host: options.host,
      port,
      inboundAuth: 'disabled (no MicrosoftAppId): loopback only',
    });
  }
  logger.info('server.listening', { host: options.host, port });

  return {
    server,
    url,
    port,
    get inFlight() {
      return inFlight;
    },
    async close(): Promise<void> {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => idleWaiters.push(resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, options.drainMs ?? 10_000).unref()),
        ]);
      }
      // Keep-alive sockets would hold close() open: end them once the turns are done.
      (server.server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
      logger.info('server.closed', {});
    },
  };
}
