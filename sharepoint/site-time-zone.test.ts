/**
 * Issue 19 item 9: date-only columns hold midnight of the site's time zone. The site's zone is
 * read at start-up; a site on another zone is refused with the fix.
 */
import { ManualClock } from '../ports/clock';
import { RecordingLogger } from '../ports/logger';
import { SqliteKv } from '../store/sqlite-kv';
import { Agent } from 'undici';
import { provisionedSite, SITE_URL, type Provisioned } from '../test/graph-server/fixture';
import { openGraphSchedule } from './open-graph';
import { checkSiteTimeZone, judgeTimeZone } from './site-time-zone';

describe("the SharePoint site's time zone", () => {
  let site: Provisioned;
  beforeEach(async () => {
    site = await provisionedSite();
  });
  afterEach(() => site.close());

  const open = async () => {
    const kv = new SqliteKv(':memory:');
    const dispatcher = new Agent({ connect: { ca: site.server.ca } });
    try {
      return await openGraphSchedule(
        {
          GRAPH_TENANT_ID: 'contoso-tenant',
          GRAPH_CLIENT_ID: '00000000-0000-0000-0000-00000000c11e',
          GRAPH_CLIENT_SECRET: 'test-secret',
          GRAPH_BASE_URL: site.server.graphBaseUrl,
          GRAPH_AUTHORITY_HOST: site.server.origin,
          SHAREPOINT_SITE: SITE_URL,
        },
        {
          logger: new RecordingLogger(),
          kv,
          clock: new ManualClock('2026-11-24T09:00:00Z'),
          trustedCa: site.server.ca,
          fetchOptions: { dispatcher },
        },
      );
    } finally {
      await kv.close();
      await dispatcher.destroy();
    }
  };

  it('start-up opens a London site and refuses any other, saying how to fix it', async () => {
    expect(await open()).toMatchObject({ ok: true });
    site.server.state.sites.get(site.siteId)!.timeZone = '(UTC+01:00) Amsterdam, Berlin, Rome';
    const refused = await open();
    expect(refused).toMatchObject({ ok: false, code: 'site-time-zone' });
    expect(!refused.ok && refused.message).toContain('Amsterdam');
  });

  it('London is accepted; another zone is refused with the fix', async () => {
    const logger = new RecordingLogger();
    expect(await checkSiteTimeZone(site.client, site.siteId, logger)).toMatchObject({
      ok: true,
      confirmed: true,
    });
    site.server.state.sites.get(site.siteId)!.timeZone = '(UTC-05:00) Eastern Time (US and Canada)';
    const refused = await checkSiteTimeZone(site.client, site.siteId, logger);
    expect(refused).toMatchObject({ ok: false, code: 'site-time-zone' });
    expect(!refused.ok && refused.message).toContain('Regional settings');
    expect(!refused.ok && refused.message).toContain('London');
  });

  it('a zone that cannot be read or told apart from UTC is a warning, not a refusal', () => {
    expect(judgeTimeZone(undefined)).toEqual({ ok: true, timeZone: null, confirmed: false });
    expect(judgeTimeZone('UTC')).toMatchObject({ ok: true, confirmed: false });
    expect(judgeTimeZone('+00:00')).toMatchObject({ ok: true, confirmed: false });
    expect(judgeTimeZone('(UTC+01:00) Amsterdam, Berlin')).toMatchObject({ ok: false });
    expect(judgeTimeZone('-05:00')).toMatchObject({ ok: false });
  });
});
