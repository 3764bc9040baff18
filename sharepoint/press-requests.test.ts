/**
 * Issue 14 target 1, SharePoint part: a button press or a command costs at most 3 Graph
 * requests (top-level HTTP requests, the write included), whatever the organisation's size.
 * The real bot over HTTP (botbuilder's adapter, the Teams handler, the use-cases) reads and
 * writes the Graph test server's lists through the real GraphSchedule and SDK client; the bot
 * has loaded the lists once (its tick), as a running instance has.
 */
import { londonInstant } from '../policy/calendar';
import type { Session } from '../policy/domain';
import { ManualClock } from '../ports/clock';
import { silentLogger } from '../ports/logger';
import { startHttpBot, type HttpBot } from '../bot/testing/http-bot';
import { SqliteKv } from '../store/sqlite-kv';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { itemByTitle, provisionedSite, type Provisioned } from '../test/graph-server/fixture';
import { GraphSchedule } from './graph-schedule';

const AS_OF = '2026-11-24';
const NOW = londonInstant(AS_OF, '10:00');
const ORG = generateOrganisation({ staff: 60, years: 1, seed: 7, asOf: AS_OF });

function pick() {
  const inPost = new Set(ORG.staff.filter((s) => !s.leftDate).map((s) => s.id));
  const past = ORG.sessions.filter(
    (s) =>
      s.kind === 'one-to-one' &&
      s.scheduledStart < NOW &&
      inPost.has(s.supervisorId) &&
      inPost.has(s.superviseeId),
  );
  const held = past.filter((s) => s.status === 'scheduled' || s.status === 'held').at(-1)!;
  const sign = past.filter((s) => s.status === 'held' && s.id !== held.id).at(-2)!;
  const user = ORG.sessions.find(
    (s) => s.scheduledStart >= NOW && s.status === 'scheduled' && inPost.has(s.superviseeId),
  )!.superviseeId;
  return { held, sign, user };
}

describe('Graph requests per press in SharePoint mode (issue 14, target ≤ 3)', () => {
  let site: Provisioned;
  let bot: HttpBot;
  let kv: SqliteKv;
  const { held, sign, user } = pick();
  /** GraphSchedule's monotonic clock: each press comes well after the last one's reads. */
  let mono = 0;

  beforeAll(async () => {
    site = await provisionedSite();
    site.seed(ORG);
    const clock = new ManualClock(NOW);
    kv = new SqliteKv(':memory:');
    const schedule = new GraphSchedule({
      client: site.client,
      siteId: site.siteId,
      listIds: site.listIds,
      kv,
      logger: silentLogger,
      clock,
      monotonicNow: () => mono,
    });
    bot = await startHttpBot({ clock, kv, schedule, env: { TICK_SECONDS: '0' } });
    // A running instance has read its lists: its tick loads them and re-checks signed records
    // (usecases/record-recheck.ts reads the audit list).
    await schedule.load();
    await schedule.listSignaturesFor([held.id]);
  });
  afterAll(async () => {
    await bot.close();
    await site.close();
  });

  /** Someone edits the session in SharePoint (as the bench resets it between presses). */
  const editInSharePoint = (s: Session, fields: Record<string, unknown>) => {
    const list = site.list('sessions');
    site.server.state.updateItem(list, itemByTitle(list, s.id).id, fields);
  };

  const requestsOf = async (turn: () => Promise<{ status: number; body?: unknown }>) => {
    mono += 60_000;
    site.server.resetLog();
    const res = await turn();
    expect(res.status).toBe(200);
    return site.server.stats();
  };

  it('a confirm card\u2019s Held press', async () => {
    editInSharePoint(held, { status: 'scheduled', heldMinutes: null, recordCompletedAt: null });
    const stats = await requestsOf(() =>
      bot.channel.cardAction(
        { aadObjectId: held.supervisorId },
        { verb: 'session.held', data: { sessionId: held.id, heldMinutes: '90' } },
        `card-${held.id}`,
      ),
    );
    expect(
      site.list('sessions').items.get(itemByTitle(site.list('sessions'), held.id).id)!.fields,
    ).toMatchObject({ status: 'held', heldMinutes: 90 });
    expect(stats.requests).toBeLessThanOrEqual(3);
  });

  it('a sign card\u2019s Sign press', async () => {
    editInSharePoint(sign, {
      recordCompletedAt: londonInstant('2026-11-20', '12:00'),
      supervisorSignedAt: null,
      superviseeSignedAt: null,
    });
    const stats = await requestsOf(() =>
      bot.channel.cardAction(
        { aadObjectId: sign.superviseeId },
        { verb: 'record.sign', data: { sessionId: sign.id } },
        `card-${sign.id}`,
      ),
    );
    const item = itemByTitle(site.list('sessions'), sign.id);
    expect(item.fields['superviseeSignedAt']).toBeTruthy();
    expect(
      [...site.list('signatures').items.values()].some((i) =>
        String(i.fields['Title']).startsWith(`${sign.id}|${sign.superviseeId}|`),
      ),
    ).toBe(true);
    expect(stats.requests).toBeLessThanOrEqual(3);
  });

  it.each(['next', 'actions'])('the `%s` command', async (command) => {
    const stats = await requestsOf(() => bot.channel.message({ aadObjectId: user }, command));
    expect(stats.requests).toBeLessThanOrEqual(3);
  });
});
