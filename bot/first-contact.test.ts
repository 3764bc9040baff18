/**
 * First contact never fails (issue 17): with `waitForFirstContact` (as `npm run dev` runs the
 * Agents Playground, which cannot create chats), a reminder for someone who has not opened the
 * chat is not attempted, not claimed and not logged as a failure; it goes within moments of
 * their first message, without waiting for the next interval or a retry delay. Real HTTP: the
 * bot's server and the Bot Connector test server.
 */
import { ManualClock } from '../ports/clock';
import { RecordingLogger } from '../ports/logger';
import type { ChannelUser } from '../test/connector-server/channel';
import { startHttpBot, type HttpBot } from './testing/http-bot';

const FSW: ChannelUser = { aadObjectId: 'fsw-hadley-1' };
const TL: ChannelUser = { aadObjectId: 'tl-hadley' };
const SM: ChannelUser = { aadObjectId: 'sm-1' };

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('first contact', () => {
  let bot: HttpBot;
  let logger: RecordingLogger;

  beforeEach(async () => {
    logger = new RecordingLogger();
    bot = await startHttpBot({
      clock: new ManualClock('2026-11-24T10:00:00Z'),
      logger,
      waitForFirstContact: true,
    });
  });
  afterEach(() => bot.close());

  it('waits, with no failure, for someone who has not opened the chat; sends at their first message', async () => {
    const { app, connector, channel } = bot;
    await channel.message(FSW, 'help');
    // Their first message asked for a tick: let it finish, then tick again.
    await until(() => !app.scheduler!.isRunning);
    const report = await app.scheduler!.tickOnce();
    expect(report?.awaitingContact).toBeGreaterThan(0);
    expect(report?.failed).toEqual([]);
    expect(connector.creations).toEqual([]);
    const failures = logger.lines.filter(
      (l) => (l.level === 'warn' || l.level === 'error') && l.event !== 'server.local-mode',
    );
    expect(failures).toEqual([]);
    const tlKeys = (await app.ledger.list()).filter((e) => e.entry.recipientId === 'tl-hadley');
    expect(tlKeys).toEqual([]);

    // tl-hadley opens the chat: what waited for them arrives at once (a tick is asked for).
    await channel.message(TL, 'hi');
    const conv = channel.conversationIdOf(TL);
    await until(() => connector.activitiesIn(conv).length > 1, 10_000);
    await until(async () =>
      (await app.ledger.list()).some(
        (e) => e.entry.recipientId === 'tl-hadley' && e.entry.state === 'sent',
      ),
    );
    expect(logger.lines.filter((l) => l.event === 'tick.send-failed')).toEqual([]);
  });

  it('keeps a card-action message for someone not yet in the chat, and sends it at their first message', async () => {
    const { app, connector, channel } = bot;
    await channel.message(FSW, 'help');
    const [result] = await app.delivery.deliver([
      {
        key: 'test|first-contact|sm-1',
        recipientId: 'sm-1',
        summary: 'test',
        card: { type: 'AdaptiveCard', version: '1.5', body: [] },
      },
    ]);
    expect(result?.outcome).toBe('awaiting-contact');
    expect(await app.ledger.get('test|first-contact|sm-1')).toBeNull();

    await channel.message(SM, 'hi');
    await until(async () => (await app.ledger.get('test|first-contact|sm-1'))?.state === 'sent');
    expect(connector.activitiesIn(channel.conversationIdOf(SM)).length).toBeGreaterThan(1);
  });
});

describe('first contact greeting', () => {
  it('the chat opening (conversationUpdate) is answered once with what to try for the role', async () => {
    const bot = await startHttpBot({ clock: new ManualClock('2026-11-24T10:00:00Z') });
    try {
      const { connector, channel } = bot;
      await channel.botAdded(SM);
      const conv = channel.conversationIdOf(SM);
      const texts = () => connector.activitiesIn(conv).map((a) => JSON.stringify(a.activity));
      expect(texts().some((t) => t.includes('You are a line manager'))).toBe(true);
      const before = texts().length;
      await channel.botAdded(SM); // not their first contact any more: no second greeting
      expect(texts().length).toBe(before);
    } finally {
      await bot.close();
    }
  });
});
