/**
 * Issue 19 items 2 and 3: a create that SharePoint APPLIED and then answered 5xx, and a
 * unique-value refusal answered 409, 400 or 500. No create path may add a second row: each
 * re-reads the list by the record's key before any retry, on every list.
 */
import type { Session } from '../policy/domain';
import type { SignatureEntry } from '../ports/schedule';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { type Provisioned, provisionedSite, seededSiteForEach } from '../test/graph-server/fixture';
import { PENDING_NS } from './graph-schedule';
import { importToSharePoint } from './import';
import { TABLE_KEYS } from './schema';

const ORG = generateOrganisation({
  staff: 10,
  years: 1,
  seed: 5,
  asOf: '2026-11-24',
  profile: 'telford-sf',
});

const rowsTitled = (site: Provisioned, key: 'sessions' | 'signatures' | 'actions', t: string) =>
  [...site.list(key).items.values()].filter((i) => i.fields['Title'] === t).length;

describe.each([503, 500, 502, 504])('a create applied, then answered %i', (status) => {
  const site = seededSiteForEach(ORG);

  const failNextPost = () => {
    site.server.faults.applyThenErrorEvery = 1;
    site.server.faults.applyThenErrorStatus = status;
    site.server.faults.applyThenErrorMethod = 'POST';
  };
  const heal = () => {
    site.server.faults.applyThenErrorEvery = undefined;
  };

  it('a new session: one row, and nothing left pending', async () => {
    const { schedule, kv } = site.openSchedule();
    await schedule.load();
    const s: Session = {
      id: `applied-${status}`,
      superviseeId: ORG.staff[1]!.id,
      supervisorId: ORG.staff[0]!.id,
      kind: 'one-to-one',
      scheduledStart: '2026-12-02T10:00:00.000Z',
      status: 'scheduled',
      plannedMinutes: 90,
    };
    failNextPost();
    expect(await schedule.createSession(s)).toMatchObject({ ok: true });
    heal();
    await schedule.load();
    expect(rowsTitled(site, 'sessions', s.id)).toBe(1);
    expect(await kv.list(PENDING_NS)).toEqual([]);
    expect(site.server.log.some((e) => e.endpoint === 'applied-then-failed')).toBe(true);
  });

  it('a signature: one audit line', async () => {
    const { schedule } = site.openSchedule();
    await schedule.load();
    const held = ORG.sessions.find((x) => x.status === 'held')!;
    const entry: SignatureEntry = {
      id: `${held.id}|${held.superviseeId}|h|signed`,
      sessionId: held.id,
      signerId: held.superviseeId,
      signerRole: 'supervisee',
      decision: 'signed',
      at: '2026-11-24T10:00:00.000Z',
      contentHash: 'h',
      activityId: 'a-1',
    };
    failNextPost();
    expect(await schedule.appendSignature(entry)).toMatchObject({ ok: true });
    heal();
    await schedule.load();
    expect(rowsTitled(site, 'signatures', entry.id)).toBe(1);
  });

  it('agreed actions (in $batch): one row each', async () => {
    const { schedule } = site.openSchedule();
    await schedule.load();
    const fresh = [0, 1, 2].map((i) => ({ ...ORG.actions[0]!, id: `act-${status}-${i}` }));
    site.server.faults.applyThenErrorEvery = 2; // the second of three creates
    site.server.faults.applyThenErrorStatus = status;
    site.server.faults.applyThenErrorMethod = 'POST';
    expect(await schedule.upsertActions(fresh)).toMatchObject({ ok: true });
    heal();
    await schedule.load();
    for (const a of fresh) expect(rowsTitled(site, 'actions', a.id)).toBe(1);
  });
});

describe('the import, with creates applied and answered 503', () => {
  let site: Provisioned;
  beforeEach(async () => {
    site = await provisionedSite();
  });
  afterEach(() => site.close());

  it('counts what landed as created and never adds a second row, on every list', async () => {
    const { schedule } = site.openSchedule();
    site.server.faults.applyThenErrorEvery = 5;
    site.server.faults.applyThenErrorStatus = 503;
    const first = await importToSharePoint(
      site.client,
      schedule.cache,
      site.siteId,
      site.listIds,
      ORG,
    );
    expect(
      site.server.log.filter((e) => e.endpoint === 'applied-then-failed').length,
    ).toBeGreaterThan(5);
    site.server.faults.applyThenErrorEvery = undefined;
    for (const key of TABLE_KEYS) {
      expect(first.counts[key].failed).toBe(0);
      expect(first.counts[key].created).toBe((ORG[key] as unknown[]).length);
      expect(site.list(key).items.size).toBe((ORG[key] as unknown[]).length);
    }
    const again = await importToSharePoint(
      site.client,
      schedule.cache,
      site.siteId,
      site.listIds,
      ORG,
    );
    for (const key of TABLE_KEYS) {
      expect(again.counts[key]).toMatchObject({ created: 0, failed: 0 });
      expect(site.list(key).items.size).toBe((ORG[key] as unknown[]).length);
    }
  });
});
