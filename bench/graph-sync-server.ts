/**
 * The Graph test server for bench/graph-sync.ts's small-tenant first load, in its own process:
 * SharePoint's own work (building pages of items, its TLS) is not done on the bot's machine, and
 * a server sharing the bot's event loop would charge it to the bot's first load.
 *
 * Arguments: staff, years, latency ms, latency ms per item, RU per minute. Seeds the same
 * generated organisation as the bench (seed 42), then prints one JSON line with what a client
 * needs (origin, CA, site and list ids). Answers `stats` on stdin with one JSON line; exits on
 * `close`.
 */
import { createInterface } from 'node:readline';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { provisionedSite } from '../test/graph-server/fixture';

async function main(): Promise<void> {
  const [staff, years, latencyMs, perItemMs, ruPerMinute] = process.argv.slice(2).map(Number);
  const org = generateOrganisation({
    staff: staff!,
    years: years!,
    seed: 42,
    asOf: '2026-11-24',
    profile: 'telford-sf',
  });
  const site = await provisionedSite();
  site.seed(org);
  site.server.faults.latencyMs = latencyMs!;
  site.server.faults.latencyPerItemMs = perItemMs!;
  site.server.faults.ruPerMinute = ruPerMinute!;
  site.server.resetLog();
  process.stdout.write(
    `${JSON.stringify({
      origin: site.server.origin,
      graphBaseUrl: site.server.graphBaseUrl,
      ca: site.server.ca,
      siteId: site.siteId,
      listIds: site.listIds,
    })}\n`,
  );
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim() === 'stats') process.stdout.write(`${JSON.stringify(site.server.stats())}\n`);
    else if (line.trim() === 'close') void site.close().then(() => process.exit(0));
  });
}

void main();
