/**
 * The Family Connect triage rota through the whole bot over HTTP (express, CloudAdapter, the
 * real use-cases, the send queue and ledger) with the Bot Connector test server standing in for
 * Teams: commands, swap, take an uncovered day, sickness cover, two colleagues pressing at once.
 * The demo organisation on the embedded store at its anchor (Tue 24 Nov 2026, 10:00 London);
 * days are looked up in the store, not hard-coded. Cards are pressed as Teams would: the
 * Action.Execute's data with the card's inputs merged in, replying to the card's activity.
 */
import { formatDate } from '../cards/card-kit';
import { TRIAGE_VERBS, swapToInputId, TRIAGE_INPUTS } from '../cards/triage-kit';
import { NO_GIVE_BACK } from '../cards/triage-swap-card';
import { londonDateOf } from '../policy/calendar';
import type { LocalDate } from '../policy/domain';
import { ManualClock } from '../ports/clock';
import type { ChannelUser, TeamsChannel } from '../test/connector-server/channel';
import type { ConnectorTestServer } from '../test/connector-server/connector-server';
import type { App } from './main';
import { startHttpBot, type HttpBot } from './testing/http-bot';
import {
  answerOf,
  cardProblems,
  cardsSentTo,
  choicesOf,
  executes,
  press,
  textOf,
  type SentCard,
} from './testing/teams-cards';

const user = (id: string): ChannelUser => ({ aadObjectId: id });

