import { generateOrganisation } from '../test/fixtures/generate-org';
import { itemByTitle, provisionedSite, type Provisioned } from '../test/graph-server/fixture';
import { importToSharePoint } from './import';
import { TABLE_KEYS } from './schema';

const ORG = generateOrganisation({
  staff: 15,
  years: 1,
  seed: 3,
  asOf: '2026-11-24',
  profile: 'telford-sf',
});

describe('importToSharePoint', () => {
  let site: Provisioned;
  beforeEach(async () => {
    site = await provisionedSite();
  });
  afterEach(() => site.close());

  it('dry-runs, creates through $batch, then re-imports without writing, then updates only what changed', async () => {
    const { schedule } = site.openSchedule();
    const dry = await importToSharePoint(
      site.client,
      schedule.cache,
      site.siteId,
      site.listIds,
      ORG,
      { dryRun: true },
    );
    expect(dry.counts.sessions).toEqual({
      created: ORG.sessions.length,
      updated: 0,
      unchanged: 0,
      failed: 0,
    });
    expect(site.list('sessions').items.size).toBe(0);

    site.server.faults.throttleEvery = 7; // a few inner requests get 429 and are retried
    const first = await importToSharePoint(
      site.client,
      schedule.cache,
      site.siteId,
      site.listIds,
      ORG,
    );
    site.server.faults.throttleEvery = undefined;
    expect(first.problems).toEqual([]);
    for (const k of TABLE_KEYS) expect(site.list(k).items.size).toBe((ORG[k] as unknown[]).length);
    expect(first.counts.staff.created).toBe(ORG.staff.length);

    site.server.resetLog();
    const second = await importToSharePoint(
      site.client,
      schedule.cache,
      site.siteId,
      site.listIds,
      ORG,
    );
    expect(second.batches).toBe(0);
    expect(site.server.stats().byEndpoint['batch']).toBeUndefined();
    expect(second.counts.sessions).toMatchObject({
      unchanged: ORG.sessions.length,
      created: 0,
      updated: 0,
    });

    const s0 = ORG.sessions[0]!;
    const changed = {
      ...ORG,
      sessions: [{ ...s0, plannedMinutes: 45, cancelReason: undefined }, ...ORG.sessions.slice(1)],
    };
    const third = await importToSharePoint(
      site.client,
      schedule.cache,
      site.siteId,
      site.listIds,
      changed,
    );
    expect(third.counts.sessions).toMatchObject({ updated: 1, unchanged: ORG.sessions.length - 1 });
    expect(itemByTitle(site.list('sessions'), s0.id).fields['plannedMinutes']).toBe(45);

    const loaded = await schedule.load();
    expect(loaded.problems).toEqual([]);
    expect(loaded.snapshot.sessions.find((s) => s.id === s0.id)).toMatchObject({
      plannedMinutes: 45,
    });
  });
});
