/**
 * `/healthz` in SharePoint mode (issue 16): besides the store and the last tick, it says whether
 * Graph answers, from a cheap call (the site, `$select=id`) cached for a minute so that App
 * Service's health check (every minute per instance) costs Graph almost nothing.
 */
import { Agent } from 'undici';
import { loadConfig } from '../config/config';
import { ManualClock } from '../ports/clock';
import { SqliteKv } from '../store/sqlite-kv';
import { provisionedSite, SITE_URL, type Provisioned } from '../test/graph-server/fixture';
import { buildApp, type App } from './main';

describe('/healthz checks Graph', () => {
  let site: Provisioned;
  let agent: Agent;
  let app: App;
  const clock = new ManualClock('2026-11-24T09:30:00Z');

  beforeAll(async () => {
    site = await provisionedSite();
    agent = new Agent({ connect: { ca: site.server.ca } });
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'pw',
      MicrosoftAppTenantId: 'contoso-tenant',
      SQLITE_PATH: ':memory:',
      DATA_SOURCE: 'sharepoint',
      GRAPH_TENANT_ID: 'contoso-tenant',
      GRAPH_CLIENT_ID: '00000000-0000-0000-0000-00000000c11e',
      GRAPH_CLIENT_SECRET: 'graph-secret',
      GRAPH_BASE_URL: site.server.graphBaseUrl,
      GRAPH_AUTHORITY_HOST: site.server.origin,
      SHAREPOINT_SITE: SITE_URL,
    });
    app = await buildApp(config, {
      clock,
      kv: new SqliteKv(':memory:'),
      graph: {
        fetchOptions: { dispatcher: agent },
        trustedCa: site.server.ca,
        retry: { sleep: async () => undefined, maxRetries: 0 },
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await agent?.destroy();
    await site?.close();
  });

  const health = async () => {
    const res = await fetch(`${app.server.url}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const siteReads = () =>
    site.server.log.filter((l) => l.endpoint !== 'token' && l.method === 'GET').length;

  it('says ready with Graph ok, and asks Graph at most once a minute', async () => {
    const before = siteReads();
    expect(await health()).toMatchObject({ status: 200, body: { ok: true, graph: 'ok' } });
    expect(siteReads()).toBe(before + 1);
    clock.advance(30_000);
    expect(await health()).toMatchObject({ status: 200, body: { graph: 'ok' } });
    expect(siteReads()).toBe(before + 1);
  });

  it('says not ready, and why, when Graph refuses; throttling is reported but not fatal', async () => {
    site.server.faults.errorEvery = 1;
    site.server.faults.errorStatus = 403;
    clock.advance(61_000);
    const refused = await health();
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ ok: false, graph: 'failing' });
    expect(refused.body.reasons).toEqual([expect.stringMatching(/Graph.*403.*Sites\.Selected/)]);

    // A throttled tenant stays ready: replacing the instance would not lift the throttling.
    site.server.faults.errorEvery = undefined;
    site.server.faults.throttleEvery = 1;
    clock.advance(61_000);
    expect(await health()).toMatchObject({ status: 200, body: { ok: true, graph: 'throttled' } });

    site.server.faults.throttleEvery = undefined;
    clock.advance(61_000);
    expect(await health()).toMatchObject({ status: 200, body: { ok: true, graph: 'ok' } });
  });

  it('reports no Graph in embedded mode', async () => {
    const embedded = await buildApp(
      loadConfig({ LOCAL_MODE: 'true', PORT: '0', TICK_SECONDS: '0' }),
      { kv: new SqliteKv(':memory:') },
    );
    try {
      const res = await fetch(`${embedded.server.url}/healthz`);
      expect(await res.json()).toMatchObject({ ok: true, graph: 'not-used' });
    } finally {
      await embedded.close();
    }
  });
});
