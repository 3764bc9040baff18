import { closeTestClients, graphClientFor } from '../test/graph-server/client-for';
import { REJECTED_SECRET, startGraphServer } from '../test/graph-server/server';
import { parseGraphConfig, redactGraphConfig } from './config';
import { backoffMs, defaultRetryPolicy, mayResend, parseRetryAfter } from './retry';

describe('retry policy', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(
      parseRetryAfter('Tue, 24 Nov 2026 09:00:30 GMT', () => Date.parse('2026-11-24T09:00:00Z')),
    ).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });

  it('backs off with bounded jitter', () => {
    const p = { ...defaultRetryPolicy, random: () => 1 };
    expect([0, 1, 2, 3].map((a) => backoffMs(p, a))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(p, 20)).toBe(p.maxWaitMs);
    expect(backoffMs({ ...p, random: () => 0 }, 3)).toBe(0);
  });

  it('retries a GET through dropped connections and 500s, but never resends a POST whose connection broke', async () => {
    const server = await startGraphServer();
    try {
      const site = server.state.addSite('contoso.sharepoint.com', '/sites/r');
      const list = server.state.createList(site, 'L');
      const { client, waits } = graphClientFor(server);
      server.faults.dropEvery = 2;
      server.faults.errorEvery = 3;
      for (let i = 0; i < 4; i++)
        expect(await client.request('GET', `/sites/${site.id}`)).toMatchObject({ ok: true });
      expect(waits.length).toBeGreaterThan(0);

      server.faults.errorEvery = undefined;
      server.faults.dropEvery = 1;
      server.resetLog();
      const post = await client.request('POST', `/sites/${site.id}/lists/${list.id}/items`, {
        fields: { Title: 'x' },
      });
      expect(post).toMatchObject({ ok: false, status: 0, code: 'network' });
      expect(server.log.filter((e) => e.endpoint === 'dropped')).toHaveLength(1);
      server.faults.dropEvery = undefined;
      server.faults.throttleEvery = 1;
      const throttled = await client.request('GET', `/sites/${site.id}`, undefined);
      expect(throttled).toMatchObject({ ok: false, status: 429 });
      expect(server.log.filter((e) => e.endpoint === 'throttled')).toHaveLength(
        defaultRetryPolicy.maxRetries + 1,
      );
    } finally {
      await server.close();
      await closeTestClients();
    }
  });
});

describe('POST and server errors', () => {
  it('resends a POST only when the answer says it was not carried out', () => {
    expect(mayResend('POST', 429)).toBe(true);
    // A 503 may come after the write applied (issue 19): the caller re-reads before any retry.
    expect(mayResend('POST', 503)).toBe(false);
    expect(mayResend('POST', 500)).toBe(false);
    expect(mayResend('post', 504)).toBe(false);
    expect(mayResend('PATCH', 500)).toBe(true);
    expect(mayResend('GET', 404)).toBe(false);
  });

  it('never resends a POST that met a 500 (it may have created the item)', async () => {
    const server = await startGraphServer();
    try {
      const site = server.state.addSite('contoso.sharepoint.com', '/sites/p');
      const list = server.state.createList(site, 'L');
      const { client } = graphClientFor(server);
      server.faults.errorEvery = 1;
      server.resetLog();
      const post = await client.request('POST', `/sites/${site.id}/lists/${list.id}/items`, {
        fields: { Title: 'x' },
      });
      expect(post).toMatchObject({ ok: false, status: 500 });
      expect(server.log.filter((e) => e.status === 500)).toHaveLength(1);
    } finally {
      await server.close();
      await closeTestClients();
    }
  });
});

describe('sign-in failures', () => {
  it('are a typed auth result, not a throw or a network error', async () => {
    const server = await startGraphServer();
    try {
      server.state.addSite('contoso.sharepoint.com', '/sites/a');
      const { client } = graphClientFor(server, { secret: REJECTED_SECRET });
      const r = await client.request('GET', '/sites/contoso.sharepoint.com:/sites/a');
      expect(r).toMatchObject({ ok: false, status: 401, code: 'auth' });
      expect(server.tokensIssued()).toBe(0);
    } finally {
      await server.close();
      await closeTestClients();
    }
  });
});

describe('Graph configuration', () => {
  const base = {
    GRAPH_TENANT_ID: 't',
    GRAPH_CLIENT_ID: 'c',
    SHAREPOINT_SITE: 'contoso.sharepoint.com:/sites/s',
  };
  it('defaults the Graph base URL and redacts the secret', () => {
    const c = parseGraphConfig({ ...base, GRAPH_CLIENT_SECRET: 'hush' });
    expect(c.GRAPH_BASE_URL).toBe('https://graph.microsoft.com/v1.0');
    expect(JSON.stringify(redactGraphConfig(c))).not.toContain('hush');
  });
  it('names the variable at fault', () => {
    expect(() => parseGraphConfig({ ...base })).toThrow(/GRAPH_CLIENT_SECRET.*exactly one/);
    expect(() =>
      parseGraphConfig({ ...base, GRAPH_CLIENT_SECRET: 's', GRAPH_CERTIFICATE_PATH: '/x.pem' }),
    ).toThrow(/exactly one/);
    expect(() =>
      parseGraphConfig({ GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's', SHAREPOINT_SITE: 'x' }),
    ).toThrow(/GRAPH_TENANT_ID/);
    expect(() =>
      parseGraphConfig({ ...base, GRAPH_CLIENT_SECRET: 's', GRAPH_BASE_URL: 'not a url' }),
    ).toThrow(/GRAPH_BASE_URL/);
  });
});
