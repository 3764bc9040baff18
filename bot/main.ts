/**
 * The composition root: configuration → logger → store → schedule source → profile →
 * AppContext → notifier + send queue + ledger → scheduler → Teams bot → HTTP server. Every I/O
 * dependency is built here once and injected; tests call buildApp() with their own clock, store
 * path and ports.
 *
 * Shutdown (SIGTERM from App Service, Ctrl-C locally): stop accepting activities and let the
 * in-flight turns finish, stop the scheduler tick (the running tick finishes what it claimed),
 * wait for queued proactive sends, close the store.
 */
import { errorName } from '../kernel/errors';
import { readFileSync } from 'node:fs';
import { loadConfig, redactedSummary, type AppConfig } from '../config/config';
import { withEnvFile } from '../config/env-file';
import { JsonLogger } from '../config/logger';
import { defaultCalendar } from '../policy/calendar';
import { evaluate } from '../policy/evaluate';
import { KeptEvaluation } from '../policy/kept-evaluation';
import { getProfile } from '../policy/profiles';
import { systemClock, type Clock } from '../ports/clock';
import type { KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import { Ledger } from '../delivery/ledger';
import { instanceId, Scheduler } from '../scheduler/scheduler';
import { TickLease, type LeaseOutcome } from '../scheduler/tick-lease';
import { SendQueue, type SendQueueOptions } from '../delivery/send-queue';
import type { RecheckStep, TickReport } from '../scheduler/tick';
import type { EvaluateFn } from '../scheduler/tick-types';
import type { Notifier } from '../ports/notifier';
import {
  countSend,
  countThrottled,
  observeQueueDepth,
  recordSpan,
  recordTick,
  traced,
} from '../telemetry/instruments';
import { startTelemetry } from '../telemetry/start';
import { tickPlanners, tickRenderers } from '../scheduler/wiring';
import { parseWorkingHours } from '../policy/working-hours';
import { pruneSignatureAudit } from '../store/audit-retention';
import { KvSchedule } from '../store/kv-schedule';
import { openKvStore } from '../store/open-store';
import { compareRows } from '../store/schedule-docs';
import { tabRoutes } from '../tab';
import { runCardAction } from '../present/card-actions';
import { runCommand } from '../present/commands';
import { recheckAndRender } from '../present/recheck';
import { triageTickMessages } from '../present/triage-actions';
import type { AppContext } from '../usecases/context';
import { createAdapter, type BotAdapter } from './adapter';
import { ConnectorNotifier } from './connector-notifier';
import { ConversationRefs } from './conversation-refs';
import { MessageDelivery } from '../delivery/event-messages';
import { seedDemo } from './demo-seed';
import { legalRoutes, loadLegalPages } from './legal-pages';
import { openSchedule, type Schedule } from './schedule-source';
import { GraphHealthCheck } from './graph-health';
import type { GraphDeps } from '../sharepoint/open-graph';
import { startServer, type HealthReport, type Routes, type RunningServer } from './server';
import { TeamsBot } from './teams-bot';

export interface AppOverrides {
  clock?: Clock;
  logger?: Logger;
  /** An already-open store (tests: SqliteKv on :memory:). */
  kv?: KvStore;
  /**
   * An already-open schedule instead of the one `config.dataSource` names (tests: a
   * GraphSchedule on the Graph test server, since local mode refuses DATA_SOURCE=sharepoint).
   */
  schedule?: Schedule;
  /** Graph test hooks (a loopback server's certificate, fast retries) for SharePoint mode. */
  graph?: Partial<GraphDeps>;
  queueOptions?: SendQueueOptions;
  /** Route hooks (the tab's `mountRoutes`), given the context once it exists. */
  mounts?: Array<(routes: Routes, ctx: AppContext) => void>;
  /** false: build the scheduler but leave ticking to the caller (tests call tickOnce). */
  startScheduler?: boolean;
  /**
   * Send to a person only once they have opened the chat (the Agents Playground, which cannot
   * create chats); what waits goes at their first message. Default: create the chat.
   */
  waitForFirstContact?: boolean;
}

export interface App {
  config: AppConfig;
  ctx: AppContext;
  adapter: BotAdapter;
  bot: TeamsBot;
  refs: ConversationRefs;
  ledger: Ledger;
  queue: SendQueue;
  delivery: MessageDelivery;
  scheduler: Scheduler | null;
  /** The last tick-lease outcome on this instance (null before the first tick). */
  leaseState(): LeaseOutcome | null;
  server: RunningServer;
  close(): Promise<void>;
}

function readOverrides(path: string | undefined): unknown {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (err) {
    throw new Error(`PROFILE_OVERRIDES: cannot read JSON from ${path} (${(err as Error).message})`);
  }
}

export async function buildApp(config: AppConfig, overrides: AppOverrides = {}): Promise<App> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? new JsonLogger({ level: config.logLevel });
  const owner = instanceId();
  // Read first, before anything opens: an unreadable PRIVACY_NOTICE_FILE stops start-up.
  const legal = loadLegalPages({
    ...config.legal,
    auditRetentionYears: config.store.auditRetentionYears,
  });
  const kv = overrides.kv ?? (await openKvStore(config.store, { logger }));

  if (config.demo && config.dataSource === 'embedded') await seedDemo(kv, clock, logger);
  const opened = overrides.schedule
    ? { schedule: overrides.schedule }
    : await openSchedule(config, kv, logger, clock, overrides.graph);
  const schedule = opened.schedule;
  // SharePoint mode: /healthz asks Graph for the site (cached a minute; bot/graph-health.ts).
  const graphHealth = opened.graph
    ? new GraphHealthCheck({
        clock,
        probe: () =>
          opened.graph!.client.request('GET', `/sites/${opened.graph!.siteId}?$select=id`),
      })
    : null;
  const profile = getProfile(config.profile, readOverrides(config.profileOverridesPath));

  const refs = new ConversationRefs(kv);
  const adapter = createAdapter(config.auth, logger);
  const appId = config.auth.mode === 'local' ? '' : config.auth.appId;
  const notifier = new ConnectorNotifier({
    adapter,
    appId,
    refs,
    logger,
    ...(config.auth.mode !== 'local' ? { tenantId: config.auth.tenantId } : {}),
  });
  // Every Bot Connector send is a span and counted by outcome (telemetry/instruments.ts).
  const counted: Notifier = {
    send: (message) =>
      traced('connector.send', {}, async (span) => {
        const outcome = await notifier.send(message);
        span.set({ outcome: outcome.status });
        countSend(outcome.status);
        if (outcome.status === 'throttled') countThrottled('connector');
        return outcome;
      }),
  };
  const queue = new SendQueue(counted, {
    logger,
    limits: { perAppPerSecond: config.sendRatePerSecond },
    ...overrides.queueOptions,
  });
  const ledger = new Ledger(kv, { clock });

  const ctx: AppContext = {
    source: schedule,
    writer: schedule,
    kv,
    profile,
    calendar: defaultCalendar,
    clock,
    logger,
    notifier: counted,
    deliveries: ledger,
    baseUrl: config.publicBaseUrl,
  };

  // The Agents Playground (npm run dev) cannot create a chat for someone who has not opened
  // it (it answers 500): their messages wait, unclaimed and not counted as failures, until
  // their first message, and then go at once (onFirstContact below). With Teams, the bot
  // creates the chat itself (the app is installed for them).
  const reachable = overrides.waitForFirstContact
    ? async (id: string) => (await refs.get(id)) !== null
    : undefined;
  const delivery = new MessageDelivery({
    ledger,
    queue,
    owner,
    logger,
    ...(reachable ? { reachable } : {}),
  });
  // Signed records edited in SharePoint: void and re-request (usecases/record-recheck.ts). The
  // embedded store is written through the bot, which voids as it writes, so the sweep runs
  // only where people can edit the lists directly.
  const recheck: RecheckStep = {
    run: (snapshot, o) => recheckAndRender(ctx, snapshot, o),
    deliver: (messages) => delivery.deliver(messages),
  };
  let lastTick: TickReport | null = null;
  // One instance ticks at a time (scheduler/tick-lease.ts); the others stand by.
  const lease = new TickLease(kv, owner, clock, config.tickLeaseSeconds * 1000);
  let leaseState: LeaseOutcome | null = null;
  // For telemetry: when the running tick started (real time) and its findings by kind.
  let tickStartedAt = 0;
  let findingsByKind: Record<string, number> = {};
  const gate = async (): Promise<boolean> => {
    const outcome = await lease.acquire();
    if (outcome !== leaseState && outcome !== 'renewed')
      logger.info('scheduler.lease', { outcome, owner });
    leaseState = outcome;
    tickStartedAt = Date.now();
    findingsByKind = {};
    return outcome !== 'held-elsewhere';
  };
  // The embedded store keeps its rows between loads, in its order (store/kept-tables.ts), so a
  // tick evaluates only what changed since the last one (policy/kept-evaluation.ts). SharePoint
  // mode hands its rows over in item id order, which the rows do not carry and a delta cannot
  // walk (policy/snapshot-delta.ts), so there every tick evaluates the whole organisation.
  const evaluateTick: EvaluateFn =
    schedule instanceof KvSchedule ? new KeptEvaluation(compareRows).evaluate : evaluate;
  const countedEvaluate: EvaluateFn = (snapshot, p, asOf, calendar) => {
    const result = evaluateTick(snapshot, p, asOf, calendar);
    findingsByKind = {};
    for (const f of result.findings) findingsByKind[f.kind] = (findingsByKind[f.kind] ?? 0) + 1;
    return result;
  };
  const onReport = (r: TickReport) => {
    lastTick = r;
    const end = Date.now();
    const start = tickStartedAt || end;
    recordSpan(
      'scheduler.tick',
      start,
      end,
      { 'tick.dry_run': r.dryRun, 'tick.stopped': r.stopped, outcome: r.error ? 'error' : 'ok' },
      Boolean(r.error),
    );
    recordTick(end - start, findingsByKind);
  };
  if (config.tickSeconds > 0 && !config.sendEnabled) {
    // A staging slot, a copy, a second deployment: nothing proactive unless told.
    logger.warn('scheduler.send-disabled', { code: 'SEND_ENABLED-not-true' });
  }
  const scheduler =
    config.tickSeconds > 0 && config.sendEnabled
      ? new Scheduler(
          {
            source: schedule,
            kv,
            profile,
            calendar: defaultCalendar,
            clock,
            logger,
            queue,
            evaluate: countedEvaluate,
            owner,
            ledger,
            renderers: tickRenderers(ctx),
            planners: tickPlanners,
            workingHours: parseWorkingHours({
              start: config.workingHours.from,
              end: config.workingHours.to,
            }),
            adminIds: config.adminIds,
            ...(reachable ? { reachable } : {}),
            ...(config.dataSource === 'sharepoint' ? { recheck } : {}),
            ...(config.publicBaseUrl ? { tabUrl: `${config.publicBaseUrl}/tab/` } : {}),
            housekeeping: {
              pruneAudit: async () =>
                (
                  await pruneSignatureAudit(kv, {
                    clock,
                    retentionYears: config.store.auditRetentionYears,
                  })
                ).pruned,
            },
          },
          {
            intervalSeconds: config.tickSeconds,
            gate,
            onReport,
            // Lapse unanswered swap offers, widen unanswered sickness requests to every hub's
            // team leaders; their messages carry fixed keys, so the ledger sends each once.
            afterTick: async () => {
              await delivery.deliver(await triageTickMessages(ctx));
            },
          },
        )
      : null;

  const bot = new TeamsBot({
    ctx,
    runCommand,
    runCardAction,
    refs,
    deliver: (messages) => delivery.deliver(messages),
    logger,
    // What waited for this person goes now: their event messages, and a tick for the rest.
    ...(reachable
      ? {
          onFirstContact: (staffId: string) => {
            void delivery.flushFor(staffId).catch((err: unknown) => {
              logger.error('bot.flush-failed', { staffId, code: errorName(err) });
            });
            scheduler?.requestTick();
          },
        }
      : {}),
    // Activities from other tenants are ignored (none in local mode: the Playground has its own).
    ...(config.auth.mode !== 'local' ? { tenantId: config.auth.tenantId } : {}),
  });

  const health = async (): Promise<HealthReport> => {
    const reasons: string[] = [];
    let store: HealthReport['store'] = 'ok';
    try {
      await kv.get('health', 'ping');
    } catch {
      store = 'unreachable';
      reasons.push('the state store does not answer');
    }
    let graph: string = 'not-used';
    if (graphHealth) {
      const g = await graphHealth.check();
      graph = g.state;
      if (g.state === 'failing') reasons.push(g.reason);
    }
    // The last tick must be recent on the instance that holds the lease: 3 intervals and more
    // means ticks stopped (a hung Graph call, a store that refuses writes).
    const tickAgeSeconds = lastTick
      ? Math.round((clock.now().getTime() - Date.parse(lastTick.at)) / 1000)
      : null;
    const ticking = scheduler !== null && leaseState !== null && leaseState !== 'held-elsewhere';
    if (ticking && tickAgeSeconds !== null && tickAgeSeconds > config.tickSeconds * 3) {
      reasons.push(`the last scheduler tick was ${tickAgeSeconds} s ago`);
    }
    return {
      ok: reasons.length === 0,
      store,
      graph,
      lastTick: lastTick?.at ?? null,
      lastTickAgeSeconds: tickAgeSeconds,
      scheduler: !scheduler
        ? config.tickSeconds > 0
          ? 'send-disabled'
          : 'off'
        : leaseState === 'held-elsewhere'
          ? 'standby'
          : scheduler.isRunning
            ? 'ticking'
            : 'idle',
      dataSource: config.dataSource,
      reasons,
    };
  };

  const server = await startServer({
    host: config.host,
    port: config.port,
    adapter,
    bot,
    logger,
    localMode: config.auth.mode === 'local',
    health,
    // The tab's page and JSON API; its sign/swap messages go out like card actions' do.
    mounts: [
      tabRoutes({ config: config.tab, deliver: (m) => delivery.deliver(m) }),
      // The manifest's websiteUrl, privacyUrl and termsOfUseUrl.
      (routes: Routes) => legalRoutes(legal)(routes),
      ...(overrides.mounts ?? []),
    ].map((m) => (routes: Routes) => m(routes, ctx)),
  });
  const stopObservingQueue = observeQueueDepth(() => queue.pending);
  if (overrides.startScheduler !== false) scheduler?.start();

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await server.close();
      await scheduler?.stop();
      // Hand the tick to another instance now rather than after the lease period.
      if (scheduler) await lease.release().catch(() => false);
      await delivery.idle();
      await queue.drain();
      stopObservingQueue();
      await kv.close();
      logger.info('app.stopped', {});
    })();
    return closing;
  };

  return {
    config,
    ctx,
    adapter,
    bot,
    refs,
    ledger,
    queue,
    delivery,
    scheduler,
    leaseState: () => leaseState,
    server,
    close,
  };
}

export async function main(
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): Promise<App> {
  // `.env` in the working folder (or ENV_FILE), under the real environment (config/env-file.ts).
  const merged = withEnvFile(env, cwd).env;
  const config = loadConfig(merged);
  const logger = new JsonLogger({ level: config.logLevel });
  logger.info('app.config', redactedSummary(config));
  // Azure Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING is set (loaded only then).
  const telemetry = await startTelemetry(merged.APPLICATIONINSIGHTS_CONNECTION_STRING, logger);
  const app = await buildApp(config, { logger });
  const stop = (signal: string) => {
    logger.info('app.stopping', { signal });
    app
      .close()
      .then(() => telemetry?.shutdown())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return app;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    // The config error names the variable; it never contains a secret's value.
    process.stderr.write(`supervision-bot failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
