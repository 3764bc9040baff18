/**
 * Issue 19 item 1: Graph takes delta's query options from the first request only and carries
 * them in the token (delta-query overview); the test server does the same. The client must put
 * `expand=fields(select=…)` and `$top` on its first delta request, and re-read any changed item
 * that still arrives without `fields` before trusting its new eTag.
 */
import { generateOrganisation } from '../test/fixtures/generate-org';
import { graphClientFor } from '../test/graph-server/client-for';
import { itemByTitle, seededSiteForEach } from '../test/graph-server/fixture';

const ORG = generateOrganisation({
  staff: 12,
  years: 1,
  seed: 11,
  asOf: '2026-11-24',
  profile: 'telford-sf',
});

describe('delta options only from the first request', () => {
  const site = seededSiteForEach(ORG);

  it('the test server ignores options appended to a delta link', async () => {
    const { client } = graphClientFor(site.server);
    const base = `/sites/${site.siteId}/lists/${site.listIds.staff}/items/delta`;
    const bare = await client.request<{ '@odata.deltaLink': string }>(
      'GET',
      `${base}?token=latest`,
    );
    const withOptions = await client.request<{ '@odata.deltaLink': string }>(
      'GET',
      `${base}?token=latest&expand=fields(select=Title,team)`,
    );
    if (!bare.ok || !withOptions.ok) throw new Error('delta failed');
    const staff = site.list('staff');
    const one = [...staff.items.values()][0]!;
    site.server.state.updateItem(staff, one.id, { team: 'Renamed team' });

    const appended = new URL(bare.body['@odata.deltaLink']);
    appended.searchParams.set('expand', 'fields(select=Title,team)');
    const late = await client.request<{ value: Array<{ fields?: unknown }> }>(
      'GET',
      appended.toString(),
    );
    expect(late.ok && late.body.value).toHaveLength(1);
    expect(late.ok && late.body.value[0]!.fields).toBeUndefined();

    const early = await client.request<{ value: Array<{ fields?: Record<string, unknown> }> }>(
      'GET',
      withOptions.body['@odata.deltaLink'],
    );
    expect(early.ok && early.body.value[0]!.fields).toEqual(
      expect.objectContaining({ team: 'Renamed team' }),
    );
  });

  it('an edit made in SharePoint reaches the snapshot with its new eTag and new values', async () => {
    const { schedule } = site.openSchedule({ pageSize: 20 });
    await schedule.load();
    const sessions = site.list('sessions');
    const s = ORG.sessions.find((x) => x.status === 'scheduled')!;
    site.server.state.updateItem(sessions, itemByTitle(sessions, s.id).id, {
      plannedMinutes: 47,
    });
    const r = await schedule.load();
    expect(r.snapshot.sessions.find((x) => x.id === s.id)?.plannedMinutes).toBe(47);
    const got = await schedule.getSession(s.id);
    expect(got?.value.plannedMinutes).toBe(47);
  });

  it('re-reads changed items that delta sent without fields before trusting their eTag', async () => {
    const { schedule } = site.openSchedule({ pageSize: 20 });
    await schedule.load();
    const sessions = site.list('sessions');
    const s = ORG.sessions.find((x) => x.status === 'scheduled')!;
    const item = itemByTitle(sessions, s.id);
    site.server.state.updateItem(sessions, item.id, { plannedMinutes: 53 });
    site.server.faults.deltaOmitsFields = true;
    site.server.resetLog();
    const r = await schedule.load();
    expect(r.snapshot.sessions.find((x) => x.id === s.id)?.plannedMinutes).toBe(53);
    // Every list's delta in one batch, plus one batch that re-read the changed item.
    expect(site.server.stats().requests).toBe(2);

    // The re-read fails: the old values stay under the OLD eTag, so a write based on them meets
    // a 412 instead of overwriting the edit; the next sync picks the change up.
    site.server.state.updateItem(sessions, item.id, { plannedMinutes: 61 });
    site.server.hooks.intercept = (req) =>
      req.inBatch && /\/items\/\d+$/.test(req.path)
        ? { status: 500, body: { error: { code: 'generalException', message: 'x' } } }
        : null;
    site.server.resetLog();
    await schedule.load();
    expect(site.server.log.some((e) => e.endpoint === 'intercepted')).toBe(true);
    site.server.hooks.intercept = undefined;
    const cached = schedule.cache.syncs.sessions.items.get(item.id)!;
    expect(cached.fields['plannedMinutes']).toBe(53);
    expect(cached.etag).not.toBe(`"{${item.guid}},${item.version}"`);
    site.server.faults.deltaOmitsFields = false;
    const again = await schedule.load();
    expect(again.snapshot.sessions.find((x) => x.id === s.id)?.plannedMinutes).toBe(61);
  });
});
