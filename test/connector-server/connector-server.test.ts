import { ConnectorRateLimiter } from './rate-limiter';
import { generateKeyPair, SignJWT } from 'jose';
import { Agent } from 'undici';
import { startConnectorServer } from './connector-server';
import { entraIssuer, startTokenServer } from './token-server';

describe('ConnectorRateLimiter (Teams limits)', () => {
  it('allows 7 per conversation per second, then answers Retry-After', () => {
    let t = 0;
    const l = new ConnectorRateLimiter(undefined, () => t);
    for (let i = 0; i < 7; i++) expect(l.admit('c1', 't')).toBe(0);
    expect(l.admit('c1', 't')).toBeGreaterThan(0);
    expect(l.admit('c2', 't')).toBe(0);
    t = 1000;
    expect(l.admit('c1', 't')).toBe(0);
  });

  it('allows 60 per conversation in 30 seconds', () => {
    let t = 0;
    const l = new ConnectorRateLimiter(undefined, () => t);
    for (let i = 0; i < 60; i++) {
      expect(l.admit('c1', 't')).toBe(0);
      t += 250; // 4 a second: under the per-second and per-2-seconds limits
    }
    expect(l.admit('c1', 't')).toBeGreaterThan(0);
    t = 30_000;
    expect(l.admit('c1', 't')).toBe(0);
  });

  it('allows 50 per app per tenant per second across conversations', () => {
    const t = 0;
    const l = new ConnectorRateLimiter(undefined, () => t);
    for (let i = 0; i < 50; i++) expect(l.admit(`c${i}`, 'tenant-a')).toBe(0);
    expect(l.admit('c-new', 'tenant-a')).toBe(1);
    expect(l.admit('c-new', 'tenant-b')).toBe(0);
  });
});

describe('Teams per-conversation windows (rate-limit page, per bot per thread)', () => {
  it('allows 8 in any 2 seconds though 7 a second would allow 14', () => {
    let t = 0;
    const l = new ConnectorRateLimiter(undefined, () => t);
    for (let i = 0; i < 7; i++) expect(l.admit('c1', 't')).toBe(0);
    t = 1000;
    expect(l.admit('c1', 't')).toBe(0); // the 8th in 2 s
    expect(l.admit('c1', 't')).toBe(1); // a 9th waits for the first to leave the 2 s window
    t = 2000;
    expect(l.admit('c1', 't')).toBe(0);
  });

  it('allows 1,800 an hour', () => {
    let t = 0;
    const l = new ConnectorRateLimiter(undefined, () => t);
    for (let i = 0; i < 1800; i++) {
      expect(l.admit('c1', 't')).toBe(0);
      t += 600; // 50 in 30 s: under every shorter window
    }
    expect(l.admit('c1', 't')).toBeGreaterThan(0);
    t = 3_600_000;
    expect(l.admit('c1', 't')).toBe(0);
  });

  it('counts conversation creation in its own windows and in the app per tenant', () => {
    const t = 0;
    const l = new ConnectorRateLimiter(undefined, () => t);
    for (let i = 0; i < 7; i++) expect(l.admit('c1', 't', 'create')).toBe(0);
    expect(l.admit('c1', 't', 'create')).toBe(1);
    expect(l.admit('c1', 't', 'send')).toBe(0); // sends have their own windows
    for (let i = 0; i < 42; i++) expect(l.admit(`c${i + 2}`, 't', 'create')).toBe(0);
    expect(l.admit('c-last', 't')).toBe(1); // 50 requests for the tenant in this second
  });

  it('a limits object without the newer windows keeps its old meaning', () => {
    const t = 0;
    const l = new ConnectorRateLimiter(
      {
        perConversationPerSecond: 10,
        perConversationPer30Seconds: 100,
        perAppPerTenantPerSecond: 50,
      },
      () => t,
    );
    for (let i = 0; i < 10; i++) expect(l.admit('c1', 't')).toBe(0);
    expect(l.admit('c1', 't')).toBe(1);
  });
});

