/**
 * ISSUE 7 §2: every /api/tab request is authenticated with the Teams SSO token, validated
 * against a JWKS served over real HTTP (test/tab/jwks-server.ts), and authorised against the
 * hierarchy. Each bad token gets 401; a manager outside their tree gets 403.
 */
import {
  APP_ID,
  APP_ID_URI,
  OTHER_TENANT,
  TENANT,
  startJwksServer,
  unsignedToken,
  type JwksServer,
} from './jwks-server';
import { startTabServer, type TabServer } from './tab-server';

const AT = '2026-11-24T09:30:00.000Z';
const NOW = Math.floor(new Date(AT).getTime() / 1000);

let jwks: JwksServer;
let tab: TabServer;

beforeAll(async () => {
  jwks = await startJwksServer(() => NOW);
  tab = await startTabServer(
    { mode: 'sso', tenantId: TENANT, appId: APP_ID, appIdUri: APP_ID_URI, jwksUrl: jwks.url },
    AT,
  );
});
afterAll(async () => {
  await tab?.close();
  await jwks?.close();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${tab.url}${path}`, { headers });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

describe('token validation', () => {
  test('a good token reads my supervision (oid = staff id)', async () => {
    const r = await get('/api/tab/me', bearer(await jwks.token({ oid: 'fsw-hadley-1' })));
    expect(r.status).toBe(200);
    expect((r.json().me as { id: string }).id).toBe('fsw-hadley-1');
  });

  test('the bare app id is an accepted audience too, and a v1 issuer', async () => {
    const t = await jwks.token({ aud: APP_ID, iss: `https://sts.windows.net/${TENANT}/` });
    expect((await get('/api/tab/me', bearer(t))).status).toBe(200);
  });

  test('missing token → 401', async () => {
    const r = await get('/api/tab/me');
    expect(r.status).toBe(401);
    expect(r.json().error).toBe('missing-token');
  });

  test('expired token → 401', async () => {
    const t = await jwks.token({ iat: NOW - 7200, exp: NOW - 3600 });
    const r = await get('/api/tab/me', bearer(t));
    expect(r.status).toBe(401);
    expect(r.json().error).toBe('expired');
  });

  test('wrong audience → 401', async () => {
    const t = await jwks.token({ aud: 'api://tab.example.org/someone-else-app' });
    const r = await get('/api/tab/me', bearer(t));
    expect(r.status).toBe(401);
    expect(r.json().error).toBe('wrong-audience');
  });

  test('another tenant (its own issuer) → 401', async () => {
    const r = await get('/api/tab/me', bearer(await jwks.token({ tid: OTHER_TENANT })));
    expect(r.status).toBe(401);
    expect(r.json().error).toBe('wrong-issuer');
  });

  test('our issuer but another tenant in tid → 401', async () => {
    const t = await jwks.token({
      tid: OTHER_TENANT,
      iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    });
    const r = await get('/api/tab/me', bearer(t));
    expect(r.status).toBe(401);
    expect(r.json().error).toBe('wrong-tenant');
  });

  test('unsigned (alg: none) → 401', async () => {
    const t = unsignedToken({
      tid: TENANT,
      oid: 'sm-1',
      aud: APP_ID_URI,
      iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      iat: NOW - 60,
      exp: NOW + 3600,
    });
    const r = await get('/api/tab/me', bearer(t));
    expect(r.status).toBe(401);
    expect(r.json().error).toBe('malformed');
  });

  test('signed by a key the tenant never published → 401', async () => {
    const r = await get('/api/tab/me', bearer(await jwks.tokenFromUnknownKey({ oid: 'sm-1' })));
    expect(r.status).toBe(401);
    expect(r.json().error).toBe('bad-signature');
  });

  test('garbage in the header → 401', async () => {
    expect((await get('/api/tab/me', { Authorization: 'Bearer not-a-jwt' })).status).toBe(401);
    expect((await get('/api/tab/me', { Authorization: 'Basic Zm9vOmJhcg==' })).status).toBe(401);
  });

  test('X-Dev-User is refused when SSO is on, even next to a good token', async () => {
    const alone = await get('/api/tab/me', { 'X-Dev-User': 'sm-1' });
    expect(alone.status).toBe(401);
    expect(alone.json().error).toBe('dev-header-refused');
    const both = await get('/api/tab/me', {
      ...bearer(await jwks.token({ oid: 'fsw-hadley-1' })),
      'X-Dev-User': 'sm-1',
    });
    expect(both.status).toBe(401);
    expect((await get('/api/tab/dev/people')).status).toBe(404);
  });

  test('the key set is fetched once and cached', async () => {
    const before = jwks.hits;
    for (let i = 0; i < 3; i++) await get('/api/tab/me', bearer(await jwks.token()));
    expect(jwks.hits).toBe(before);
  });

  test('nothing about the token reaches the logs', async () => {
    const t = await jwks.token({ oid: 'fsw-hadley-1' });
    await get('/api/tab/me', bearer(t));
    await get('/api/tab/me', bearer(t.slice(0, -4) + 'AAAA'));
    const logged = JSON.stringify(tab.harness.logger.lines);
    expect(logged).not.toContain(t.slice(0, 40));
    expect(logged).not.toContain('Helen');
  });
});

