/**
 * The Agents Playground as `npm run dev` starts it (bot/dev.ts → bot/playground-guard.cjs):
 * bound to 127.0.0.1 only, and refusing a request whose Host or Origin is not a loopback
 * name, so neither another machine nor a page that rebinds its own name to 127.0.0.1 can run
 * commands as a demo user. Real processes, real sockets; no bot is needed behind it.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { startPlayground, type PlaygroundRun } from './dev';

jest.setTimeout(90_000);

function get(
  port: number,
  headers: Record<string, string>,
  host = '127.0.0.1',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host, port, path: '/', method: 'GET', headers, agent: false },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A raw WebSocket upgrade request: the status line the server answers with. */
function upgrade(port: number, origin: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.write(
        `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: localhost:${port}\r\n` +
          `Origin: ${origin}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
    });
    let out = '';
    s.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\r\n')) {
        s.destroy();
        resolve(out.split('\r\n')[0] ?? '');
      }
    });
    s.on('error', reject);
    s.on('close', () => resolve(out.split('\r\n')[0] ?? ''));
  });
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 3000 });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

describe('the Agents Playground started by npm run dev', () => {
  let pg: PlaygroundRun;
  let port: number;

  beforeAll(async () => {
    pg = await startPlayground('http://127.0.0.1:9/api/messages', { port: 0 });
    port = Number(new URL(pg.url).port);
  });
  afterAll(async () => {
    await pg?.stop();
  });

  it('answers a loopback page', async () => {
    expect((await get(port, { host: `localhost:${port}` })).status).toBe(200);
    expect(
      (await get(port, { host: `127.0.0.1:${port}`, origin: `http://localhost:${port}` })).status,
    ).toBe(200);
  });

  it('refuses a request whose Host is not loopback (DNS rebinding, another machine)', async () => {
    const r = await get(port, { host: `rebind.example:${port}` });
    expect(r.status).toBe(403);
    expect((await get(port, { host: `192.0.2.2:${port}` })).status).toBe(403);
  });

  it('refuses a request from a page of another origin', async () => {
    expect(
      (await get(port, { host: `localhost:${port}`, origin: 'http://evil.example' })).status,
    ).toBe(403);
    expect(await upgrade(port, 'http://evil.example')).toMatch(/^HTTP\/1\.1 403/);
  });

  it('listens on 127.0.0.1 only: not reachable on the machine’s network address', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    expect(await connects('127.0.0.1', port)).toBe(true);
    if (!external) {
      console.log('no non-loopback IPv4 address on this machine: bind check limited to loopback');
      return;
    }
    expect(await connects(external.address, port)).toBe(false);
  });
});

describe('stopping the Agents Playground', () => {
  it('lets the process that stopped it end at once (no 5 s grace timer left behind)', async () => {
    // A process of its own that starts the Playground, stops it, and then just ends: it
    // prints how long after stop() it took to exit. The 5 s SIGTERM grace timer, left running
    // once the Playground had gone, held it (and a jest worker) open for about 5 s more.
    const script = [
      `import { startPlayground } from ${JSON.stringify(path.join(__dirname, 'dev'))};`,
      '(async () => {',
      "  const pg = await startPlayground('http://127.0.0.1:9/api/messages', { port: 0 });",
      '  const stopped = Date.now();',
      '  await pg.stop();',
      "  process.on('exit', () => process.stdout.write(`exit-after-stop ${Date.now() - stopped}\\n`));",
      '})();',
    ].join('\n');
    const tsx = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx');
    const out = await new Promise<string>((resolve, reject) =>
      execFile(tsx, ['-e', script], { timeout: 60_000 }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      ),
    );
    const ms = Number(/exit-after-stop (\d+)/.exec(out)?.[1]);
    expect(ms).toBeLessThan(2_500);
  });
});
