/**
 * A real GraphClient (Graph SDK + @azure/identity) pointed at a GraphTestServer, trusting
 * its self-signed certificate: an undici Agent for the SDK's fetch, `tlsOptions.ca` for the
 * credential. Waits asked for by the retry policy are recorded and not slept, so throttling
 * tests run fast while still proving Retry-After is honoured.
 */
import { Agent } from 'undici';
import { GraphClient } from '../../sharepoint/graph-client';
import type { RetryPolicy } from '../../sharepoint/retry';
import { silentLogger, type Logger } from '../../ports/logger';
import type { GraphTestServer } from './server';

export interface TestClient {
  client: GraphClient;
  /** Every wait the retry policy asked for, in ms. */
  waits: number[];
}

const agents = new Set<Agent>();

/** Closes every connection pool opened by graphClientFor (call in afterAll/afterEach). */
export async function closeTestClients(): Promise<void> {
  const open = [...agents];
  agents.clear();
  await Promise.all(open.map((a) => a.destroy()));
}

export function graphClientFor(
  /** A server in this process, or what another process's server told (bench/graph-sync-server.ts). */
  server: Pick<GraphTestServer, 'ca' | 'graphBaseUrl' | 'origin'>,
  opts: { logger?: Logger; retry?: Partial<RetryPolicy>; secret?: string } = {},
): TestClient {
  const waits: number[] = [];
  const dispatcher = new Agent({ connect: { ca: server.ca } });
  agents.add(dispatcher);
  const client = new GraphClient({
    tenantId: 'contoso-tenant',
    clientId: '00000000-0000-0000-0000-00000000c11e',
    clientSecret: opts.secret ?? 'test-secret',
    graphBaseUrl: server.graphBaseUrl,
    authorityHost: server.origin,
    trustedCa: server.ca,
    fetchOptions: { dispatcher },
    logger: opts.logger ?? silentLogger,
    retry: {
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
      ...opts.retry,
    },
  });
  return { client, waits };
}
