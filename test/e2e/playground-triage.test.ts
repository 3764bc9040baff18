/**
 * The triage rota end to end in a real browser (docs/triage.md; the triage-rota issue's "Done
 * when"): the bot (local mode, demo organisation) + the Microsoft 365 Agents Playground, driven
 * by playwright-core with Debian's Chromium. Three Playground runs in all (it has no user
 * switcher, see playground-kit.ts), so everything one person does is done in one run:
 *
 * 1. sp-wrekin (Sophie Turner, a rota member in The Wrekin): `triage today` names who covers the
 *    desk today; `triage gaps` lists the uncovered days up to the end of the second month ahead;
 *    `my triage` → Swap on their next day, asking tl-wrekin by name; `my triage` → I'm off sick
 *    on the day after. Neither ask can reach tl-wrekin yet (their Playground is not open).
 * 2. tl-wrekin (Mark Bennett, the same hub): a scheduler tick resends both cards; Accept on the
 *    swap (the rota row now names them, status swapped), Take it on the cover request (the row
 *    names them, status sick).
 * 3. sp-wrekin again: the next tick delivers "Mark Bennett took …" and "Covered by Mark Bennett".
 * Screenshots go to artifacts/e2e/triage-*.png. Skips (saying why) when /usr/bin/chromium is absent.
 */
import type { Locator, Page } from 'playwright-core';
import { formatDate } from '../../cards/card-kit';
import { londonDateOf } from '../../policy/calendar';
import type { LocalDate } from '../../policy/domain';
import { getRequest } from '../../usecases/triage-state';
import { loadTriage, nameOf, type TriageScope } from '../../usecases/triage-scope';
import {
  choose,
  demoDate,
  e2eDescribe,
  say,
  shot,
  startPlaygroundE2e,
  until,
  type PlaygroundE2e,
} from './playground-kit';

const e2e = e2eDescribe();

jest.setTimeout(180_000);

const HOLDER = 'sp-wrekin';
const COLLEAGUE = 'tl-wrekin';
/** Past the ledger's retry delay (5 min), well inside the swap offer's and sick cascade's times. */
const SWITCH_MS = 10 * 60_000;
/** How long to wait for a card or a store change (a failing run should not crawl). */
const WAIT = 30_000;

/**
 * The newest chat message whose card contains `text`, case-sensitively (a plain string would
 * match case-insensitively, and the welcome card's "…the triage desk today…" is not the
 * `triage today` card).
 */
function card(page: Page, text: string): Locator {
  const exact = new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return page.locator('.fai-OutputCard').filter({ hasText: exact }).last();
}

/** The last day of the second calendar month after `d`: the gaps card's horizon. */
/** CONTRACT "Triage horizon": the same date two calendar months later (clamped to month end). */
function twoMonthsAfter(d: LocalDate): LocalDate {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m + 2, 0)).getUTCDate();
  return new Date(Date.UTC(y, m + 1, Math.min(day, last))).toISOString().slice(0, 10);
}

async function showAndShot(page: Page, target: Locator, name: string): Promise<void> {
  await target.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, name);
}

