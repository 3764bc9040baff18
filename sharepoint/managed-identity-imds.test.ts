/**
 * Graph through a user-assigned managed identity on a host with IMDS (VMs, AKS): the token comes
 * from `/metadata/identity/oauth2/token` with `Metadata: true`, here reached through
 * AZURE_POD_IDENTITY_AUTHORITY_HOST. Its own file: MSAL keeps the identity endpoint it found
 * (App Service's in managed-identity.test.ts) for the life of the process.
 */
import { Agent } from 'undici';
import { parseGraphConfig, redactGraphConfig } from './config';
import { graphClientFromConfig, locateLists } from './open-graph';
import { provision } from './provision';
import { silentLogger } from '../ports/logger';
import { startGraphServer } from '../test/graph-server/server';
import { closeTestClients, graphClientFor } from '../test/graph-server/client-for';
import { SITE_URL } from '../test/graph-server/fixture';
import { startManagedIdentityServer } from '../test/managed-identity-server/server';

const IDENTITY = '3a3b3c3d-0000-4000-8000-00000000a1d2';

it('Graph works from configuration with a managed identity through IMDS', async () => {
  const saved = process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST;
  const graph = await startGraphServer();
  const mi = await startManagedIdentityServer({
    identities: [IDENTITY],
    issue: (clientId) => graph.issueToken(clientId),
  });
  const agent = new Agent({ connect: { ca: graph.ca } });
  try {
    const siteId = graph.state.addSite('contoso.sharepoint.com', '/sites/supervision').id;
    expect(await provision(graphClientFor(graph).client, SITE_URL)).toMatchObject({ ok: true });
    graph.permissions.appRoles.set(IDENTITY, ['Sites.Selected']);
    graph.permissions.siteGrants.set(siteId, new Map([[IDENTITY, 'read']]));
    process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = mi.imdsHost;
    const config = parseGraphConfig({
      GRAPH_MANAGED_IDENTITY_CLIENT_ID: IDENTITY,
      GRAPH_BASE_URL: graph.graphBaseUrl,
      SHAREPOINT_SITE: SITE_URL,
    });
    expect(redactGraphConfig(config)).toMatchObject({ GRAPH_AUTH: 'managed-identity' });
    const client = graphClientFromConfig(config, {
      logger: silentLogger,
      fetchOptions: { dispatcher: agent },
    });
    const found = await locateLists(client, SITE_URL);
    expect(found).toMatchObject({ ok: true, siteId });
    expect(mi.requests.filter((r) => r.status === 200)).toEqual([
      {
        protocol: 'imds',
        clientId: IDENTITY,
        resource: new URL(graph.graphBaseUrl).origin,
        status: 200,
      },
    ]);
  } finally {
    if (saved === undefined) delete process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST;
    else process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = saved;
    await agent.destroy();
    await closeTestClients();
    await mi.close();
    await graph.close();
  }
});
