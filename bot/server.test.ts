import { request } from 'node:http';
import { ActivityHandler } from 'botbuilder';
import { JsonLogger } from '../config/logger';
import { RecordingLogger } from '../ports/logger';
import type { Logger } from '../ports/logger';
import { createAdapter } from './adapter';
import { startServer, type HealthReport, type ServerOptions } from './server';

const activity = {
  type: 'message',
  id: 'm1',
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/',
  from: { id: '29:u', aadObjectId: 'u' },
  recipient: { id: '28:b' },
  conversation: { id: 'c', conversationType: 'personal' },
  text: 'hi',
};

const healthy = async (): Promise<HealthReport> => ({ ok: true, store: 'ok', lastTick: null });

/**
 * A server on a free port with an empty bot: `local` mode (the adapter checks no token) or
 * SingleTenant (every activity must carry a valid token); `more` overrides any option.
 */
function serverWith(logger: Logger, local: boolean, more: Partial<ServerOptions> = {}) {
  return startServer({
    host: '127.0.0.1',
    port: 0,
    adapter: createAdapter(
      local
        ? { mode: 'local' }
        : { mode: 'SingleTenant', appId: 'app-id', password: 'pw', tenantId: 'tenant' },
      logger,
    ),
    bot: new ActivityHandler(),
    logger,
    localMode: local,
    health: healthy,
    ...more,
  });
}

async function post(url: string, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
}

/** A request with a Host header of our choosing (fetch always sends the URL's own). */
function withHost(
  url: string,
  path: string,
  host: string,
  method = 'GET',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers: { Host: host } }, (res) => {
      let body = '';
      res.on('data', (b: Buffer) => (body += b.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    if (method === 'POST') {
      req.setHeader('Content-Type', 'application/json');
      req.end(JSON.stringify(activity));
    } else req.end();
  });
}

describe('bot server', () => {
  it('refuses unauthenticated activities when an app id is configured', async () => {
    const logger = new RecordingLogger();
    let turns = 0;
    const bot = new ActivityHandler().onMessage(async (_c, next) => {
      turns++;
      await next();
    });
    const server = await serverWith(logger, false, { bot });
    try {
      expect((await post(server.url)).status).toBe(401);
      expect((await post(server.url, { Authorization: 'Bearer not-a-jwt' })).status).toBe(401);
      expect(turns).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('never writes the bearer token it was sent into the log', async () => {
    const lines: string[] = [];
    const logger = new JsonLogger({ level: 'debug', write: (l) => lines.push(l) });
    // Token-shaped but not decodable, so botbuilder rejects it before fetching any signing keys
    // (a decodable one would make it fetch OpenID metadata from the internet).
    const token = 'eyJub3QtanNvbg.eyJub3QtanNvbi1laXRoZXItbm90LWpzb24.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const server = await serverWith(logger, false, {
      adapter: createAdapter(
        { mode: 'SingleTenant', appId: 'app-id', password: 'pw-secret', tenantId: 'tenant' },
        logger,
      ),
    });
    try {
      const res = await post(server.url, { Authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
    } finally {
      await server.close();
    }
    const all = lines.join('');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(token.slice(0, 40));
    expect(all).not.toContain('pw-secret');
  });

  it('refuses to start in local mode on a non-loopback address', async () => {
    const logger = new RecordingLogger();
    await expect(serverWith(logger, true, { host: '0.0.0.0' })).rejects.toThrow(/127\.0\.0\.1/);
  });

  it('in local mode answers only requests addressed to a loopback name (DNS rebinding)', async () => {
    const logger = new RecordingLogger();
    let turns = 0;
    const bot = new ActivityHandler().onMessage(async (_c, next) => {
      turns++;
      await next();
    });
    let mounted = 0;
    const server = await serverWith(logger, true, {
      bot,
      mounts: [
        (s) => s.get('/api/tab/dev/people', (_q, r) => r.writeHead(200).end(String(++mounted))),
      ],
    });
    try {
      for (const host of [
        'attacker.example',
        'attacker.example:3978',
        `rebound.example:${server.port}`,
      ]) {
        expect((await withHost(server.url, '/api/messages', host, 'POST')).status).toBe(403);
        expect((await withHost(server.url, '/healthz', host)).status).toBe(403);
        expect((await withHost(server.url, '/api/tab/dev/people', host)).status).toBe(403);
      }
      expect(turns).toBe(0);
      expect(mounted).toBe(0);
      const refused = logger.lines.filter((l) => l.event === 'server.host-refused');
      expect(refused.length).toBeGreaterThan(0);
      expect(JSON.stringify(refused)).not.toContain('attacker');

      // The Agents Playground posts to http://127.0.0.1:3978; browsers may say localhost.
      for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, '[::1]:3978']) {
        expect((await withHost(server.url, '/api/messages', host, 'POST')).status).toBe(200);
        expect((await withHost(server.url, '/api/tab/dev/people', host)).status).toBe(200);
      }
      expect(turns).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('does not look at Host when activities are authenticated (App Service names vary)', async () => {
    const logger = new RecordingLogger();
    const server = await serverWith(logger, false);
    try {
      expect((await withHost(server.url, '/healthz', 'bot.example.org')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('warns in local mode, reports health, and lets an in-flight turn finish on close', async () => {
    const logger = new RecordingLogger();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let finished = false;
    const bot = new ActivityHandler().onMessage(async (_c, next) => {
      await gate;
      finished = true;
      await next();
    });
    const server = await serverWith(logger, true, {
      bot,
      health: async () => ({ ok: false, store: 'unreachable', lastTick: null }),
    });
    expect(logger.lines.some((l) => l.event === 'server.local-mode' && l.level === 'warn')).toBe(
      true,
    );
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);

    const inFlight = post(server.url);
    while (server.inFlight === 0) await new Promise((r) => setTimeout(r, 5));
    const closed = server.close();
    setTimeout(release, 50);
    const res = await inFlight;
    await closed;
    expect(res.status).toBe(200);
    expect(finished).toBe(true);
    await expect(post(server.url)).rejects.toThrow();
  });
});