e2e('Agents Playground: the triage rota end to end', () => {
  let h: PlaygroundE2e;
  let today: LocalDate;
  let swapDay: LocalDate;
  let sickDay: LocalDate;
  let holderName: string;
  let colleagueName: string;

  const scope = async (): Promise<TriageScope> => {
    const s = await loadTriage(h.run.app.ctx);
    if (!s) throw new Error('the demo profile has no triage rota');
    return s;
  };
  const row = async (date: LocalDate) => (await h.run.app.ctx.writer.getRotaDay(date))?.value;

  /** Opens the chat as `user`, then one tick resends what could not reach them while closed. */
  async function switchTo(user: string): Promise<Page> {
    h.clock.advance(SWITCH_MS);
    const page = await h.openAs(user);
    await say(page, 'help');
    await page.getByText('What I can do', { exact: false }).first().waitFor({ timeout: WAIT });
    await h.run.app.scheduler!.tickOnce();
    return page;
  }

  beforeAll(async () => {
    h = await startPlaygroundE2e({ user: HOLDER, tmpPrefix: 'e2e-triage-' });
    today = londonDateOf(h.now());
    const s = await scope();
    holderName = nameOf(s, HOLDER);
    colleagueName = nameOf(s, COLLEAGUE);
    // The holder's next two rota days (the demo gives sp-wrekin one every couple of weeks).
    const mine = s.view.myDays(HOLDER, today, 2).map((c) => c.date);
    if (mine.length < 2) throw new Error(`${HOLDER} has fewer than two rota days ahead`);
    [swapDay, sickDay] = mine as [LocalDate, LocalDate];
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('sp-wrekin asks who is on triage today and sees the gaps for the next two months', async () => {
    const page = await h.openAs(HOLDER);

    await say(page, 'triage today');
    const todayCard = card(page, 'Triage desk today');
    const coverId = (await row(today))?.memberId;
    // The demo's anchor Tuesday is sp-hadley's day.
    expect(coverId).toBe('sp-hadley');
    const coverName = nameOf(await scope(), coverId);
    await todayCard.getByText(`${formatDate(today)} — ${coverName}`).waitFor({ timeout: WAIT });
    expect(await todayCard.getByRole('link', { name: 'Chat' }).count()).toBe(1);
    await showAndShot(page, todayCard, 'triage-01-today');

    await say(page, 'triage gaps');
    const gapsCard = card(page, 'Triage rota gaps');
    // Up to the same date two months ahead (the contract's horizon), or the last day the rota is drawn up to.
    const horizon = twoMonthsAfter(today);
    const drawn =
      (await scope()).snapshot.rota
        .map((r) => r.date)
        .sort()
        .at(-1) ?? horizon;
    const to = drawn < horizon ? drawn : horizon;
    await gapsCard
      .getByText(`${formatDate(today)} to ${formatDate(to)}`)
      .waitFor({ timeout: WAIT });
    const gaps = (await scope()).view.gaps(today, to).map((g) => g.date);
    // The demo's two blank rota rows (a Hadley day next month, a Wrekin day the month after).
    expect(gaps).toEqual(expect.arrayContaining([demoDate('2026-12-09'), demoDate('2027-01-14')]));
    expect(gaps.every((d) => d >= today && d <= to)).toBe(true);
    for (const d of gaps.slice(0, 25)) {
      expect(await gapsCard.getByText(formatDate(d), { exact: false }).count()).toBe(1);
    }
    expect(await gapsCard.getByRole('button', { name: 'Take this day' }).count()).toBe(
      Math.min(gaps.length, 25),
    );
    await showAndShot(page, gapsCard, 'triage-02-gaps');
  });

  it('sp-wrekin offers their next day to tl-wrekin and reports sick on the one after', async () => {
    const page = await h.openAs(HOLDER);

    await say(page, 'my triage');
    let myCard = card(page, 'My triage days');
    await myCard.getByText(`${formatDate(swapDay)} — ${holderName}`).waitFor({ timeout: WAIT });
    // Days are listed in date order, each with its own Swap / I'm off sick.
    await myCard.getByRole('button', { name: 'Swap', exact: true }).first().click();
    await choose(
      myCard.getByRole('combobox', { name: /Ask/ }).first(),
      new RegExp(`^${colleagueName}\\b`),
    );
    expect(await myCard.getByRole('combobox', { name: /Ask/ }).first().inputValue()).toBe(
      `${colleagueName} (The Wrekin)`,
    );
    await showAndShot(page, myCard, 'triage-03-holder-swap-picker');
    await myCard.getByRole('button', { name: 'Send swap request' }).first().click();

    const swapCard = card(page, 'Triage swap request');
    await swapCard
      .getByText('Swap request sent. You keep the day until someone accepts.')
      .waitFor({ timeout: WAIT });
    const offer = (await getRequest(h.run.app.ctx.kv, 'swap', swapDay))?.value;
    expect(offer).toMatchObject({ status: 'open', holderId: HOLDER, askedIds: [COLLEAGUE] });
    // Until someone accepts, the day stays the holder's.
    expect(await row(swapDay)).toMatchObject({ memberId: HOLDER });
    await showAndShot(page, swapCard, 'triage-04-holder-swap-sent');

    await say(page, 'my triage');
    myCard = card(page, 'My triage days');
    await myCard.getByText(`${formatDate(sickDay)} — ${holderName}`).waitFor({ timeout: WAIT });
    // The first day is still theirs (on offer), so the second is the next one.
    await myCard.getByRole('button', { name: "I'm off sick" }).nth(1).click();
    await myCard
      .getByRole('button', { name: `Yes, I'm off sick on ${formatDate(sickDay)}` })
      .click();
    const sickCard = card(page, 'Triage cover needed');
    await sickCard
      .getByText(`Get well soon. Your hub has been asked to cover ${formatDate(sickDay)}.`)
      .waitFor({ timeout: WAIT });
    const sick = (await getRequest(h.run.app.ctx.kv, 'sick', sickDay))?.value;
    expect(sick).toMatchObject({ status: 'open', stage: 'hub', holderId: HOLDER });
    expect(sick?.askedIds).toContain(COLLEAGUE);
    // A gap until someone takes it.
    const flagged = await row(sickDay);
    expect(flagged?.status).toBe('sick');
    expect(flagged?.memberId).toBeFalsy();
    await showAndShot(page, sickCard, 'triage-05-holder-off-sick');
  });

  it('tl-wrekin gets both cards, accepts the swap and takes the sickness cover', async () => {
    const page = await switchTo(COLLEAGUE);

    const swapCard = card(page, 'Triage swap request');
    await swapCard.getByRole('button', { name: 'Accept', exact: true }).waitFor({ timeout: WAIT });
    const coverCard = card(page, 'Triage cover needed');
    await coverCard.getByRole('button', { name: 'Take it' }).waitFor({ timeout: WAIT });
    // Both arrived from the same tick, one above the other.
    await showAndShot(page, coverCard, 'triage-06-colleague-cover-and-swap-cards');

    await swapCard.getByRole('button', { name: 'Accept', exact: true }).click();
    await swapCard.getByRole('button', { name: 'Accept swap' }).click();
    await until(async () => (await row(swapDay))?.memberId === COLLEAGUE, WAIT);
    expect(await row(swapDay)).toMatchObject({ memberId: COLLEAGUE, status: 'swapped' });
    expect((await getRequest(h.run.app.ctx.kv, 'swap', swapDay))?.value).toMatchObject({
      status: 'accepted',
      byId: COLLEAGUE,
    });
    // The card updated in place.
    const accepted = card(page, `${colleagueName} took ${formatDate(swapDay)}.`);
    await accepted.getByText(`You cover ${formatDate(swapDay)}.`).waitFor({ timeout: WAIT });
    expect(await accepted.getByRole('button', { name: 'Accept', exact: true }).count()).toBe(0);
    await showAndShot(page, accepted, 'triage-07-colleague-swap-accepted');

    await coverCard.getByRole('button', { name: 'Take it' }).click();
    await until(async () => (await row(sickDay))?.memberId === COLLEAGUE, WAIT);
    expect(await row(sickDay)).toMatchObject({ memberId: COLLEAGUE, status: 'sick' });
    expect((await getRequest(h.run.app.ctx.kv, 'sick', sickDay))?.value).toMatchObject({
      status: 'covered',
      byId: COLLEAGUE,
    });
    const covered = card(page, `You cover ${formatDate(sickDay)}. Thank you.`);
    await covered.waitFor({ timeout: WAIT });
    expect(await covered.getByRole('button', { name: 'Take it' }).count()).toBe(0);
    await showAndShot(page, covered, 'triage-08-colleague-took-cover');
  });

  it('sp-wrekin sees the swap taken and the day covered; the rota names tl-wrekin on both', async () => {
    const page = await switchTo(HOLDER);

    const swapped = card(page, `${colleagueName} took ${formatDate(swapDay)}.`);
    await swapped.getByText('Triage swap request').waitFor({ timeout: WAIT });
    const covered = card(page, `Covered by ${colleagueName}.`);
    await covered
      .getByText(`${holderName} is off sick on ${formatDate(sickDay)}`)
      .waitFor({ timeout: WAIT });
    // Neither copy still offers anything to press.
    expect(await swapped.getByRole('button').count()).toBe(0);
    expect(await covered.getByRole('button').count()).toBe(0);
    await showAndShot(page, covered, 'triage-09-holder-covered-and-swap-taken');

    // Neither day is the holder's any more.
    await say(page, 'my triage');
    const myCard = card(page, 'My triage days');
    await myCard.getByRole('button', { name: 'Refresh' }).waitFor({ timeout: WAIT });
    expect(await myCard.getByText(formatDate(swapDay), { exact: false }).count()).toBe(0);
    expect(await myCard.getByText(formatDate(sickDay), { exact: false }).count()).toBe(0);
    expect(await row(swapDay)).toMatchObject({ memberId: COLLEAGUE, status: 'swapped' });
    expect(await row(sickDay)).toMatchObject({ memberId: COLLEAGUE, status: 'sick' });
  });
});
