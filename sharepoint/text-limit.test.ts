/**
 * Issue 19 item 5: a single line of text holds at most 255 characters; SharePoint refuses the
 * whole write otherwise (the test server too). Free text is in multi-line columns; anything
 * else too long is refused by the client with a clear message before it is sent.
 */
import type { Session } from '../policy/domain';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { graphClientFor } from '../test/graph-server/client-for';
import { provisionedSite, type Provisioned } from '../test/graph-server/fixture';
import { importToSharePoint } from './import';

const ORG = generateOrganisation({
  staff: 8,
  years: 1,
  seed: 4,
  asOf: '2026-11-24',
  profile: 'telford-sf',
});

describe("SharePoint's 255-character single line of text", () => {
  let site: Provisioned;
  beforeEach(async () => {
    site = await provisionedSite();
  });
  afterEach(() => site.close());

  it('the test server refuses 256 characters in a single-line column, not in a multi-line one', async () => {
    const { client } = graphClientFor(site.server);
    const url = `/sites/${site.siteId}/lists/${site.listIds.sessions}/items`;
    const base = { Title: 's-x', superviseeId: 'a', supervisorId: 'b' };
    expect(
      await client.request('POST', url, { fields: { ...base, rescheduledToId: 'x'.repeat(256) } }),
    ).toMatchObject({ ok: false, status: 400 });
    expect(
      await client.request('POST', url, { fields: { ...base, rescheduledToId: 'x'.repeat(255) } }),
    ).toMatchObject({ ok: true });
    expect(
      await client.request('POST', url, {
        fields: { ...base, Title: 's-y', recordSummary: 'x'.repeat(5000) },
      }),
    ).toMatchObject({ ok: true });
  });

  it('free text of any length is written; an over-long key is refused before it is sent', async () => {
    site.seed(ORG);
    const { schedule } = site.openSchedule();
    await schedule.load();
    const s: Session = {
      id: 'long-1',
      superviseeId: ORG.staff[1]!.id,
      supervisorId: ORG.staff[0]!.id,
      kind: 'one-to-one',
      scheduledStart: '2026-12-02T10:00:00.000Z',
      status: 'held',
      plannedMinutes: 90,
      recordSummary: 'Discussed caseload. '.repeat(40),
    } as Session;
    expect(await schedule.createSession(s)).toMatchObject({ ok: true });
    site.server.resetLog();
    const bad = { ...s, id: 'long-2', rescheduledToId: 'r'.repeat(300) } as Session;
    expect(await schedule.createSession(bad)).toMatchObject({
      ok: false,
      code: 'invalid',
      message: expect.stringContaining('rescheduledToId is longer than'),
    });
    expect(site.server.log.filter((e) => e.method === 'POST')).toEqual([]);
  });

  it('the import skips a row with an over-long single-line value and says which column', async () => {
    const org = structuredClone(ORG);
    org.staff[2] = { ...org.staff[2]!, team: 'T'.repeat(300) };
    const { schedule } = site.openSchedule();
    const r = await importToSharePoint(site.client, schedule.cache, site.siteId, site.listIds, org);
    expect(r.counts.staff).toMatchObject({ created: org.staff.length - 1, failed: 1 });
    expect(r.problems).toEqual([
      expect.objectContaining({ code: 'too-long', column: 'team', file: 'Supervision Staff' }),
    ]);
  });
});
