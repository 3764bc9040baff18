/**
 * Opens where the organisation's data lives: the embedded store (KvSchedule over the same
 * KvStore as the bot's state) or SharePoint lists through Graph (GraphSchedule). SharePoint
 * lists must have been provisioned first (`supervision-bot provision`); a missing list stops
 * start-up with a message naming it.
 */
import type { AppConfig } from '../config/config';
import type { Clock } from '../ports/clock';
import type { KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import type { ScheduleSource, ScheduleWriter } from '../ports/schedule';
import type { GraphClient } from '../sharepoint/graph-client';
import { graphClientFromConfig, type GraphDeps } from '../sharepoint/open-graph';
import { GraphSchedule } from '../sharepoint/graph-schedule';
import { findLists, resolveSite } from '../sharepoint/provision';
import { LIST_KEYS, type ListKey } from '../sharepoint/schema';
import { checkSiteTimeZone } from '../sharepoint/site-time-zone';
import { KvSchedule } from '../store/kv-schedule';

export type Schedule = ScheduleSource & ScheduleWriter;

export interface OpenedSchedule {
  schedule: Schedule;
  /** SharePoint mode: the client and the site, for /healthz's Graph check. */
  graph?: { client: GraphClient; siteId: string };
}

export async function openSchedule(
  config: AppConfig,
  kv: KvStore,
  logger: Logger,
  clock: Clock,
  graphDeps: Partial<GraphDeps> = {},
): Promise<OpenedSchedule> {
  if (config.dataSource === 'embedded') return { schedule: new KvSchedule(kv) };
  const g = config.graph;
  if (!g) throw new Error('DATA_SOURCE=sharepoint needs the GRAPH_* and SHAREPOINT_SITE variables');
  // One way to build the client (credential kinds, sovereign hosts): sharepoint/open-graph.ts.
  const client = graphClientFromConfig(g, { ...graphDeps, logger });
  const site = await resolveSite(client, g.SHAREPOINT_SITE);
  if (!site.ok)
    throw new Error(`SHAREPOINT_SITE could not be opened (${site.code}): ${site.message}`);
  const lists = await findLists(client, site.id);
  if (!lists.ok)
    throw new Error(`SharePoint lists could not be read (${lists.code}): ${lists.message}`);
  const missing = LIST_KEYS.filter((k) => !lists.ids[k]);
  if (missing.length > 0) {
    throw new Error(
      `SharePoint lists missing: ${missing.join(', ')}. Run \`supervision-bot provision\` first.`,
    );
  }
  // Date-only columns are stored in the site's time zone: refuse a site not on London time.
  const zone = await checkSiteTimeZone(client, site.id, logger);
  if (!zone.ok) throw new Error(zone.message);
  const schedule = new GraphSchedule({
    client,
    siteId: site.id,
    listIds: lists.ids as Record<ListKey, string>,
    kv,
    logger,
    clock,
  });
  return { schedule, graph: { client, siteId: site.id } };
}
