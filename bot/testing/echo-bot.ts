/**
 * A bare botbuilder echo bot over HTTP, for bench/card-turn.ts: the same CloudAdapter the bot
 * uses (local mode), an ActivityHandler that answers a message with its text, on node:http
 * with no framework. Its turn time is the floor a real turn is compared against: HTTP in,
 * botbuilder's turn machinery, one reply through the Bot Connector, HTTP out.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityHandler } from 'botbuilder';
import { silentLogger } from '../../ports/logger';
import { createAdapter } from '../adapter';

export interface EchoBot {
  url: string;
  close(): Promise<void>;
}

export async function startEchoBot(): Promise<EchoBot> {
  const adapter = createAdapter({ mode: 'local' }, silentLogger);
  const handler = new ActivityHandler();
  handler.onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    await next();
  });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      // botbuilder's Response shape over node's ServerResponse.
      const shim = {
        socket: res.socket,
        status: (code: number) => (res.statusCode = code),
        header: (name: string, value: unknown) => res.setHeader(name, String(value)),
        send: (b?: unknown) => {
          if (b === undefined) return;
          if (typeof b === 'string' || Buffer.isBuffer(b)) res.write(b);
          else {
            res.setHeader('Content-Type', 'application/json');
            res.write(JSON.stringify(b));
          }
        },
        end: () => res.end(),
      };
      adapter
        .process({ body, headers: req.headers, method: req.method }, shim, (ctx) =>
          handler.run(ctx),
        )
        .catch(() => {
          if (!res.headersSent) res.statusCode = 500;
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/messages`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
