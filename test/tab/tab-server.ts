/**
 * The tab mounted on a real restify server (with the bot server's body parser) over a real
 * AppContext: the embedded schedule on SQLite :memory: seeded with the demo organisation and
 * a ManualClock on the demo's anchor day (usecases/testing/harness.ts).
 */
import type { AddressInfo } from 'node:net';
import restify from 'restify';
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
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1_000_000 }));
  tabRoutes({
    config,
    deliver: async (m) => {
      delivered.push(...m);
    },
  })(server, harness.ctx);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    harness,
    delivered,
    close: async () => {
      (server.server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await harness.close();
    },
  };
}