describe('authorisation follows the hierarchy', () => {
  const as = async (oid: string) => bearer(await jwks.token({ oid }));

  test('a team leader sees their own team', async () => {
    const r = await get('/api/tab/team', await as('tl-hadley'));
    expect(r.status).toBe(200);
    const ids = (r.json().rows as Array<{ staffId: string }>).map((x) => x.staffId);
    expect(ids).toContain('fsw-hadley-1');
    expect(ids).toContain('fsw-hadley-3'); // line-managed, supervised by sp-hadley
    expect(ids.some((id) => id.includes('wrekin'))).toBe(false);
  });

  test('a manager asking for a team or person outside their tree → 403', async () => {
    const h = await as('tl-hadley');
    const team = await get('/api/tab/team?manager=tl-wrekin', h);
    expect(team.status).toBe(403);
    expect(team.json().error).toBe('outside-tree');
    expect((await get('/api/tab/people/fsw-wrekin-1', h)).status).toBe(403);
    expect((await get('/api/tab/team.csv?manager=tl-wrekin', h)).status).toBe(403);
    expect((await get('/api/tab/audit-sample?manager=sm-1', h)).status).toBe(403);
    // An unknown id answers the same as someone elsewhere: no probing who exists.
    expect((await get('/api/tab/people/nobody-here', h)).status).toBe(403);
  });

  test('a practitioner sees only their own: their team is empty, anyone else 403', async () => {
    const h = await as('fsw-hadley-1');
    expect((await get('/api/tab/people/fsw-hadley-1', h)).status).toBe(200);
    expect((await get('/api/tab/people/fsw-hadley-2', h)).status).toBe(403);
    expect((await get('/api/tab/people/tl-hadley', h)).status).toBe(403);
    const team = await get('/api/tab/team', h);
    expect(team.status).toBe(200);
    expect(team.json().rows).toEqual([]);
  });

  test('the service manager sees the whole tree, and a sub-tree', async () => {
    const h = await as('sm-1');
    const all = await get('/api/tab/team', h);
    expect((all.json().rows as unknown[]).length).toBeGreaterThan(30);
    const sub = await get('/api/tab/team?manager=tl-wrekin', h);
    expect(sub.status).toBe(200);
    const ids = (sub.json().rows as Array<{ staffId: string }>).map((x) => x.staffId);
    expect(ids.every((id) => id.includes('wrekin'))).toBe(true);
    expect((await get('/api/tab/people/fsw-lakeside-4', h)).status).toBe(200);
  });

  test('a valid token for someone not in the staff list → 403', async () => {
    const r = await get('/api/tab/me', await as('00000000-0000-0000-0000-000000000000'));
    expect(r.status).toBe(403);
    expect(r.json().error).toBe('not-in-staff-list');
  });
});
