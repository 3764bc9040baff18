/**
 * Shared harness of the Agents Playground end-to-end tests (playground*.test.ts): the bot in
 * local mode (demo organisation, its own SQLite file, a ManualClock at 10:00 London on the
 * demo's anchor Tuesday moved into this week, the scheduler built but ticked by the test) + the
 * Microsoft 365 Agents Playground + Debian's headless Chromium (/usr/bin/chromium) through
 * playwright-core. Screenshots go to artifacts/e2e/.
 *
 * The Playground has no user switcher: `openAs(user)` restarts it with another current mock
 * user (bot/playground-config.ts) against the same bot and store. Each restart costs a few
 * seconds, so tests order their steps to switch as rarely as possible. Proactive cards sent to
 * a user whose Playground is not running fail fast (the send queue is tuned for it) and the
 * ledger resends them on a later tick (advance the clock past the retry delay, then tick).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { startDev, startPlayground, type DevRun, type PlaygroundRun } from '../../bot/dev';
import { addDays, dayOfWeek, londonDateOf, londonInstant } from '../../policy/calendar';
import type { LocalDate } from '../../policy/domain';
import { ManualClock } from '../../ports/clock';
import { RecordingLogger } from '../../ports/logger';
import { describeWithBrowser, launchChromium, type Chromium } from '../chromium';

export const SHOTS = path.resolve(__dirname, '..', '..', 'artifacts', 'e2e');

/** `describe`, skipped (saying why) without Chromium on a developer's machine; fails on CI. */
export function e2eDescribe(): jest.Describe {
  return describeWithBrowser('the Agents Playground end-to-end tests');
}

/**
 * A date of the demo fixture (test/fixtures/demo-org) as it is in the seeded store: the same,
 * since on the demo clock (bot/demo-clock.ts) the store is seeded unmoved.
 */
export function demoDate(fixtureDate: LocalDate): LocalDate {
  return fixtureDate;
}

/** Saturday 23:30 London of the current week: the real clock the tests run the demo from. */
export function saturdayNight(today: LocalDate = londonDateOf(new Date())): string {
  return londonInstant(addDays(today, (6 - dayOfWeek(today) + 7) % 7), '23:30');
}

export interface PlaygroundE2e {
  run: DevRun;
  /** The real clock under the demo clock: advance it to move time on. */
  clock: ManualClock;
  /** What the bot reads: the demo clock (`run.clock`). */
  now(): Date;
  logger: RecordingLogger;
  browser: BrowserContext;
  /** The Playground's current mock user. */
  readonly user: string;
  /** A fresh page as `user`, restarting the Playground first when the user changes. */
  openAs(user: string): Promise<Page>;
  stop(): Promise<void>;
}

/** Starts the bot, the Playground (current user `user`, default fsw-hadley-1) and Chromium. */
export async function startPlaygroundE2e(
  options: { user?: string; tmpPrefix?: string } = {},
): Promise<PlaygroundE2e> {
  mkdirSync(SHOTS, { recursive: true });
  const prefix = options.tmpPrefix ?? 'e2e-';
  // The real clock reads Saturday night, outside any working hours: the demo clock (on by
  // default in startDev) still puts the demo organisation on its working morning.
  const clock = new ManualClock(saturdayNight());
  const logger = new RecordingLogger();
  const run = await startDev({
    botPort: 0,
    playgroundPort: 0,
    sqlitePath: path.join(mkdtempSync(path.join(tmpdir(), prefix)), 'demo.sqlite'),
    tickSeconds: 3600,
    startScheduler: false,
    // Sends to a closed Playground fail fast instead of backing off for half a minute.
    queueOptions: { maxAttempts: 2, baseBackoffMs: 100, maxBackoffMs: 500 },
    clock,
    logger,
    ...(options.user ? { playgroundUser: options.user } : {}),
  });
  let pg: PlaygroundRun = {
    url: run.playgroundUrl,
    child: run.playground,
    stop: async () => {
      if (run.playground.exitCode !== null || run.playground.signalCode !== null) return;
      run.playground.kill('SIGTERM');
      await new Promise((r) => run.playground.once('exit', r));
    },
  };
  let chromium: Chromium;
  try {
    chromium = await launchChromium(prefix, { viewport: { width: 1400, height: 1000 } });
  } catch (err) {
    await run.stop();
    throw err;
  }
  const browser = chromium.context;

  let user = options.user ?? 'fsw-hadley-1';
  const openAs = async (next: string): Promise<Page> => {
    if (next !== user) {
      await pg.stop();
      pg = await startPlayground(run.botEndpoint, { port: 0, user: next });
      user = next;
    }
    for (const p of browser.pages()) await p.close();
    const page = await browser.newPage();
    await page.goto(pg.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.getByRole('textbox').first().waitFor({ timeout: 60_000 });
    await page.getByText(`(${next})`).first().waitFor({ timeout: 30_000 });
    return page;
  };

  const stop = async (): Promise<void> => {
    await chromium.close().catch(() => undefined);
    await pg.stop();
    await run.stop();
  };

  return {
    run,
    clock,
    now: () => run.clock.now(),
    logger,
    browser,
    get user() {
      return user;
    },
    openAs,
    stop,
  };
}

/** Waits for a condition on the bot's side (its store), polling; never a fixed sleep. */
export async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting for the bot');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Types a message into the Playground's compose box and sends it. */
export async function say(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox').first();
  await box.fill(text);
  await box.press('Enter');
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/**
 * Picks `option` in an Adaptive Card Input.ChoiceSet (the Playground renders it as a Fluent
 * combobox whose list opens in a popup). The list can miss the first click while the card is
 * still settling, e.g. a ShowCard just expanded; so open it again if the option does not show.
 */
export async function choose(combobox: Locator, option: string | RegExp): Promise<void> {
  const page = combobox.page();
  const item = page.getByRole('option', { name: option });
  for (let attempt = 1; ; attempt++) {
    await combobox.click();
    try {
      await item.first().waitFor({ timeout: 5_000 });
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
  await item.first().click();
}
