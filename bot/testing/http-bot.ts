/**
 * The bot over real HTTP for tests: its express server and CloudAdapter (buildApp, local mode,
 * so botbuilder sends to the connector without tokens), the Bot Connector test server standing
 * in for Teams, and a TeamsChannel that speaks to the bot as Teams does. The scheduler is built
 * but not started (tests tick it), and the send queue backs off in milliseconds.
 */
import { loadConfig } from '../../config/config';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import { RecordingLogger } from '../../ports/logger';
import type { KvStore } from '../../ports/kv-store';
import { SqliteKv } from '../../store/sqlite-kv';
import { TeamsChannel } from '../../test/connector-server/channel';
import {
  startConnectorServer,
  type ConnectorTestServer,
} from '../../test/connector-server/connector-server';
import { buildApp, type App, type AppOverrides } from '../main';

export interface HttpBot {
  app: App;
  connector: ConnectorTestServer;
  channel: TeamsChannel;
  close(): Promise<void>;
}

export async function startHttpBot(options: {
  clock: Clock;
  /** Environment for loadConfig (PORT=0 and LOCAL_MODE=true are added). Default: the demo organisation, hourly tick. */
  env?: Record<string, string>;
  logger?: Logger;
  kv?: KvStore;
  /** An already-open schedule (a GraphSchedule on the Graph test server). */
  schedule?: AppOverrides['schedule'];
  /** As `npm run dev`: send to a person only after their first message (bot/main.ts). */
  waitForFirstContact?: boolean;
}): Promise<HttpBot> {
  const connector = await startConnectorServer();
  const env = options.env ?? { DEMO: 'true', TICK_SECONDS: '3600' };
  const app = await buildApp(loadConfig({ PORT: '0', LOCAL_MODE: 'true', ...env }), {
    clock: options.clock,
    logger: options.logger ?? new RecordingLogger(),
    kv: options.kv ?? new SqliteKv(':memory:'),
    ...(options.schedule ? { schedule: options.schedule } : {}),
    startScheduler: false,
    ...(options.waitForFirstContact ? { waitForFirstContact: true } : {}),
    queueOptions: { baseBackoffMs: 10, maxBackoffMs: 50 },
  });
  const channel = new TeamsChannel(connector, {
    botEndpoint: `${app.server.url}/api/messages`,
    tenantId: 'tenant-demo',
  });
  return {
    app,
    connector,
    channel,
    close: async () => {
      await app.close();
      await connector.close();
    },
  };
}
