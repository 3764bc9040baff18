/**
 * The tab's middleware, in the order every identified route passes it: errors → host → auth →
 * access. A handler is reached only by an identified caller addressed to loopback (local mode);
 * a refusal is logged with ids and codes and answered once; a throw becomes a 500 whose log
 * names the error, never its message.
 */
import { RecordingLogger } from '../ports/logger';
import type { AppContext } from '../usecases/context';
import { parseTabConfig } from './config';
import type { Req, Res } from './http';
import { apiRoute, type ApiHandler, type TabEnv } from './middleware';

function call(handler: ApiHandler, headers: Record<string, string>) {
  const log = new RecordingLogger();
  const env: TabEnv = {
    ctx: {} as AppContext,
    config: parseTabConfig({}, true),
    verifier: null,
    log,
  };
  const answer: { status?: number; body?: string } = {};
  const res: { headersSent: boolean; writeHead(s: number): unknown; end(b: string): void } = {
    headersSent: false,
    writeHead(status: number) {
      answer.status = status;
      res.headersSent = true;
      return res;
    },
    end(body: string) {
      answer.body = body;
    },
  };
  const req = { headers, url: '/api/tab/x' } as unknown as Req;
  return { run: () => apiRoute(env, 'x', handler)(req, res as unknown as Res), answer, log };
}

const local = { host: '127.0.0.1:3978', 'x-dev-user': 'tl-1' };

it('reaches the handler with the caller identified', async () => {
  let seen = '';
  const c = call(async ({ userId }) => void (seen = userId), local);
  await c.run();
  expect(seen).toBe('tl-1');
});

it('refuses a non-loopback host and an unidentified caller before the handler', async () => {
  let reached = false;
  const h: ApiHandler = async () => void (reached = true);
  const far = call(h, { ...local, host: 'evil.example' });
  await far.run();
  expect(far.answer.status).toBe(403);
  expect(far.log.lines.map((l) => l.event)).toEqual(['tab.host-refused']);
  const anon = call(h, { host: 'localhost:3978' });
  await anon.run();
  expect(anon.answer.status).toBe(401);
  expect(anon.log.lines.map((l) => l.event)).toEqual(['tab.unauthenticated']);
  expect(reached).toBe(false);
});

it('deny answers a refusal once and logs its code', async () => {
  const c = call(async ({ deny }) => {
    if (deny({ ok: false, status: 403, code: 'not-in-your-line', message: 'No.' })) return;
    throw new Error('not reached');
  }, local);
  await c.run();
  expect(c.answer.status).toBe(403);
  expect(JSON.parse(c.answer.body!)).toEqual({ error: 'not-in-your-line', message: 'No.' });
  expect(c.log.lines).toEqual([
    {
      level: 'warn',
      event: 'tab.forbidden',
      fields: { route: 'x', userId: 'tl-1', code: 'not-in-your-line' },
    },
  ]);
});

it('a throw is a 500 with a code; the log names the error, not its message', async () => {
  const c = call(async () => {
    throw new TypeError('record text for child C-123');
  }, local);
  await c.run();
  expect(c.answer.status).toBe(500);
  expect(JSON.parse(c.answer.body!)).toEqual({
    error: 'internal',
    message: 'Something went wrong.',
  });
  expect(JSON.stringify(c.log.lines)).not.toContain('C-123');
  expect(c.log.lines[0]).toMatchObject({ level: 'error', event: 'tab.failed' });
});
