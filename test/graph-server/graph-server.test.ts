import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { silentLogger } from '../../ports/logger';
import { GraphClient } from '../../sharepoint/graph-client';
import { startGraphServer, type GraphTestServer } from './server';
import { testCertificate } from './tls';
import { closeTestClients, graphClientFor } from './client-for';

describe('Graph test server with the real SDK client', () => {
  let server: GraphTestServer;
  beforeAll(async () => {
    server = await startGraphServer({ defaultPageSize: 3 });
  });
  afterAll(async () => {
    await server.close();
    await closeTestClients();
  });

  it('authenticates through @azure/identity and resolves a site by path', async () => {
    const site = server.state.addSite('contoso.sharepoint.com', '/sites/supervision');
    const { client } = graphClientFor(server);
    const r = await client.request<{ id: string }>(
      'GET',
      '/sites/contoso.sharepoint.com:/sites/supervision',
    );
    expect(r).toMatchObject({ ok: true, status: 200 });
    expect(r.ok && r.body.id).toBe(site.id);
    expect(server.tokensIssued()).toBe(1);
  });

  it('authenticates with a certificate (ClientCertificateCredential, signed client assertion)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'graph-client-cert-'));
    try {
      const { key, cert } = testCertificate();
      const dispatcher = new Agent({ connect: { ca: server.ca } });
      const pem = join(dir, 'app.pem');
      writeFileSync(pem, `${key}\n${cert}`);
      const client = new GraphClient({
        tenantId: 'contoso-tenant',
        clientId: 'client-cert-app',
        certificatePath: pem,
        graphBaseUrl: server.graphBaseUrl,
        authorityHost: server.origin,
        trustedCa: server.ca,
        fetchOptions: { dispatcher },
        logger: silentLogger,
      });
      const before = server.tokensIssued();
      expect(
        await client.request('GET', '/sites/contoso.sharepoint.com:/sites/supervision'),
      ).toMatchObject({ ok: true });
      expect(server.tokensIssued()).toBe(before + 1);
      await dispatcher.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Graph test server protocol details', () => {
  let server: GraphTestServer;
  beforeAll(async () => {
    server = await startGraphServer({ defaultPageSize: 3 });
  });
  afterAll(async () => {
    await server.close();
    await closeTestClients();
  });

  it('refuses a $batch of more than 20 and answers per-request statuses with dependsOn', async () => {
    const site = server.state.addSite('contoso.sharepoint.com', '/sites/b');
    const list = server.state.createList(site, 'L', [{ name: 'n', number: {} }]);
    const { client } = graphClientFor(server);
    const url = `/sites/${site.id}/lists/${list.id}/items`;
    const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url }));
    const tooMany = await client.request('POST', '/$batch', { requests: many });
    expect(tooMany).toMatchObject({ ok: false, status: 400 });

    const r = await client.request<{ responses: Array<{ id: string; status: number }> }>(
      'POST',
      '/$batch',
      {
        requests: [
          {
            id: '1',
            method: 'POST',
            url,
            body: { fields: { Title: 'a', n: 1 } },
            headers: { 'Content-Type': 'application/json' },
          },
          {
            id: '2',
            method: 'POST',
            url,
            body: { fields: { Title: 'b', n: 'x' } },
            headers: { 'Content-Type': 'application/json' },
          },
          { id: '3', method: 'GET', url: `${url}/1`, dependsOn: ['2'] },
        ],
      },
    );
    expect(r.ok && Object.fromEntries(r.body.responses.map((x) => [x.id, x.status]))).toEqual({
      '1': 201,
      '2': 400,
      '3': 424,
    });

    // The client splits 45 writes into 3 batches and returns every result.
    const writes = Array.from({ length: 45 }, (_, i) => ({
      id: `w${i}`,
      method: 'POST' as const,
      url,
      body: { fields: { Title: `t${i}`, n: i } },
    }));
    server.resetLog();
    const results = await client.batch(writes);
    expect([...results.values()].every((x) => x.ok)).toBe(true);
    expect(server.stats().byEndpoint['batch']).toBe(3);
    expect(list.items.size).toBe(46);
  });

  it('pages items with @odata.nextLink, checks If-Match and honours Retry-After in the client', async () => {
    const site = server.state.addSite('contoso.sharepoint.com', '/sites/c');
    const list = server.state.createList(site, 'L', [{ name: 'n', number: {} }]);
    for (let i = 0; i < 7; i++) server.state.addItem(list, { Title: `t${i}`, n: i });
    const { client, waits } = graphClientFor(server);
    const first = await client.request<{ value: unknown[]; '@odata.nextLink'?: string }>(
      'GET',
      `/sites/${site.id}/lists/${list.id}/items?expand=fields(select=Title,n)`,
    );
    expect(first.ok && first.body.value).toHaveLength(3);
    expect(first.ok && first.body['@odata.nextLink']).toContain('$skiptoken');

    const patch = await client.request(
      'PATCH',
      `/sites/${site.id}/lists/${list.id}/items/1/fields`,
      { n: 10 },
      { 'If-Match': '"{stale},1"' },
    );
    expect(patch).toMatchObject({ ok: false, status: 412 });

    server.faults.throttleEvery = 1;
    server.faults.retryAfterSeconds = 3;
    const throttled = await client.request('GET', `/sites/${site.id}`);
    server.faults.throttleEvery = undefined;
    expect(throttled).toMatchObject({ ok: false, status: 429, retryAfterMs: 3000 });
    expect(waits).toEqual([3000, 3000, 3000, 3000]);
  });

  it.each([
    [409, 'nameAlreadyExists'],
    [400, 'invalidRequest'],
    [500, 'generalException'],
  ] as const)(
    'enforces unique column values as SharePoint does: index first, %i on a duplicate, in $batch too',
    async (refusal, code) => {
      server.behaviour.duplicateStatus = refusal;
      const site = server.state.addSite('contoso.sharepoint.com', `/sites/u${refusal}`);
      const list = server.state.createList(site, 'U', [{ name: 'n', number: {} }]);
      const { client } = graphClientFor(server);
      const items = `/sites/${site.id}/lists/${list.id}/items`;
      const title = `/sites/${site.id}/lists/${list.id}/columns/${list.columns[0]!.id}`;
      expect(list.columns[0]!.name).toBe('Title');

      // SharePoint will not enforce uniqueness on a column that is not indexed.
      expect(await client.request('PATCH', title, { enforceUniqueValues: true })).toMatchObject({
        ok: false,
        status: 400,
      });
      // Nor on one that already holds duplicates.
      await client.request('POST', items, { fields: { Title: 'a', n: 1 } });
      await client.request('POST', items, { fields: { Title: 'a', n: 2 } });
      const unique = { indexed: true, enforceUniqueValues: true };
      expect(await client.request('PATCH', title, unique)).toMatchObject({
        ok: false,
        status: 400,
      });
      server.state.deleteItem(list, '2');
      expect(await client.request('PATCH', title, unique)).toMatchObject({
        ok: true,
        body: { name: 'Title', indexed: true, enforceUniqueValues: true },
      });

      // Unique values are compared without regard to case.
      expect(await client.request('POST', items, { fields: { Title: 'A' } })).toMatchObject({
        ok: false,
        status: refusal,
        code,
      });
      const inBatch = await client.batch([
        { id: '1', method: 'POST', url: items, body: { fields: { Title: 'a' } } },
        { id: '2', method: 'POST', url: items, body: { fields: { Title: 'b' } } },
      ]);
      expect(inBatch.get('1')).toMatchObject({ ok: false, status: refusal, code });
      expect(inBatch.get('2')).toMatchObject({ ok: true, status: 201 });
      // Renaming another item onto a taken value is refused; rewriting an item's own value is not.
      expect(
        await client.request('PATCH', `${items}/3/fields`, { Title: 'a' }, { 'If-Match': '*' }),
      ).toMatchObject({ ok: false, status: refusal });
      expect(
        await client.request('PATCH', `${items}/1/fields`, { Title: 'a', n: 5 }),
      ).toMatchObject({
        ok: true,
      });
      expect([...list.items.values()].map((i) => i.fields['Title'])).toEqual(['a', 'b']);
    },
  );
});
