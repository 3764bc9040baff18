/**
 * The Bot Connector test server for bench/fanout.ts, in its own process: Teams' limits are
 * judged on arrival time, and a server sharing the sender's event loop would see arrivals
 * bunched by the sender's CPU work (429s that real Teams would not send).
 *
 * Protocol: prints `{"url": "..."}` once listening; answers `stats` on stdin with one JSON line;
 * exits on `close`.
 */
import { createInterface } from 'node:readline';
import { startConnectorServer } from '../test/connector-server/connector-server';

async function main(): Promise<void> {
  const staff = Number(process.argv[2] ?? 10_000);
  const latencyMs = Number(process.argv[3] ?? 20);
  const tenant = process.argv[4] ?? 'tenant-bench';
  const server = await startConnectorServer({ enforceLimits: true, latencyMs });
  for (let i = 0; i < staff; i++)
    server.registerConversation(`a:conv-st-${i}`, `29:st-${i}`, `st-${i}`, tenant);
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    if (line.trim() === 'stats') {
      const perConversation: Record<string, number> = {};
      for (const a of server.activities)
        perConversation[a.conversationId] = (perConversation[a.conversationId] ?? 0) + 1;
      const times = server.activities.map((a) => a.at);
      process.stdout.write(
        `${JSON.stringify({
          throttled: server.throttled,
          activities: server.activities.length,
          perConversation,
          firstAt: Math.min(...times),
          lastAt: Math.max(...times),
        })}\n`,
      );
    } else if (line.trim() === 'close') {
      void server.close().then(() => process.exit(0));
    }
  });
}

void main();
