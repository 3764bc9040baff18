/**
 * How many Graph requests and SharePoint resource units (RU) the Graph adapter spends:
 * a 2,000-staff organisation with 3 years of sessions in the Graph test server, read by
 * GraphSchedule through the real SDK client. Scenarios: the first load, a tick with no
 * change (every list's delta in one `$batch` request), a tick after 10 items changed; then the same three
 * with a 429 (Retry-After: 1) on every tenth request. Waits asked for by Retry-After are
 * recorded, not slept, and reported as "waited". Then a restart (a new GraphSchedule on the
 * same state store) with nothing changed, which must cost at most one request per list (it
 * costs one in all: every list's delta in one `$batch`).
 *
 * Last, the first load as a small tenant would see it: the Graph test server, in its own
 * process (bench/graph-sync-server.ts: SharePoint's work is not done on the bot's machine),
 * adds latency (LATENCY_MS per request plus PER_ITEM_MS per item returned) and enforces
 * SharePoint's per-application budget for a tenant of up to 1,000 licences (1,200 resource
 * units a minute, "Avoid getting throttled or blocked in SharePoint Online"), answering 429
 * with its own Retry-After, which the client sleeps for real. The bot reads pages of 5,000
 * items (SharePoint's largest), the lists side by side, each page parsed while the next is on
 * its way.
 *
 *   npm run bench:graph-sync [-- --staff 2000 --years 3]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { itemByTitle, provisionedSite } from '../test/graph-server/fixture';
import { closeTestClients, graphClientFor } from '../test/graph-server/client-for';
import type { ListIds } from '../sharepoint/snapshot-cache';
import { GraphSchedule } from '../sharepoint/graph-schedule';
import { SNAPSHOT_LISTS, TABLE_KEYS } from '../sharepoint/schema';
import { ManualClock } from '../ports/clock';
import { silentLogger } from '../ports/logger';
import { SqliteKv } from '../store/sqlite-kv';

/** A Graph round trip from a UK region, and the extra time per item a page of items takes. */
const LATENCY_MS = 120;
const PER_ITEM_MS = 0.3;
/** SharePoint's application budget for a tenant of 0-1,000 licences (RU per minute). */
const SMALL_TENANT_RU_PER_MINUTE = 1200;
const FIRST_LOAD_TARGET_S = 60;

const goal = (name: string, measured: string, target: string, met: boolean) =>
  console.log(`goal ${name}: measured ${measured} target ${target} ${met ? 'met' : 'not met'}`);

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

interface RemoteInfo {
  origin: string;
  graphBaseUrl: string;
  ca: string;
  siteId: string;
  listIds: ListIds;
}

