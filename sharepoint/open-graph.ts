/**
 * Builds the Graph adapter from configuration: the client, the site, the list ids. Used by
 * the composition root (bot/) and the CLI. Lists that are missing mean the site was never
 * provisioned: a clear error says which command fixes it.
 */
import type { Clock } from '../ports/clock';
import type { KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import type { GraphConfig } from './config';
import { GraphClient, type GraphClientOptions } from './graph-client';
import { GraphSchedule } from './graph-schedule';
import { findLists, resolveSite } from './provision';
import { checkSiteTimeZone } from './site-time-zone';
import { LIST_KEYS, LISTS } from './schema';
import type { ListIds } from './snapshot-cache';

export interface GraphDeps {
  logger: Logger;
  /** Test hooks (a loopback server's certificate); production leaves them unset. */
  fetchOptions?: GraphClientOptions['fetchOptions'];
  trustedCa?: string;
  retry?: GraphClientOptions['retry'];
}

export function graphClientFromConfig(config: GraphConfig, deps: GraphDeps): GraphClient {
  return new GraphClient({
    ...(config.GRAPH_MANAGED_IDENTITY_CLIENT_ID
      ? { managedIdentityClientId: config.GRAPH_MANAGED_IDENTITY_CLIENT_ID }
      : {}),
    ...(config.GRAPH_TENANT_ID ? { tenantId: config.GRAPH_TENANT_ID } : {}),
    ...(config.GRAPH_CLIENT_ID ? { clientId: config.GRAPH_CLIENT_ID } : {}),
    ...(config.GRAPH_CLIENT_SECRET ? { clientSecret: config.GRAPH_CLIENT_SECRET } : {}),
    ...(config.GRAPH_CERTIFICATE_PATH ? { certificatePath: config.GRAPH_CERTIFICATE_PATH } : {}),
    graphBaseUrl: config.GRAPH_BASE_URL,
    ...(config.GRAPH_AUTHORITY_HOST ? { authorityHost: config.GRAPH_AUTHORITY_HOST } : {}),
    logger: deps.logger,
    ...(deps.fetchOptions ? { fetchOptions: deps.fetchOptions } : {}),
    ...(deps.trustedCa ? { trustedCa: deps.trustedCa } : {}),
    ...(deps.retry ? { retry: deps.retry } : {}),
  });
}

export type SiteLists =
  { ok: true; siteId: string; listIds: ListIds } | { ok: false; code: string; message: string };

/** The site and every list's id; `not-provisioned` names the missing lists. */
export async function locateLists(client: GraphClient, site: string): Promise<SiteLists> {
  const s = await resolveSite(client, site);
  if (!s.ok) return s;
  const found = await findLists(client, s.id);
  if (!found.ok) return found;
  const missing = LIST_KEYS.filter((k) => !found.ids[k]).map((k) => LISTS[k].displayName);
  if (missing.length > 0) {
    return {
      ok: false,
      code: 'not-provisioned',
      message: `The site has no ${missing.join(', ')} list(s): run supervision-bot provision --site ${site}`,
    };
  }
  return { ok: true, siteId: s.id, listIds: found.ids as ListIds };
}

export async function openGraphSchedule(
  config: GraphConfig,
  deps: GraphDeps & { kv: KvStore; clock: Clock; pageSize?: number },
): Promise<
  | { ok: true; schedule: GraphSchedule; client: GraphClient; siteId: string; listIds: ListIds }
  | { ok: false; code: string; message: string }
> {
  const client = graphClientFromConfig(config, deps);
  const lists = await locateLists(client, config.SHAREPOINT_SITE);
  if (!lists.ok) return lists;
  const zone = await checkSiteTimeZone(client, lists.siteId, deps.logger);
  if (!zone.ok) return zone;
  const schedule = new GraphSchedule({
    client,
    siteId: lists.siteId,
    listIds: lists.listIds,
    kv: deps.kv,
    logger: deps.logger,
    clock: deps.clock,
    ...(deps.pageSize ? { pageSize: deps.pageSize } : {}),
  });
  return { ok: true, schedule, client, siteId: lists.siteId, listIds: lists.listIds };
}
