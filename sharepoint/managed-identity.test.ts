/**
 * Graph through a user-assigned managed identity (issue 16): no secret, no certificate. The
 * token comes from the host's identity endpoint (a local server speaking App Service's
 * IDENTITY_ENDPOINT + IDENTITY_HEADER protocol, and IMDS's), and the Graph test server checks
 * the bearer it receives and the identity's Sites.Selected grant. IMDS (VMs, AKS):
 * managed-identity-imds.test.ts (MSAL remembers the endpoint it found for the whole process).
 */
import { Agent } from 'undici';
import { parseGraphConfig } from './config';
import { GraphClient } from './graph-client';
import { provision } from './provision';
import { silentLogger } from '../ports/logger';
import { startGraphServer, type GraphTestServer } from '../test/graph-server/server';
import { closeTestClients, graphClientFor } from '../test/graph-server/client-for';
import { SITE_URL } from '../test/graph-server/fixture';
import {
  startManagedIdentityServer,
  type ManagedIdentityServer,
} from '../test/managed-identity-server/server';

const IDENTITY = '3a3b3c3d-0000-4000-8000-00000000a1d1'; // the user-assigned identity's client id
const VARS = ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'AZURE_POD_IDENTITY_AUTHORITY_HOST'];

describe('Graph with a managed identity', () => {
  let graph: GraphTestServer;
  let mi: ManagedIdentityServer;
  let agent: Agent;
  let siteId: string;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    for (const v of VARS) saved[v] = process.env[v];
    graph = await startGraphServer();
    siteId = graph.state.addSite('contoso.sharepoint.com', '/sites/supervision').id;
    expect(await provision(graphClientFor(graph).client, SITE_URL)).toMatchObject({ ok: true });
    // The identity has Sites.Selected and a write grant on this one site, nothing else.
    graph.permissions.appRoles.set(IDENTITY, ['Sites.Selected']);
    graph.permissions.siteGrants.set(siteId, new Map([[IDENTITY, 'write']]));
    mi = await startManagedIdentityServer({
      identities: [IDENTITY],
      issue: (clientId) => graph.issueToken(clientId),
    });
    agent = new Agent({ connect: { ca: graph.ca } });
  });
  afterEach(() => {
    for (const v of VARS) {
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
    }
  });
  afterAll(async () => {
    await agent.destroy();
    await closeTestClients();
    await mi.close();
    await graph.close();
  });

  const client = (clientId: string) =>
    new GraphClient({
      managedIdentityClientId: clientId,
      graphBaseUrl: graph.graphBaseUrl,
      fetchOptions: { dispatcher: agent },
      logger: silentLogger,
      retry: { sleep: async () => undefined, maxRetries: 0 },
    });

  it("gets its token from App Service's identity endpoint and Graph accepts it", async () => {
    Object.assign(process.env, mi.env);
    const before = mi.requests.length;
    const site = await client(IDENTITY).request<{ id: string }>(
      'GET',
      '/sites/contoso.sharepoint.com:/sites/supervision',
    );
    expect(site).toMatchObject({ ok: true, body: { id: siteId } });
    const asked = mi.requests.slice(before);
    expect(asked).toEqual([
      {
        protocol: 'app-service',
        clientId: IDENTITY,
        // The Graph host's own resource, from the `/.default` scope.
        resource: new URL(graph.graphBaseUrl).origin,
        status: 200,
      },
    ]);
    // The bearer was checked: the identity reaches the granted site only.
    const other = graph.state.addSite('contoso.sharepoint.com', '/sites/other').id;
    expect(await client(IDENTITY).request('GET', `/sites/${other}`)).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it('an identity the host does not have is a sign-in failure, said plainly', async () => {
    Object.assign(process.env, mi.env);
    const out = await client('99999999-0000-4000-8000-000000000000').request(
      'GET',
      `/sites/${siteId}`,
    );
    expect(out).toMatchObject({ ok: false, status: 401, code: 'auth' });
    expect(!out.ok && out.message).toMatch(/managed identity.*GRAPH_MANAGED_IDENTITY_CLIENT_ID/);
  });

  it('configuration: exactly one of secret, certificate or managed identity', () => {
    const base = { GRAPH_BASE_URL: graph.graphBaseUrl, SHAREPOINT_SITE: SITE_URL };
    expect(() =>
      parseGraphConfig({
        ...base,
        GRAPH_MANAGED_IDENTITY_CLIENT_ID: IDENTITY,
        GRAPH_TENANT_ID: 't',
        GRAPH_CLIENT_ID: 'c',
        GRAPH_CLIENT_SECRET: 's',
      }),
    ).toThrow(
      /exactly one of GRAPH_CLIENT_SECRET, GRAPH_CERTIFICATE_PATH or GRAPH_MANAGED_IDENTITY_CLIENT_ID/,
    );
    expect(() => parseGraphConfig({ ...base, GRAPH_CLIENT_SECRET: 's' })).toThrow(
      /GRAPH_TENANT_ID/,
    );
    expect(() => parseGraphConfig(base)).toThrow(/GRAPH_MANAGED_IDENTITY_CLIENT_ID/);
  });
});
