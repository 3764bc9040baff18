/**
 * A swap through the whole bot over HTTP with the rota in SharePoint: the Graph protocol test
 * server (test/graph-server/) holds the demo organisation's lists, the bot reads and writes
 * them through the real GraphSchedule (ETag / If-Match), and someone edits the rota item in
 * SharePoint between the offer and the acceptance's write, so the write meets a real 412.
 *
 * How the bot is wired: local mode (no app id, which the tests need so botbuilder sends to the
 * connector test server without tokens) refuses DATA_SOURCE=sharepoint at config load, so the
 * app is built with the embedded configuration and handed the GraphSchedule that
 * `openSchedule` would open for DATA_SOURCE=sharepoint (`AppOverrides.schedule`).
 */
import { formatDate } from '../cards/card-kit';
import { TRIAGE_VERBS, swapToInputId } from '../cards/triage-kit';
import type { LocalDate } from '../policy/domain';
import { ManualClock } from '../ports/clock';
import { RecordingLogger } from '../ports/logger';
import { GraphSchedule } from '../sharepoint/graph-schedule';
import { SqliteKv } from '../store/sqlite-kv';
import type { TeamsChannel } from '../test/connector-server/channel';
import type { ConnectorTestServer } from '../test/connector-server/connector-server';
import { loadDemoOrg } from '../demo/demo-org';
import { provisionedSite, type Provisioned } from '../test/graph-server/fixture';
import { getRequest } from '../usecases/triage-state';
import type { App } from './main';
import { startHttpBot, type HttpBot } from './testing/http-bot';
import {
  answerOf,
  cardsSentTo,
  executes,
  press,
  textOf,
  type SentCard,
} from './testing/teams-cards';

const HOLDER = 'sp-wrekin';
const COLLEAGUE = 'tl-wrekin';

describe('triage swap over HTTP with the rota in SharePoint (Graph test server)', () => {
  let site: Provisioned;
  let connector: ConnectorTestServer;
  let app: App;
  let channel: TeamsChannel;
  let bot: HttpBot;

  beforeEach(async () => {
    site = await provisionedSite();
    site.seed(await loadDemoOrg());
    const clock = new ManualClock('2026-11-24T10:00:00Z');
    const logger = new RecordingLogger();
    const kv = new SqliteKv(':memory:');
    const schedule = new GraphSchedule({
      client: site.client,
      siteId: site.siteId,
      listIds: site.listIds,
      kv,
      logger,
      clock,
    });
    bot = await startHttpBot({ clock, logger, kv, schedule, env: { TICK_SECONDS: '0' } });
    ({ app, connector, channel } = bot);
  });

  afterEach(async () => {
    site.server.hooks.beforeRoute = undefined;
    await bot.close();
    await site.close();
  });

  /** The rota item as SharePoint holds it (read on the server, not through the bot). */
  const rotaItem = (date: LocalDate) => {
    // Title is `date|hub` (the date column itself holds London midnight as a UTC instant).
    const item = [...site.list('rota').items.values()].find((i) =>
      String(i.fields['Title']).startsWith(`${date}|`),
    );
    if (!item) throw new Error(`no rota item for ${date}`);
    return item;
  };

  async function offerAndAsk(): Promise<{ day: LocalDate; ask: SentCard }> {
    await channel.message({ aadObjectId: HOLDER }, 'my triage');
    const mine = cardsSentTo(connector, HOLDER).at(-1)!;
    const day = executes(mine.card, TRIAGE_VERBS.swapOffer)[0]!.date as LocalDate;
    expect(rotaItem(day).fields['memberId']).toBe(HOLDER);
    const offered = answerOf(
      await press(
        channel,
        { aadObjectId: HOLDER },
        mine,
        TRIAGE_VERBS.swapOffer,
        { date: day },
        {
          [swapToInputId(day)]: COLLEAGUE,
        },
      ),
    );
    expect(textOf(offered.card!)).toContain('Swap request sent');
    await app.delivery.idle();
    const ask = cardsSentTo(connector, COLLEAGUE).at(-1)!;
    expect(executes(ask.card, TRIAGE_VERBS.swapAccept)).toHaveLength(1);
    // The offer wrote nothing to SharePoint.
    expect(rotaItem(day).fields).toMatchObject({ memberId: HOLDER, status: 'planned' });
    return { day, ask };
  }

  /** Someone edits the rota item in SharePoint just before the bot's PATCH reaches it. */
  function editInSharePointBeforeTheWrite(day: LocalDate, fields: Record<string, unknown>) {
    const list = site.list('rota');
    const item = rotaItem(day);
    site.server.hooks.beforeRoute = ({ method, path }) => {
      if (method !== 'PATCH' || !path.endsWith(`/lists/${list.id}/items/${item.id}/fields`)) return;
      site.server.hooks.beforeRoute = undefined;
      site.server.state.updateItem(list, item.id, fields); // a new version, so a new ETag
    };
    site.server.resetLog();
  }

  const rotaPatches = () =>
    site.server.log
      .filter((e) => e.method === 'PATCH' && e.endpoint === 'item-fields')
      .map((e) => e.status);

  it('an edit that leaves the holder in place: 412, re-read, re-checked, the swap completes', async () => {
    const { day, ask } = await offerAndAsk();
    editInSharePointBeforeTheWrite(day, { hub: 'The Wrekin (edited in SharePoint)' });

    const res = answerOf(
      await press(channel, { aadObjectId: COLLEAGUE }, ask, TRIAGE_VERBS.swapAccept),
    );
    expect(textOf(res.card!)).toContain(`You cover ${formatDate(day)}`);
    // The first PATCH met the edit's new ETag; the retry, decided on the re-read row, landed.
    expect(rotaPatches()).toEqual([412, 200]);
    expect(rotaItem(day).fields).toMatchObject({
      memberId: COLLEAGUE,
      status: 'swapped',
      hub: 'The Wrekin (edited in SharePoint)',
    });
    await app.delivery.idle();
    expect(cardsSentTo(connector, HOLDER).at(-1)!.summary).toBe(
      `Mark Bennett took your triage day ${formatDate(day)}`,
    );
  });

  it('an edit that gives the day to someone else: the accepter is told, nothing is overwritten', async () => {
    const { day, ask } = await offerAndAsk();
    editInSharePointBeforeTheWrite(day, { memberId: 'tl-hadley', status: 'swapped' });
    const holderCards = cardsSentTo(connector, HOLDER).length;

    const res = answerOf(
      await press(channel, { aadObjectId: COLLEAGUE }, ask, TRIAGE_VERBS.swapAccept),
    );
    expect(textOf(res.card!)).toContain(`Helen Ashford already has ${formatDate(day)}`);
    expect(executes(res.card!, TRIAGE_VERBS.swapAccept)).toEqual([]);
    expect(rotaPatches()).toEqual([412]);
    expect(rotaItem(day).fields).toMatchObject({ memberId: 'tl-hadley', status: 'swapped' });
    expect((await getRequest(app.ctx.kv, 'swap', day))?.value.status).toBe('withdrawn');
    // Nobody took the holder's day through the bot: no "took your day" message.
    await app.delivery.idle();
    expect(cardsSentTo(connector, HOLDER)).toHaveLength(holderCards);
  });
});
