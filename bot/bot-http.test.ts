/**
 * The bot over real HTTP: its express server and CloudAdapter, the real use-cases on the demo
 * organisation (embedded store on :memory:), and the Bot Connector test server standing in
 * for Teams. Local mode (no app id), as botbuilder then sends without credentials.
 */
import { ManualClock } from '../ports/clock';
import { RecordingLogger } from '../ports/logger';
import { LEDGER_NS } from '../delivery/ledger';
import type { TeamsChannel, ChannelUser } from '../test/connector-server/channel';
import type { ConnectorTestServer } from '../test/connector-server/connector-server';
import type { App } from './main';
import { startHttpBot, type HttpBot } from './testing/http-bot';

const FSW: ChannelUser = { aadObjectId: 'fsw-hadley-1' };
const TL: ChannelUser = { aadObjectId: 'tl-hadley' };

type Sent = {
  attachments?: Array<{ contentType: string; content: Record<string, unknown> }>;
  text?: string;
};

describe('bot over HTTP with the Bot Connector test server', () => {
  let connector: ConnectorTestServer;
  let app: App;
  let channel: TeamsChannel;
  let logger: RecordingLogger;
  let clock: ManualClock;

  let bot: HttpBot;

  beforeEach(async () => {
    logger = new RecordingLogger();
    // 10:00 London on the demo's anchor day: inside working hours.
    clock = new ManualClock('2026-11-24T10:00:00Z');
    bot = await startHttpBot({ clock, logger });
    ({ app, connector, channel } = bot);
  });

  afterEach(() => bot.close());

  it('answers /healthz with the store status', async () => {
    const res = await fetch(`${app.server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, store: 'ok', lastTick: null });
  });

  it('replies to `next` with a card, and remembers the conversation', async () => {
    const res = await channel.message(FSW, 'next');
    expect(res.status).toBe(200);
    const replies = connector.activitiesIn(channel.conversationIdOf(FSW));
    expect(replies).toHaveLength(1);
    const a = replies[0]!.activity as Sent;
    expect(a.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(await app.refs.get('fsw-hadley-1')).toMatchObject({
      conversationId: channel.conversationIdOf(FSW),
    });
  });

  it('sends each reminder once, creating a chat for people who never opened the bot', async () => {
    await channel.message(FSW, 'help'); // teaches the bot the service URL and tenant
    const before = connector.activities.length;
    const first = await app.scheduler!.tickOnce();
    expect(first?.sent).toBeGreaterThan(0);
    const sentFirst = connector.activities.length - before;
    expect(sentFirst).toBe(first!.sent);
    // tl-hadley never wrote to the bot: their 1:1 chat was created with tenant id + Entra id.
    const created = connector.creations.find((c) => c.memberId === 'tl-hadley');
    expect(created?.tenantId).toBe('tenant-demo');
    expect(connector.activitiesIn(created!.conversationId).length).toBeGreaterThan(0);

    const second = await app.scheduler!.tickOnce();
    expect(second?.sent).toBe(0);
    expect(connector.activities.length - before).toBe(sentFirst);
  });

  it('rides out 429s: the queue waits Retry-After and the reminder still goes once', async () => {
    await channel.message(FSW, 'help');
    const before = connector.activities.length;
    connector.throttleNext(2, 1);
    const report = await app.scheduler!.tickOnce();
    expect(connector.throttled).toBe(2);
    expect(report!.sent).toBeGreaterThan(0);
    expect(report!.failed).toEqual([]);
    expect(connector.activities.length - before).toBe(report!.sent);
  });

  it('records a blocked user and does not retry them', async () => {
    await channel.message(FSW, 'help');
    connector.blockUser('fsw-hadley-1');
    const report = await app.scheduler!.tickOnce();
    const toFsw = report!.failed.filter((f) => f.outcome === 'blocked');
    expect(toFsw.length).toBeGreaterThan(0);
    const ledger = await app.ctx.kv.list(LEDGER_NS);
    const blocked = ledger.filter((e) => (e.value as { outcome?: string }).outcome === 'blocked');
    expect(blocked.length).toBe(toFsw.length);
    expect(blocked.every((e) => (e.value as { state: string }).state === 'abandoned')).toBe(true);

    const requestsBefore = connector.requests.length;
    clock.advance(60 * 60_000);
    await app.scheduler!.tickOnce();
    const retried = connector.requests
      .slice(requestsBefore)
      .filter((r) => r.path.includes(encodeURIComponent(channel.conversationIdOf(FSW))));
    expect(retried).toHaveLength(0);
  });

  it('rejects a non-Execute invoke and routes an unknown verb to a message response', async () => {
    const res = await channel.cardAction(TL, { verb: 'no.such.verb' }, 'act-x');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
    });
  });

  it('confirms a session from the card once, even when the invoke is retried', async () => {
    // Yesterday's one-to-one, still `scheduled` in the demo.
    const { snapshot } = await app.ctx.source.load();
    const past = snapshot.sessions.find(
      (s) =>
        s.superviseeId === 'fsw-hadley-1' &&
        s.kind === 'one-to-one' &&
        s.status === 'scheduled' &&
        s.scheduledStart < clock.now().toISOString(),
    )!;
    const data = { sessionId: past.id, heldMinutes: '90' };
    const first = await channel.cardAction(
      TL,
      { verb: 'session.held', data },
      'act-card',
      'invoke-1',
    );
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
    });
    // A double click: a new invoke activity on the same card.
    const again = await channel.cardAction(
      TL,
      { verb: 'session.held', data },
      'act-card',
      'invoke-2',
    );
    expect(again.body).toEqual(first.body);
    expect(logger.lines.some((l) => l.event === 'bot.invoke-duplicate')).toBe(true);
    const session = await app.ctx.writer.getSession(past.id);
    expect(session?.value.status).toBe('held');
    // Not the supervisor: refused with a message, nothing changes.
    const refused = await channel.cardAction(
      FSW,
      { verb: 'session.cancelled', data },
      'act-card',
      'invoke-2',
    );
    expect(refused.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
    });
  });
});
