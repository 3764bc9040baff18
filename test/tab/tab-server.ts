/**
 * The tab mounted on the bot's own HTTP app (bot/server.ts: express with the same body parser,
 * strict routing and error handler) over a real AppContext: the embedded schedule on SQLite
 * :memory: seeded with the demo organisation and a ManualClock on the demo's anchor day
 * (usecases/testing/harness.ts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpApp, finishHttpApp } from '../../bot/server';
import type { OutboundMessage } from '../../ports/notifier';
import type { TabConfig } from '../../tab/config';
import { tabRoutes } from '../../tab/routes';
import { makeHarness, type Harness } from '../../usecases/testing/harness';

export interface TabServer {
  url: string;
  harness: Harness;
  delivered: OutboundMessage[];
  close(): Promise<void>;
}

export async function startTabServer(config: TabConfig, at?: string): Promise<TabServer> {
  const harness = await makeHarness(at);
  const delivered: OutboundMessage[] = [];
  const app = createHttpApp({ logger: harness.ctx.logger, localMode: false });
  tabRoutes({
    config,
    deliver: async (m) => {
      delivered.push(...m);
    },
  })(app, harness.ctx);
  finishHttpApp(app, harness.ctx.logger);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    harness,
    delivered,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await harness.close();
    },
  };
}