/** The Graph test server in its own process (bench/graph-sync-server.ts). */
class RemoteGraphServer {
  private readonly lines: string[] = [];
  private waiting: ((line: string) => void) | null = null;
  info!: RemoteInfo;
  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const w = this.waiting;
      this.waiting = null;
      if (w) w(line);
      else this.lines.push(line);
    });
  }
  private next(): Promise<string> {
    const l = this.lines.shift();
    return l !== undefined
      ? Promise.resolve(l)
      : new Promise((resolve) => (this.waiting = resolve));
  }
  static async start(staff: number, years: number): Promise<RemoteGraphServer> {
    const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
    const child = spawn(
      tsx,
      [
        join(__dirname, 'graph-sync-server.ts'),
        String(staff),
        String(years),
        String(LATENCY_MS),
        String(PER_ITEM_MS),
        String(SMALL_TENANT_RU_PER_MINUTE),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const r = new RemoteGraphServer(child);
    r.info = JSON.parse(await r.next()) as RemoteInfo;
    return r;
  }
  async stats(): Promise<{ requests: number; ru: number; throttled: number }> {
    this.child.stdin!.write('stats\n');
    return JSON.parse(await this.next()) as { requests: number; ru: number; throttled: number };
  }
  close(): void {
    this.child.stdin!.write('close\n');
  }
}

async function main(): Promise<void> {
  const staff = arg('staff', 2000);
  const years = arg('years', 3);
  const t0 = performance.now();
  const org = generateOrganisation({
    staff,
    years,
    seed: 42,
    asOf: '2026-11-24',
    profile: 'telford-sf',
  });
  const site = await provisionedSite();
  site.seed(org);
  const items = TABLE_KEYS.reduce((n, k) => n + (org[k] as unknown[]).length, 0);
  console.log(
    `organisation: ${staff} staff, ${years} years, ${items} list items (${org.sessions.length} sessions); seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log(
    'scenario                         requests  RU      throttled  waited(s)  time(s)  problems',
  );

  const sessions = site.list('sessions');
  let n = 0;
  const touch = (count: number) => {
    for (let i = 0; i < count; i++) {
      const s = org.sessions[(n++ * 7919) % org.sessions.length]!;
      site.server.state.updateItem(sessions, itemByTitle(sessions, s.id).id, {
        plannedMinutes: 60 + (n % 30),
      });
    }
  };

  const run = async (label: string, f: () => Promise<{ problems: unknown[] }>) => {
    site.server.resetLog();
    site.waits.length = 0;
    const start = performance.now();
    const r = await f();
    const s = site.server.stats();
    const waited = site.waits.reduce((a, b) => a + b, 0) / 1000;
    console.log(
      `${label.padEnd(32)} ${String(s.requests).padStart(8)}  ${String(s.ru).padEnd(7)} ${String(s.throttled).padStart(9)}  ${waited.toFixed(1).padStart(9)}  ${((performance.now() - start) / 1000).toFixed(1).padStart(7)}  ${r.problems.length}`,
    );
  };

  let restartRequests = NaN;
  for (const throttled of [false, true]) {
    site.server.faults.throttleEvery = throttled ? 10 : undefined;
    site.server.faults.retryAfterSeconds = 1;
    const { schedule, kv } = site.openSchedule();
    const tag = throttled ? ' (429 every 10th)' : '';
    await run(`first load${tag}`, () => schedule.load());
    await run(`no-change tick${tag}`, () => schedule.load());
    touch(10);
    await run(`10 changed items${tag}`, () => schedule.load());
    if (!throttled) {
      const restarted = site.openSchedule({ kv });
      await run('restart, nothing changed', () => restarted.schedule.load());
      restartRequests = site.server.stats().requests;
    }
  }
  site.server.faults.throttleEvery = undefined;

  await site.close();

  // First load as a small tenant sees it: latency, the RU budget, Retry-After slept; the Graph
  // test server in its own process (bench/graph-sync-server.ts), as SharePoint is not on the
  // bot's machine.
  const remote = await RemoteGraphServer.start(staff, years);
  const slept: number[] = [];
  const { client } = graphClientFor(remote.info, {
    retry: {
      maxRetries: 8,
      maxWaitMs: 60_000,
      sleep: (ms) => {
        slept.push(ms);
        return new Promise((r) => setTimeout(r, ms));
      },
    },
  });
  const kv = new SqliteKv(':memory:');
  const fresh = new GraphSchedule({
    client,
    siteId: remote.info.siteId,
    listIds: remote.info.listIds,
    kv,
    logger: silentLogger,
    clock: new ManualClock('2026-11-24T09:00:00Z'),
  });
  const start = performance.now();
  const loaded = await fresh.load();
  const seconds = (performance.now() - start) / 1000;
  const s = await remote.stats();
  console.log(
    `first load, small tenant (${LATENCY_MS} ms + ${PER_ITEM_MS} ms/item, ${SMALL_TENANT_RU_PER_MINUTE} RU/min): ${seconds.toFixed(1)} s, ${s.requests} requests, ${s.ru} RU, ${s.throttled} answered 429, slept ${(slept.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s, ${loaded.problems.length} problems, ${loaded.snapshot.staff.length} staff loaded`,
  );
  await kv.close();
  remote.close();
  await closeTestClients();

  goal(
    'restart-requests-per-list',
    `${(restartRequests / SNAPSHOT_LISTS.length).toFixed(2)} (${restartRequests} request(s) for ${SNAPSHOT_LISTS.length} lists)`,
    '<= 1',
    restartRequests >= 1 && restartRequests <= SNAPSHOT_LISTS.length,
  );
  goal(
    'first-load-small-tenant-seconds',
    seconds.toFixed(1),
    String(FIRST_LOAD_TARGET_S),
    seconds <= FIRST_LOAD_TARGET_S && loaded.snapshot.staff.length === staff,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
