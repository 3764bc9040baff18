/**
 * Issue 19 item 4: SharePoint refuses a whole query whose `$select` names a column the list
 * lacks (400), and the test server does the same. A missing column must not fail every read of
 * the list: the client reads what is there and reports the gap as schema drift.
 */
import { generateOrganisation } from '../test/fixtures/generate-org';
import { graphClientFor } from '../test/graph-server/client-for';
import { itemByTitle, seededSiteForEach } from '../test/graph-server/fixture';

const ORG = generateOrganisation({
  staff: 10,
  years: 1,
  seed: 9,
  asOf: '2026-11-24',
  profile: 'telford-sf',
});

describe('a list missing a schema column', () => {
  const site = seededSiteForEach(ORG);

  const dropColumn = (name: string) => {
    const list = site.list('sessions');
    list.columns = list.columns.filter((c) => c.name !== name);
    for (const item of list.items.values()) delete item.fields[name];
  };

  it('the test server answers 400 to a $select of an unknown column', async () => {
    dropColumn('cancelReason');
    const { client } = graphClientFor(site.server);
    const r = await client.request(
      'GET',
      `/sites/${site.siteId}/lists/${site.listIds.sessions}/items?expand=fields(select=Title,cancelReason)`,
    );
    expect(r).toMatchObject({ ok: false, status: 400, code: 'invalidRequest' });
  });

  it('is read without the column and reported as schema drift, at start and after a delta', async () => {
    const { schedule } = site.openSchedule();
    await schedule.load(); // the delta link now carries the full $select
    dropColumn('cancelReason');
    const sessions = site.list('sessions');
    const s = ORG.sessions.find((x) => x.status === 'scheduled')!;
    site.server.state.updateItem(sessions, itemByTitle(sessions, s.id).id, { plannedMinutes: 44 });
    const r = await schedule.load();
    expect(r.snapshot.sessions).toHaveLength(ORG.sessions.length);
    expect(r.snapshot.sessions.find((x) => x.id === s.id)?.plannedMinutes).toBe(44);
    expect(r.problems).toEqual([
      expect.objectContaining({
        file: 'Supervision Sessions',
        code: 'schema-drift',
        column: 'cancelReason',
        message: expect.stringContaining('provision'),
      }),
    ]);

    // A fresh instance starting on the drifted list reads it too.
    const second = site.openSchedule();
    const fresh = await second.schedule.load();
    expect(fresh.snapshot.sessions).toHaveLength(ORG.sessions.length);
    expect(fresh.problems.map((p) => p.code)).toEqual(['schema-drift']);
    // Writes read items back with the columns that exist.
    const got = await second.schedule.getSession(s.id);
    expect(got?.value.plannedMinutes).toBe(44);
  });
});