describe('ConnectorTestServer', () => {
  const post = (url: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const create = (base: string, member: string, tenantId = 't') =>
    post(`${base}v3/conversations`, { bot: { id: '28:b' }, members: [{ id: member }], tenantId });

  it('answers each 403 cause with its own code (Teams status codes table)', async () => {
    const s = await startConnectorServer();
    try {
      const cases = [
        ['ConversationBlockedByUser', 'ConversationBlockedByUser', undefined],
        ['MessageWritesBlocked', 'Forbidden', 'MessageWritesBlocked'],
        ['ForbiddenOperationException', 'ForbiddenOperationException', undefined],
        ['NotEnoughPermissions', 'NotEnoughPermissions', undefined],
      ] as const;
      for (const [cause, code, subCode] of cases) {
        const user = `u-${cause}`;
        const { id } = (await (await create(s.url, user)).json()) as { id: string };
        s.forbid(user, cause);
        const r = await post(`${s.url}v3/conversations/${encodeURIComponent(id)}/activities`, {});
        expect(r.status).toBe(403);
        const body = (await r.json()) as { error: { code: string; subCode?: string } };
        expect(body.error.code).toBe(code);
        expect(body.error.subCode).toBe(subCode);
      }
      s.forbidTenant('t-off', 'BotDisabledByAdmin');
      const off = await create(s.url, 'someone', 't-off');
      expect(off.status).toBe(403);
      expect(((await off.json()) as { error: { code: string } }).error.code).toBe(
        'BotDisabledByAdmin',
      );
    } finally {
      await s.close();
    }
  });

  it('a government-cloud tenant: InvalidBotApiHost on the public host, served on the GCC one', async () => {
    const s = await startConnectorServer();
    try {
      s.governmentTenant('t-gcc');
      const pub = await create(s.url, 'g1', 't-gcc');
      expect(pub.status).toBe(403);
      expect(((await pub.json()) as { error: { code: string; message: string } }).error).toEqual({
        code: 'InvalidBotApiHost',
        message: expect.stringContaining('https://smba.infra.gcc.teams.microsoft.com'),
      });
      const gcc = await create(s.gccUrl, 'g1', 't-gcc');
      expect(gcc.status).toBe(201);
      const { id, serviceUrl } = (await gcc.json()) as { id: string; serviceUrl: string };
      expect(serviceUrl).toBe(s.gccUrl);
      const conv = encodeURIComponent(id);
      expect((await post(`${s.url}v3/conversations/${conv}/activities`, {})).status).toBe(403);
      expect((await post(`${s.gccUrl}v3/conversations/${conv}/activities`, {})).status).toBe(201);
    } finally {
      await s.close();
    }
  });

  it('enforces Teams limits by default, conversation creation included', async () => {
    const s = await startConnectorServer();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await create(s.url, 'same-user')).status);
      expect(statuses.filter((x) => x === 201)).toHaveLength(7);
      expect(statuses.filter((x) => x === 429)).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('records creations, activities (new and replies) and updates over HTTP', async () => {
    const s = await startConnectorServer();
    try {
      const created = await fetch(`${s.url}v3/conversations`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          bot: { id: '28:b' },
          members: [{ id: 'user-1' }],
          tenantId: 't',
          isGroup: false,
        }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const conv = encodeURIComponent(id);
      const sent = await fetch(`${s.url}v3/conversations/${conv}/activities`, {
        method: 'POST',
        body: JSON.stringify({ type: 'message' }),
      });
      const { id: activityId } = (await sent.json()) as { id: string };
      await fetch(`${s.url}v3/conversations/${conv}/activities/${activityId}`, {
        method: 'POST',
        body: '{"type":"message"}',
      });
      const upd = await fetch(`${s.url}v3/conversations/${conv}/activities/${activityId}`, {
        method: 'PUT',
        body: '{"type":"message"}',
      });
      expect(upd.status).toBe(200);
      expect(s.creations).toHaveLength(1);
      expect(s.activitiesIn(id)).toHaveLength(2);
      expect(s.activitiesIn(id)[1]!.replyToId).toBe(activityId);
      expect(s.updates).toEqual([expect.objectContaining({ conversationId: id, activityId })]);
    } finally {
      await s.close();
    }
  });

  it('enforces the limits over HTTP when asked to', async () => {
    const s = await startConnectorServer({ enforceLimits: true });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 9; i++) {
        const r = await fetch(`${s.url}v3/conversations/a%3Aconv-x/activities`, {
          method: 'POST',
          body: '{}',
        });
        statuses.push(r.status);
        if (r.status === 429)
          expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      expect(statuses.filter((x) => x === 201)).toHaveLength(7);
      expect(statuses.filter((x) => x === 429)).toHaveLength(2);
      expect(s.throttled).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('answers every n-th new message 429 with Retry-After when asked to', async () => {
    const s = await startConnectorServer({ throttleEvery: { n: 10, retryAfterSeconds: 2 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) {
        const r = await fetch(`${s.url}v3/conversations/a%3Aconv-${i}/activities`, {
          method: 'POST',
          body: '{}',
        });
        statuses.push(r.status);
        if (r.status === 429) expect(r.headers.get('retry-after')).toBe('2');
      }
      expect(statuses.flatMap((x, i) => (x === 429 ? [i + 1] : []))).toEqual([10, 20]);
      expect(s.activities).toHaveLength(23);
    } finally {
      await s.close();
    }
  });
});

describe('ConnectorTestServer: the bearer token check (Bot Connector authentication)', () => {
  it('accepts only a token signed by the token server, for the Bot Framework, the tenant and the bot', async () => {
    const tokens = await startTokenServer();
    tokens.registerApp('bot-app', 's3cret', 'tenant-a');
    tokens.registerApp('other-app', 's3cret', 'tenant-a');
    const s = await startConnectorServer({
      auth: { jwks: tokens.jwks, appId: 'bot-app', tenantId: 'tenant-a' },
    });
    const ask = async (clientId: string, scope = 'https://api.botframework.com/.default') => {
      const r = await fetch(`${tokens.authorityHost}/tenant-a/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: 's3cret',
          scope,
        }),
        // The test certificate is self-signed: trust it for this one request.
        dispatcher: new Agent({ connect: { ca: tokens.ca } }),
      } as RequestInit);
      return ((await r.json()) as { access_token: string }).access_token;
    };
    const send = (token: string) =>
      fetch(`${s.url}v3/conversations/a%3Ac/activities`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: '{}',
      }).then((r) => r.status);
    try {
      expect(await send(await ask('bot-app'))).toBe(201);
      expect(await send(await ask('other-app'))).toBe(401);
      expect(await send(await ask('bot-app', 'https://graph.microsoft.com/.default'))).toBe(401);
      // Right claims, signed by a key the token server never published.
      const { privateKey } = await generateKeyPair('RS256');
      const forged = await new SignJWT({ appid: 'bot-app' })
        .setProtectedHeader({ alg: 'RS256', kid: tokens.jwks.keys[0]!.kid! })
        .setAudience('https://api.botframework.com')
        .setIssuer(entraIssuer('tenant-a'))
        .setExpirationTime('1h')
        .sign(privateKey);
      expect(await send(forged)).toBe(401);
      tokens.misissue = { expired: true };
      expect(await send(await ask('bot-app'))).toBe(401);
      expect(s.refusals).toEqual([
        'token for another app (other-app)',
        'ERR_JWT_CLAIM_VALIDATION_FAILED (aud)',
        'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
        'ERR_JWT_EXPIRED (exp)',
      ]);
      expect(s.activities).toHaveLength(1);
    } finally {
      await s.close();
      await tokens.close();
    }
  });

  it('the token endpoint refuses a wrong secret as Entra does (401 invalid_client)', async () => {
    const tokens = await startTokenServer();
    tokens.registerApp('bot-app', 's3cret', 'tenant-a');
    try {
      const r = await fetch(`${tokens.authorityHost}/tenant-a/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'bot-app',
          client_secret: 'wrong',
          scope: 'https://api.botframework.com/.default',
        }),
        dispatcher: new Agent({ connect: { ca: tokens.ca } }),
      } as RequestInit);
      expect(r.status).toBe(401);
      expect(((await r.json()) as { error: string }).error).toBe('invalid_client');
    } finally {
      await tokens.close();
    }
  });
});