describe('triage rota through the bot over HTTP', () => {
  let connector: ConnectorTestServer;
  let app: App;
  let channel: TeamsChannel;
  let today: LocalDate;

  let bot: HttpBot;

  beforeEach(async () => {
    const clock = new ManualClock('2026-11-24T10:00:00Z');
    today = londonDateOf(clock.now());
    bot = await startHttpBot({ clock });
    ({ app, connector, channel } = bot);
  });

  afterEach(() => bot.close());

  const row = async (date: LocalDate) => (await app.ctx.writer.getRotaDay(date))?.value;
  const nameOf = async (id: string) =>
    (await app.ctx.source.load()).snapshot.staff.find((s) => s.id === id)!.name;
  /** Rota days a member holds after today, in order (from the store). */
  const daysOf = async (id: string) =>
    (await app.ctx.source.load()).snapshot.rota
      .filter((r) => r.memberId === id && r.date > today)
      .map((r) => r.date)
      .sort();

  /** Types a command; returns the card the bot replied with (checked to parse cleanly). */
  async function command(id: string, text: string): Promise<SentCard> {
    const before = cardsSentTo(connector, id).length;
    expect((await channel.message(user(id), text)).status).toBe(200);
    const sent = cardsSentTo(connector, id);
    expect(sent).toHaveLength(before + 1);
    expect(cardProblems(sent[before]!.card)).toEqual([]);
    return sent[before]!;
  }

  /**
   * Makes two presses really meet: each read of `date`'s row is held until both have read it,
   * so both decide on the same version and write with the same If-Match (over HTTP with the
   * synchronous SQLite store the first request would otherwise finish before the second starts).
   * Returns the outcome of every rota write, in order.
   */
  function bothReadBeforeEitherWrites(date: LocalDate): string[] {
    const writer = app.ctx.writer;
    const [read, write] = [writer.getRotaDay.bind(writer), writer.updateRotaDay.bind(writer)];
    let armed = true;
    const held: Array<() => void> = [];
    const open = () => {
      armed = false;
      clearTimeout(timer);
      held.splice(0).forEach((go) => go());
    };
    const timer = setTimeout(open, 5_000); // never hang: a lone press fails the checks below
    jest.spyOn(writer, 'getRotaDay').mockImplementation(async (d) => {
      const current = await read(d);
      if (armed && d === date)
        await new Promise<void>((go) => {
          held.push(go);
          if (held.length === 2) open();
        });
      return current;
    });
    const outcomes: string[] = [];
    jest.spyOn(writer, 'updateRotaDay').mockImplementation(async (d, patch, version) => {
      const res = await write(d, patch, version);
      outcomes.push(res.ok ? 'ok' : res.code);
      return res;
    });
    return outcomes;
  }

  /** Waits for the background deliveries (ledger + send queue) an invoke started. */
  async function delivered(): Promise<void> {
    await app.delivery.idle();
    await app.queue.drain();
  }

  it('answers `triage today`, `my triage` and `triage gaps` with clean cards from the rota', async () => {
    const holder = (await row(today))!.memberId!;
    const todayCard = await command('sp-wrekin', 'triage today');
    expect(textOf(todayCard.card)).toContain(await nameOf(holder));
    expect(textOf(todayCard.card)).toContain(formatDate(today));

    const mine = await command('sp-wrekin', 'my triage');
    const myDays = await daysOf('sp-wrekin');
    expect(myDays.length).toBeGreaterThan(0);
    const swappable = executes(mine.card, TRIAGE_VERBS.swapOffer).map((d) => d.date);
    expect(swappable).toEqual(myDays.slice(0, swappable.length));
    expect(executes(mine.card, TRIAGE_VERBS.sick).map((d) => d.date)).toEqual(swappable);

    const gaps = await command('sp-wrekin', 'triage gaps');
    const takeable = executes(gaps.card, TRIAGE_VERBS.take).map((d) => d.date as LocalDate);
    expect(takeable.length).toBeGreaterThan(0);
    for (const d of takeable) {
      expect((await row(d))?.memberId).toBeUndefined();
      expect(textOf(gaps.card)).toContain(formatDate(d));
    }
  });

  it('swap: offered to a named colleague, accepted with a day back; the row changes only on acceptance', async () => {
    const holder = 'sp-wrekin';
    const colleague = 'tl-wrekin';
    const writes = jest.spyOn(app.ctx.writer, 'updateRotaDay');
    const mine = await command(holder, 'my triage');
    const day = executes(mine.card, TRIAGE_VERBS.swapOffer)[0]!.date as LocalDate;
    expect((await row(day))?.memberId).toBe(holder);

    const offered = answerOf(
      await press(
        channel,
        user(holder),
        mine,
        TRIAGE_VERBS.swapOffer,
        { date: day },
        {
          [swapToInputId(day)]: colleague,
        },
      ),
    );
    expect(textOf(offered.card!)).toContain('Swap request sent');
    await delivered();
    // The colleague never wrote to the bot: their chat was created and the ask sent into it.
    expect(connector.creations.map((c) => c.memberId)).toContain(colleague);
    const ask = cardsSentTo(connector, colleague).at(-1)!;
    expect(cardProblems(ask.card)).toEqual([]);
    expect(textOf(ask.card)).toContain(
      `${await nameOf(holder)} asks for cover on ${formatDate(day)}`,
    );
    // Until someone accepts the day stays with the holder: nothing was written.
    expect(await row(day)).toMatchObject({ memberId: holder, status: 'planned' });
    expect(writes).not.toHaveBeenCalled();

    const back = choicesOf(ask.card, TRIAGE_INPUTS.giveBack).find((v) => v !== NO_GIVE_BACK)!;
    expect(back).toBe((await daysOf(colleague))[0]);
    const accepted = answerOf(
      await press(
        channel,
        user(colleague),
        ask,
        TRIAGE_VERBS.swapAccept,
        {},
        {
          [TRIAGE_INPUTS.giveBack]: back,
        },
      ),
    );
    expect(textOf(accepted.card!)).toContain(`You cover ${formatDate(day)}`);
    expect(await row(day)).toMatchObject({ memberId: colleague, status: 'swapped' });
    expect(await row(back)).toMatchObject({ memberId: holder, status: 'swapped' });
    // Each row was written once, straight from one member to the other: never left empty.
    expect(writes.mock.calls.map(([d, patch]) => [d, patch.memberId])).toEqual([
      [day, colleague],
      [back, holder],
    ]);

    await delivered();
    const told = cardsSentTo(connector, holder).at(-1)!;
    expect(told.summary).toContain(`${await nameOf(colleague)} took your triage day`);
    expect(textOf(told.card)).toContain(
      `${await nameOf(colleague)} took ${formatDate(day)} and gave ${formatDate(back)} to ${await nameOf(holder)}`,
    );
  });

  it('two colleagues press "Take this day" on the same gap at once: one wins, the other is told who', async () => {
    const [a, b] = ['sp-hadley', 'tl-lakeside'];
    const [gapsA, gapsB] = [await command(a, 'triage gaps'), await command(b, 'triage gaps')];
    const gap = executes(gapsA.card, TRIAGE_VERBS.take)[0]!.date as LocalDate;
    expect((await row(gap))?.memberId).toBeUndefined();

    const writes = bothReadBeforeEitherWrites(gap);
    const [ra, rb] = await Promise.all([
      press(channel, user(a), gapsA, TRIAGE_VERBS.take, { date: gap }),
      press(channel, user(b), gapsB, TRIAGE_VERBS.take, { date: gap }),
    ]);
    // Both wrote with the same If-Match: one landed, the other conflicted, re-read and refused.
    expect(writes).toEqual(['ok', 'conflict']);
    const winner = (await row(gap))?.memberId;
    expect([a, b]).toContain(winner);
    const [won, lost] = winner === a ? [ra, rb] : [rb, ra];
    expect(textOf(answerOf(won).card!)).toContain(`You cover ${formatDate(gap)}`);
    expect(textOf(answerOf(lost).card!)).toContain(
      `${await nameOf(winner!)} already took ${formatDate(gap)}`,
    );
    expect(executes(answerOf(won).card!, TRIAGE_VERBS.take).map((d) => d.date)).not.toContain(gap);
  });

  it('sickness: the hub is asked, two accept at once, the first wins and the holder is told', async () => {
    const holder = 'tl-wrekin';
    const mine = await command(holder, 'my triage');
    const day = (await daysOf(holder))[0]!;
    const hub = (await row(day))!.hub;

    const reported = answerOf(
      await press(channel, user(holder), mine, TRIAGE_VERBS.sick, { date: day }),
    );
    expect(textOf(reported.card!)).toContain('Get well soon');
    const flagged = await row(day);
    expect(flagged).toMatchObject({ status: 'sick' });
    expect(flagged?.memberId).toBeUndefined();

    await delivered();
    // The hub's other rota members (the demo's two Wrekin senior practitioners) get the ask.
    const asked = ['sp-wrekin', 'sp-wrekin-2'];
    const { snapshot } = await app.ctx.source.load();
    expect(asked.every((id) => snapshot.staff.find((s) => s.id === id)?.team === hub)).toBe(true);
    const asks = asked.map((id) => cardsSentTo(connector, id).at(-1)!);
    for (const ask of asks) {
      expect(cardProblems(ask.card)).toEqual([]);
      expect(executes(ask.card, TRIAGE_VERBS.coverAccept)).toHaveLength(1);
    }
    expect(connector.creations.map((c) => c.memberId).sort()).toEqual(asked);

    const writes = bothReadBeforeEitherWrites(day);
    const [r0, r1] = await Promise.all(
      asked.map((id, i) => press(channel, user(id), asks[i]!, TRIAGE_VERBS.coverAccept)),
    );
    expect(writes).toEqual(['ok', 'conflict']);
    const winner = (await row(day))?.memberId;
    expect(asked).toContain(winner);
    expect((await row(day))?.status).toBe('sick');
    const lost = winner === asked[0] ? r1! : r0!;
    expect(textOf(answerOf(lost).card!)).toContain(`${await nameOf(winner!)} already took it`);

    await delivered();
    const told = cardsSentTo(connector, holder).at(-1)!;
    expect(told.summary).toBe(`${await nameOf(winner!)} covers your triage day ${formatDate(day)}`);
    // Only the winner's accept told the holder.
    expect(
      cardsSentTo(connector, holder).filter((c) => c.summary?.includes('covers')),
    ).toHaveLength(1);
  });
});
