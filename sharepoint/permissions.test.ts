/**
 * Issue 19 item 8: Graph tokens carry app roles, and the test server enforces what each allows
 * (Sites.Selected reaching only granted sites, up to the granted role). Provisioning creates
 * lists and columns: Graph names Sites.Manage.All for that; with Sites.Selected the strict
 * reading is `owner`/`fullcontrol`, while `write` is enough to run the bot.
 */
import type { Session } from '../policy/domain';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { closeTestClients, graphClientFor } from '../test/graph-server/client-for';
import { provisionedSite, SITE_URL } from '../test/graph-server/fixture';
import { startGraphServer, type GraphTestServer } from '../test/graph-server/server';
import { ManualClock } from '../ports/clock';
import { silentLogger } from '../ports/logger';
import { SqliteKv } from '../store/sqlite-kv';
import { GraphSchedule } from './graph-schedule';
import { provision } from './provision';

const APP = '00000000-0000-0000-0000-00000000c11e'; // the client id graphClientFor uses

describe('Graph permissions in the test server', () => {
  let server: GraphTestServer;
  let siteId: string;
  beforeEach(async () => {
    server = await startGraphServer();
    siteId = server.state.addSite('contoso.sharepoint.com', '/sites/supervision').id;
  });
  afterEach(async () => {
    await server.close();
    await closeTestClients();
  });

  const grant = (role: 'read' | 'write' | 'owner' | 'fullcontrol') =>
    server.permissions.siteGrants.set(siteId, new Map([[APP, role]]));

  it('Sites.Selected without a grant for the site reaches nothing', async () => {
    server.permissions.appRoles.set(APP, ['Sites.Selected']);
    const { client } = graphClientFor(server);
    expect(await client.request('GET', `/sites/${siteId}`)).toMatchObject({
      ok: false,
      status: 403,
      code: 'accessDenied',
    });
  });

  it('Sites.Selected + write cannot provision, and says what it needs', async () => {
    server.permissions.appRoles.set(APP, ['Sites.Selected']);
    grant('write');
    const out = await provision(graphClientFor(server).client, SITE_URL);
    expect(out).toMatchObject({ ok: false, code: 'accessDenied' });
    expect(!out.ok && out.message).toContain('owner or fullcontrol');
  });

  it.each(['owner', 'fullcontrol'] as const)('Sites.Selected + %s provisions', async (role) => {
    server.permissions.appRoles.set(APP, ['Sites.Selected']);
    grant(role);
    expect(await provision(graphClientFor(server).client, SITE_URL)).toMatchObject({ ok: true });
  });

  it('Sites.ReadWrite.All cannot create lists (Graph names Sites.Manage.All)', async () => {
    server.permissions.appRoles.set(APP, ['Sites.ReadWrite.All']);
    expect(await provision(graphClientFor(server).client, SITE_URL)).toMatchObject({
      ok: false,
      code: 'accessDenied',
    });
    server.permissions.appRoles.set(APP, ['Sites.Manage.All']);
    expect(await provision(graphClientFor(server).client, SITE_URL)).toMatchObject({ ok: true });
  });
});

describe('running the bot on Sites.Selected + write', () => {
  it('loads and writes once the lists exist; a read grant cannot write', async () => {
    const site = await provisionedSite(); // provisioned with the default (full) permissions
    try {
      const org = generateOrganisation({
        staff: 6,
        years: 1,
        seed: 2,
        asOf: '2026-11-24',
        profile: 'telford-sf',
      });
      site.seed(org);
      site.server.permissions.appRoles.set(APP, ['Sites.Selected']);
      site.server.permissions.siteGrants.set(site.siteId, new Map([[APP, 'write']]));
      // A new client, so a new token carrying the new roles (the fixture's predates them).
      const kv = new SqliteKv(':memory:');
      const schedule = new GraphSchedule({
        client: graphClientFor(site.server).client,
        siteId: site.siteId,
        listIds: site.listIds,
        kv,
        logger: silentLogger,
        clock: new ManualClock('2026-11-24T09:00:00Z'),
      });
      const loaded = await schedule.load();
      expect(loaded.snapshot.staff).toHaveLength(org.staff.length);
      const s: Session = {
        id: 'perm-1',
        superviseeId: org.staff[1]!.id,
        supervisorId: org.staff[0]!.id,
        kind: 'one-to-one',
        scheduledStart: '2026-12-02T10:00:00.000Z',
        status: 'scheduled',
        plannedMinutes: 90,
      };
      expect(await schedule.createSession(s)).toMatchObject({ ok: true });
      site.server.permissions.siteGrants.set(site.siteId, new Map([[APP, 'read']]));
      const again = await schedule.createSession({ ...s, id: 'perm-2' });
      expect(again).toMatchObject({ ok: false });
      expect(site.server.log.some((e) => e.status === 403)).toBe(true);
      await kv.close();
    } finally {
      await site.close();
    }
  });
});
