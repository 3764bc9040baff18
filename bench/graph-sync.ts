/**
 * How many Graph requests and SharePoint resource units (RU) the Graph adapter spends:
 * a 2,000-staff organisation with 3 years of sessions in the Graph test server, read by
 * GraphSchedule through the real SDK client. Scenarios: the first load, a tick with no
 * change (one delta request per list), a tick after 10 items changed; then the same three
 * with a 429 (Retry-After: 1) on every tenth request. Waits asked for by Retry-After are
 * recorded, not slept, and reported as "waited".
 *
 *   npm run bench:graph-sync [-- --staff 2000 --years 3]
 */
import { performance } from 'node:perf_hooks';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { itemByTitle, provisionedSite } from '../test/graph-server/fixture';
import { TABLE_KEYS } from '../sharepoint/schema';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
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

  for (const throttled of [false, true]) {
    site.server.faults.throttleEvery = throttled ? 10 : undefined;
    site.server.faults.retryAfterSeconds = 1;
    const { schedule } = site.openSchedule();
    const tag = throttled ? ' (429 every 10th)' : '';
    await run(`first load${tag}`, () => schedule.load());
    await run(`no-change tick${tag}`, () => schedule.load());
    touch(10);
    await run(`10 changed items${tag}`, () => schedule.load());
  }
  await site.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
