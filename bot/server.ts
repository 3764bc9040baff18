/**
 * The HTTP server: express 5 on node:http (why express, and not restify: docs/architecture.md)
 * with
 * - `POST /api/messages`: every Teams activity, authenticated (Bot Framework JWT) and run through
 *   the CloudAdapter by bot/messages-endpoint.ts, unless the bot runs in explicit local mode,
 *   which listens on loopback and answers only requests whose Host is a loopback name
 *   (tab/host-check.ts);
 * - `GET /healthz`: ready or not and why (store, Graph in SharePoint mode, last scheduler
 *   tick), for App Service health checks;
 * - whatever other areas mount through `mounts` (the tab's page and JSON API, the privacy and
 *   terms pages).
 *
 * Bodies are JSON only, at most 1 MB; a malformed or oversized body gets 400/413 with a code and
 * no detail, and no error ever reaches express's default handler (which prints the stack on
 * stderr).
 *
 * close() stops accepting connections, lets in-flight turns finish (bounded), then returns;
 * the composition root then stops the scheduler and closes the store.
 */
import { errorName } from '../kernel/errors';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { ActivityHandler } from 'botbuilder';
import type { Logger } from '../ports/logger';
import { HOST_REFUSED, isLoopbackHost } from '../tab/host-check';
import type { BotAdapter } from './adapter';
import { LimitedLog } from './log-limiter';
import { handleInbound } from './messages-endpoint';
import { traced } from '../telemetry/instruments';

export interface HealthReport {
  ok: boolean;
  store: 'ok' | 'unreachable';
  /** ISO instant of the last completed scheduler tick, or null before the first. */
  lastTick: string | null;
  [k: string]: unknown;
}

/** A route handler as areas outside bot/ write them: plain node:http request and response. */
export type RouteHandler = (
  req: IncomingMessage & { body?: unknown; params?: Record<string, string> },
  res: ServerResponse,
) => unknown;

/**
 * What a mounted area gets to add its routes: GET and POST by path (`:name` parameters land in
 * `req.params`). The tab and the other areas see only this, never express.
 */
export interface Routes {
  get(path: string, handler: RouteHandler): unknown;
  post(path: string, handler: RouteHandler): unknown;
}

export interface ServerOptions {
  host: string;
  port: number;
  adapter: BotAdapter;
  bot: ActivityHandler;
  logger: Logger;
  /** True when inbound activities are not authenticated (explicit local mode). */
  localMode: boolean;
  health: () => Promise<HealthReport>;
  /** Route hooks other areas register (e.g. tab/), called before listening. */
  mounts?: Array<(routes: Routes) => void>;
  /** How long close() waits for in-flight turns (default 10 s). */
  drainMs?: number;
  /** Clock for the token screen (tests). */
  now?: () => number;
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  /** Number of activities being processed right now. */
  readonly inFlight: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Largest body accepted (an activity or a tab action is a few KB). */
export const MAX_BODY_BYTES = 1_000_000;

/**
 * An express app with this project's settings: strict routing (`/tab` and `/tab/` differ),
 * no X-Powered-By, JSON bodies up to 1 MB; in local mode every request must be addressed to a
 * loopback name, checked before routing and body parsing. Finish it with `finishHttpApp`.
 */
export function createHttpApp(options: { logger: Logger; localMode: boolean }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('strict routing', true);
  app.set('etag', false);
  if (options.localMode) {
    // For every route (the tab's too): loopback-addressed requests only, or a DNS-rebound web
    // page could drive the unauthenticated bot and tab.
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (isLoopbackHost(req.headers.host)) return next();
      options.logger.warn('server.host-refused', { code: 'non-loopback-host' });
      res.status(403).json(HOST_REFUSED);
    });
  }
  app.use(
    express.json({ limit: MAX_BODY_BYTES, type: ['application/json', 'application/*+json'] }),
  );
  return app;
}

/** Adds the last handlers: 404 for unknown paths, and an error handler that never prints. */
export function finishHttpApp(app: express.Express, logger: Logger): void {
  const limited = new LimitedLog(logger);
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not-found' });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (err as { status?: unknown })?.status;
    const code =
      status === 413
        ? 'body-too-large'
        : status === 400
          ? 'body-not-json'
          : typeof status === 'number' && status >= 400 && status < 500
            ? 'bad-request'
            : 'internal';
    if (code === 'internal') logger.error('server.failed', { code: (err as Error)?.name ?? code });
    else limited.warn('server.bad-request', code);
    if (res.headersSent) return;
    res.status(code === 'internal' ? 500 : (status as number)).json({ error: code });
  });
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { adapter, bot, logger } = options;
  if (options.localMode && !LOOPBACK.has(options.host)) {
    // Config refuses this too; a second check where the socket is opened.
    throw new Error(
      'local mode accepts unauthenticated activities and must listen on 127.0.0.1 only',
    );
  }
  const app = createHttpApp({ logger, localMode: options.localMode });
  const limited = new LimitedLog(logger);

  let inFlight = 0;
  let closing = false;
  const idleWaiters: Array<() => void> = [];

  app.post('/api/messages', async (req: Request, res: Response) => {
    if (closing) {
      res.status(503).setHeader('Retry-After', '5');
      res.end();
      return;
    }
    inFlight++;
    try {
      // The activity's type only: its text, ids and names stay out of telemetry.
      const type = (req.body as { type?: unknown } | undefined)?.type;
      await traced(
        'bot.turn',
        { 'activity.type': typeof type === 'string' ? type : 'unknown' },
        async (span) => {
          await handleInbound(
            {
              adapter,
              bot,
              logger,
              limited,
              localMode: options.localMode,
              ...(options.now ? { now: options.now } : {}),
            },
            req,
            res,
          );
          span.set({ 'http.status': res.statusCode });
        },
      );
    } catch (err) {
      logger.error('server.process-failed', { code: errorName(err) });
      if (!res.headersSent) res.status(500).end();
    } finally {
      inFlight--;
      if (inFlight === 0) idleWaiters.splice(0).forEach((w) => w());
    }
  });

  app.get('/healthz', async (_req: Request, res: Response) => {
    let report: HealthReport;
    try {
      report = await options.health();
    } catch {
      report = { ok: false, store: 'unreachable', lastTick: null };
    }
    res.status(report.ok ? 200 : 503).setHeader('Cache-Control', 'no-store');
    res.json(report);
  });

  for (const mount of options.mounts ?? []) mount(app);
  finishHttpApp(app, logger);

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  if (options.localMode) {
    logger.warn('server.local-mode', {
      host: options.host,
      port,
      inboundAuth: 'disabled (LOCAL_MODE=true): loopback only',
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
      // Idle keep-alive sockets would hold close() open; busy ones finish their turn first.
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => idleWaiters.push(resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, options.drainMs ?? 10_000).unref()),
        ]);
      }
      server.closeAllConnections();
      await closed;
      logger.info('server.closed', {});
    },
  };
}
