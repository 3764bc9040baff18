/**
 * A provisioned site on a fresh GraphTestServer with a real GraphClient, plus helpers to seed
 * an organisation straight into the server (as if staff had typed it into the lists) and to
 * open a GraphSchedule on a SqliteKv.
 */
import type { OrgSnapshot } from '../../policy/domain';
import { ManualClock } from '../../ports/clock';
import { silentLogger, type Logger } from '../../ports/logger';
import { SqliteKv } from '../../store/sqlite-kv';
import { recordToFields } from '../../sharepoint/fields';
import { GraphSchedule } from '../../sharepoint/graph-schedule';
import { provision } from '../../sharepoint/provision';
import { LISTS, TABLE_KEYS, type ListKey } from '../../sharepoint/schema';
import type { ListIds } from '../../sharepoint/snapshot-cache';
import { closeTestClients, graphClientFor, type TestClient } from './client-for';
import { startGraphServer, type GraphTestServer } from './server';
import type { ListState } from './state';

export const SITE_URL = 'https://contoso.sharepoint.com/sites/supervision';

export interface Provisioned extends TestClient {
  server: GraphTestServer;
  siteId: string;
  listIds: ListIds;
  list(key: ListKey): ListState;
  seed(snapshot: OrgSnapshot): void;
  /** `kv` shared between two calls plays two bot instances on one state store. */
  openSchedule(opts?: {
    pageSize?: number;
    logger?: Logger;
    kv?: SqliteKv;
    /** GraphSchedule's shared-round window (ms); 0: every read makes its own round. */
    freshForMs?: number;
  }): {
    schedule: GraphSchedule;
    kv: SqliteKv;
    clock: ManualClock;
  };
  close(): Promise<void>;
}

export async function provisionedSite(
  opts: { defaultPageSize?: number } = {},
): Promise<Provisioned> {
  const server = await startGraphServer({ defaultPageSize: opts.defaultPageSize ?? 200 });
  server.state.addSite('contoso.sharepoint.com', '/sites/supervision');
  const tc = graphClientFor(server);
  const out = await provision(tc.client, SITE_URL);
  if (!out.ok) throw new Error(`provision failed: ${out.code}`);
  const siteId = out.report.siteId;
  const listIds = out.report.listIds as ListIds;
  const site = server.state.sites.get(siteId)!;
  const list = (key: ListKey) => site.lists.get(listIds[key])!;
  const kvs: SqliteKv[] = [];
  return {
    ...tc,
    server,
    siteId,
    listIds,
    list,
    seed(snapshot) {
      for (const key of TABLE_KEYS) {
        for (const record of snapshot[key] as unknown as Array<Record<string, unknown>>) {
          server.state.addItem(list(key), recordToFields(key, record));
        }
      }
    },
    openSchedule(o = {}) {
      const kv = o.kv ?? new SqliteKv(':memory:');
      if (!o.kv) kvs.push(kv);
      const clock = new ManualClock('2026-11-24T09:00:00Z');
      const schedule = new GraphSchedule({
        client: tc.client,
        siteId,
        listIds,
        kv,
        logger: o.logger ?? silentLogger,
        clock,
        ...(o.pageSize ? { pageSize: o.pageSize } : {}),
        ...(o.freshForMs !== undefined ? { freshForMs: o.freshForMs } : {}),
      });
      return { schedule, kv, clock };
    },
    async close() {
      for (const kv of kvs) await kv.close();
      await server.close();
      await closeTestClients();
    },
  };
}

/**
 * A provisioned site seeded with `org` for each test of the file (a fresh one before each test,
 * closed after it). The object returned stands for the current test's site.
 */
export function seededSiteForEach(org: OrgSnapshot): Provisioned {
  let current: Provisioned | null = null;
  beforeEach(async () => {
    current = await provisionedSite();
    current.seed(org);
  });
  afterEach(async () => {
    await current?.close();
    current = null;
  });
  return new Proxy({} as Provisioned, {
    get(_target, key) {
      if (!current) throw new Error('the seeded site exists only inside a test');
      return Reflect.get(current, key) as unknown;
    },
  });
}

/** An organisation's rows in a comparable form: per table, each row as sorted-key JSON, sorted. */
export function canonicalSnapshot(s: OrgSnapshot): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const k of TABLE_KEYS)
    out[k] = (s[k] as unknown[])
      .map((r) => JSON.stringify(r, Object.keys(r as object).sort()))
      .sort();
  return out;
}

/** The item of a list whose Title is `title` (for "another user" edits). */
export function itemByTitle(list: ListState, title: string) {
  const item = [...list.items.values()].find((i) => i.fields['Title'] === title);
  if (!item) throw new Error(`no item ${title} in ${list.displayName}`);
  return item;
}

export { LISTS };
