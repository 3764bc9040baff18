/**
 * `POST /api/messages` under hostile requests (issue 15 item 3): refused tokens get 401 with no
 * detail, each refusal is one JSON log line with a code through the redacting logger (rate
 * limited), nothing is printed on stdout/stderr by botbuilder, and a token that can never be
 * valid gets 401 even when the Bot Framework's signing keys cannot be fetched (here: the OpenID
 * metadata URL points at a closed local port).
 */
import { ActivityHandler, CallerIdConstants } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import { generateKeyPair, SignJWT } from 'jose';
import { JsonLogger } from '../config/logger';
import { createAdapter } from './adapter';
import { startServer, type RunningServer } from './server';

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

const UNREACHABLE = 'http://127.0.0.1:9/.well-known/openid-configuration';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = () => ({
  iss: 'https://api.botframework.com',
  aud: 'app-id',
  serviceurl: activity.serviceUrl,
  exp: now() + 3600,
  nbf: now() - 60,
});

async function tokens() {
  const { privateKey } = await generateKeyPair('RS256');
  const rs256 = (c: Record<string, unknown>) =>
    new SignJWT(c).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
  return {
    algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`,
    hs256: await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('a-shared-secret-anyone-could-guess')),
    expired: await rs256({ ...claims(), exp: now() - 3600, nbf: now() - 7200 }),
    noExpiry: await rs256({ ...claims(), exp: undefined }),
    // Well formed, unexpired, RS256: only the signing keys could tell; they cannot be fetched.
    plausible: await rs256(claims()),
  };
}

async function start(lines: string[]): Promise<RunningServer> {
  const logger = new JsonLogger({ level: 'debug', write: (l) => lines.push(l) });
  return startServer({
    host: '127.0.0.1',
    port: 0,
    adapter: createAdapter(
      { mode: 'SingleTenant', appId: 'app-id', password: 'pw-secret', tenantId: 'tenant' },
      logger,
      // The public cloud's settings, but its OpenID metadata where nothing listens: the
      // signing keys cannot be fetched.
      {
        ValidateAuthority: true,
        ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
        ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
        ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
        OAuthUrl: AuthenticationConstants.OAuthUrl,
        ToBotFromChannelOpenIdMetadataUrl: UNREACHABLE,
        ToBotFromEmulatorOpenIdMetadataUrl: UNREACHABLE,
        CallerId: CallerIdConstants.PublicAzureChannel,
      },
    ),
    bot: new ActivityHandler(),
    logger,
    localMode: false,
    health: async () => ({ ok: true, store: 'ok', lastTick: null }),
  });
}

async function post(url: string, authorization?: string, body: unknown = activity) {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(authorization !== undefined ? { Authorization: authorization } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), retryAfter: res.headers.get('retry-after') };
}

describe('/api/messages refusals', () => {
  const printed: unknown[][] = [];
  let spies: jest.SpyInstance[] = [];
  beforeEach(() => {
    printed.length = 0;
    spies = (['error', 'warn', 'log', 'info'] as const).map((m) =>
      jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void printed.push(args)),
    );
  });
  afterEach(() => spies.forEach((s) => s.mockRestore()));

  it('answers never-valid tokens 401 with no detail, even with the signing keys unreachable', async () => {
    const t = await tokens();
    const lines: string[] = [];
    const server = await start(lines);
    try {
      const cases: Array<[string | undefined, string]> = [
        [undefined, 'no-token'],
        ['Basic dXNlcjpwYXNz', 'not-bearer'],
        ['Bearer not-a-jwt', 'malformed-token'],
        [`Bearer ${t.algNone}`, 'algorithm-not-allowed'],
        [`Bearer ${t.hs256}`, 'algorithm-not-allowed'],
        [`Bearer ${t.expired}`, 'token-expired'],
        [`Bearer ${t.noExpiry}`, 'no-expiry'],
      ];
      for (const [header, code] of cases) {
        const res = await post(server.url, header);
        expect({ code, status: res.status, text: res.text }).toEqual({
          code,
          status: 401,
          text: '',
        });
      }
      const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const refusals = logged.filter((l) => l.event === 'inbound.unauthenticated');
      expect(refusals.map((l) => l.code).sort()).toEqual([
        'algorithm-not-allowed',
        'malformed-token',
        'no-expiry',
        'no-token',
        'not-bearer',
        'token-expired',
      ]);
      expect(refusals.every((l) => l.level === 'warn')).toBe(true);
    } finally {
      await server.close();
    }
    const all = lines.join('');
    for (const token of Object.values(t)) expect(all).not.toContain(token.slice(0, 30));
    expect(all).not.toContain('pw-secret');
    expect(all).not.toMatch(/\n\s+at /); // no stack trace in any line
    expect(printed).toEqual([]); // nothing outside the logger
  });

  it('logs a flood of refusals once per code per minute, with the count held back', async () => {
    const t = await tokens();
    const lines: string[] = [];
    const server = await start(lines);
    try {
      for (let i = 0; i < 25; i++) {
        expect((await post(server.url, `Bearer ${t.algNone}`)).status).toBe(401);
      }
    } finally {
      await server.close();
    }
    const refusals = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.event === 'inbound.unauthenticated');
    expect(refusals).toHaveLength(1);
    expect(printed).toEqual([]);
  });

  it('answers 503 with Retry-After (not 500, no detail) when a plausible token cannot be checked', async () => {
    const t = await tokens();
    const lines: string[] = [];
    const server = await start(lines);
    try {
      const res = await post(server.url, `Bearer ${t.plausible}`);
      expect(res.status).toBe(503);
      expect(res.text).toBe('');
      expect(res.retryAfter).toBe('30');
    } finally {
      await server.close();
    }
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.find((l) => l.event === 'inbound.auth-unavailable')?.code).toBe(
      'signing-keys-unavailable',
    );
    expect(lines.join('')).not.toContain(t.plausible.slice(0, 30));
    expect(printed).toEqual([]);
  });

  it('answers a body that is not an activity 400, and malformed JSON 400, without detail', async () => {
    const lines: string[] = [];
    const server = await start(lines);
    try {
      expect((await post(server.url, undefined, { hello: 'world' })).status).toBe(400);
      const bad = await post(server.url, undefined, '{"type": "message", oops');
      expect(bad.status).toBe(400);
      expect(bad.text).not.toMatch(/Unexpected|JSON\.parse|at /);
      const huge = await post(server.url, undefined, {
        type: 'message',
        text: 'x'.repeat(1_100_000),
      });
      expect(huge.status).toBe(413);
    } finally {
      await server.close();
    }
    expect(printed).toEqual([]);
  });
});
