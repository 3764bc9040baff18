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
  /** Every n-th new message answered 429 with Retry-After besides the limits (0: none). */
  const throttleEvery = Number(process.argv[5] ?? 0);
  /** Every k-th person has no chat with the bot yet (0: everyone has one): the bot creates it. */
  const noChatEvery = Number(process.argv[6] ?? 0);
  const server = await startConnectorServer({
    enforceLimits: true,
    latencyMs,
    ...(throttleEvery > 0 ? { throttleEvery: { n: throttleEvery, retryAfterSeconds: 1 } } : {}),
  });
  // The time of every answer (the test server records statuses, not times), for the timeline
  // the bench prints: where the busy period's seconds go.
  const answeredAt: number[] = [];
  const push = server.requests.push.bind(server.requests);
  server.requests.push = (...items) => {
    for (let k = 0; k < items.length; k++) answeredAt.push(Date.now());
    return push(...items);
  };
  for (let i = 0; i < staff; i++) {
    if (noChatEvery > 0 && i % noChatEvery === 0) continue;
    server.registerConversation(`a:conv-st-${i}`, `29:st-${i}`, `st-${i}`, tenant);
  }
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    if (line.trim() === 'stats') {
      const perConversation: Record<string, number> = {};
      for (const a of server.activities)
        perConversation[a.conversationId] = (perConversation[a.conversationId] ?? 0) + 1;
      const times = server.activities.map((a) => a.at);
      // Every POST that carries a message (a send, or a creation with its first message) counts
      // towards `throttleEvery`: the injected 429s are the n-th of those; the rest are the limits'.
      const posts = server.requests.filter(
        (r) => r.method === 'POST' && r.path.includes('/v3/conversations'),
      ).length;
      const refusedAt = server.requests.flatMap((r, i) =>
        r.status === 429 ? [answeredAt[i] ?? 0] : [],
      );
      // Until when each refusal's Retry-After held its message back.
      const heldUntil = server.requests.flatMap((r, i) =>
        r.status === 429 ? [(answeredAt[i] ?? 0) + (r.retryAfterSeconds ?? 0) * 1000] : [],
      );
      process.stdout.write(
        `${JSON.stringify({
          created: server.creations.length,
          throttled: server.throttled,
          activities: server.activities.length,
          perConversation,
          firstAt: Math.min(...times),
          lastAt: Math.max(...times),
          deliveredAt: times,
          refusedAt,
          heldUntil,
          injected: throttleEvery > 0 ? Math.floor(posts / throttleEvery) : 0,
        })}\n`,
      );
    } else if (line.trim() === 'close') {
      void server.close().then(() => process.exit(0));
    }
  });
}

void main();
