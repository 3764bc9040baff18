/**
 * End to end in a real browser: the bot (local mode, demo organisation) + the Microsoft 365
 * Agents Playground, driven by playwright-core with Debian's Chromium (/usr/bin/chromium).
 *
 * 1. fsw-hadley-1 types `next` → the prep card for the upcoming one-to-one.
 * 2. Switch to tl-hadley (the Playground has no user switcher: it is restarted with another
 *    current mock user, same bot and store); a scheduler tick sends the confirmation card for
 *    yesterday's session; Held → Confirm held → the card updates; the record card arrives;
 *    Complete record → the sign card arrives; tl-hadley signs.
 * 3. Switch back to fsw-hadley-1; the next tick delivers the sign card; they sign → the card
 *    shows the record signed by both.
 * Screenshots go to artifacts/e2e/. Skips (saying why) only when /usr/bin/chromium is absent.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { demoShiftDays } from '../../bot/demo-seed';
import { startDev, startPlayground, type DevRun, type PlaygroundRun } from '../../bot/dev';
import { addDays, londonDateOf, londonInstant } from '../../policy/calendar';
import type { Session } from '../../policy/domain';
import { ManualClock } from '../../ports/clock';
import { RecordingLogger } from '../../ports/logger';
import { DEMO_ANCHOR } from '../fixtures/demo-org';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, '..', '..', 'artifacts', 'e2e');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.log(`e2e skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);
}
const e2e = haveChromium ? describe : describe.skip;

jest.setTimeout(240_000);

e2e('Agents Playground end to end', () => {
  let run: DevRun;
  let pg: PlaygroundRun | null = null;
  let browser: BrowserContext;
  let clock: ManualClock;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // 10:00 London on the demo's anchor Tuesday moved into this week (as the seeding does).
    const anchorThisWeek = addDays(DEMO_ANCHOR, demoShiftDays(londonDateOf(new Date())));
    clock = new ManualClock(londonInstant(anchorThisWeek, '10:00'));
    run = await startDev({
      botPort: 0,
      playgroundPort: 0,
      sqlitePath: path.join(mkdtempSync(path.join(tmpdir(), 'e2e-')), 'demo.sqlite'),
      tickSeconds: 3600,
      startScheduler: false,
      // Sends to a closed Playground fail fast instead of backing off for half a minute.
      queueOptions: { maxAttempts: 2, baseBackoffMs: 100, maxBackoffMs: 500 },
      clock,
      logger: new RecordingLogger(),
    });
    pg = {
      url: run.playgroundUrl,
      child: run.playground,
      stop: async () => {
        run.playground.kill('SIGTERM');
        await new Promise((r) => run.playground.once('exit', r));
      },
    };
    browser = await chromium.launchPersistentContext(
      mkdtempSync(path.join(tmpdir(), 'e2e-chromium-')),
      {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1400, height: 1000 },
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    );
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await pg?.stop();
    await run?.stop();
  });

  let pgUser = 'fsw-hadley-1';
  let heldSessionId = '';
  async function openAs(user: string): Promise<Page> {
    if (user !== pgUser) {
      await pg?.stop();
      pg = await startPlayground(run.botEndpoint, { port: 0, user });
      pgUser = user;
    }
    for (const p of browser.pages()) await p.close();
    const page = await browser.newPage();
    await page.goto(pg!.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.getByRole('textbox').first().waitFor({ timeout: 60_000 });
    await page.getByText(`(${user})`).first().waitFor({ timeout: 30_000 });
    return page;
  }

  /** Waits for a condition on the bot's side (its store), polling; never a fixed sleep. */
  async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > end) throw new Error('timed out waiting for the bot');
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function say(page: Page, text: string): Promise<void> {
    const box = page.getByRole('textbox').first();
    await box.fill(text);
    await box.press('Enter');
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }

  async function sessionWhere(pred: (s: Session) => boolean): Promise<Session> {
    const { snapshot } = await run.app.ctx.source.load();
    const s = snapshot.sessions.find(pred);
    if (!s) throw new Error('demo session not found');
    return s;
  }

  it('fsw-hadley-1 types `next` and sees the prep card', async () => {
    const page = await openAs('fsw-hadley-1');
    await say(page, 'next');
    await page.getByText('Open actions', { exact: false }).first().waitFor({ timeout: 60_000 });
    await shot(page, '01-fsw-next-prep-card');
  });

  it("tl-hadley confirms yesterday's session as held from the card, completes the record and signs", async () => {
    const page = await openAs('tl-hadley');
    await say(page, 'help');
    await page.getByText('What I can do', { exact: false }).first().waitFor({ timeout: 60_000 });
    const yesterday = await sessionWhere(
      (s) =>
        s.superviseeId === 'fsw-hadley-1' &&
        s.kind === 'one-to-one' &&
        s.status === 'scheduled' &&
        s.scheduledStart < clock.now().toISOString(),
    );
    const report = await run.app.scheduler!.tickOnce();
    expect(report?.sentKeys).toContain(
      `confirm-request|${yesterday.id}|${londonDateOf(yesterday.scheduledStart)}`,
    );
    await page
      .getByRole('button', { name: 'Held', exact: true })
      .first()
      .waitFor({ timeout: 60_000 });
    await shot(page, '02-tl-confirm-card');
    await page.getByRole('button', { name: 'Held', exact: true }).first().click();
    await page.getByRole('button', { name: 'Confirm held' }).first().click();
    await until(
      async () => (await run.app.ctx.writer.getSession(yesterday.id))?.value.status === 'held',
    );
    // The card updated in place, and the record card arrived for the supervisor.
    await page.getByText('Confirmed by', { exact: false }).first().waitFor({ timeout: 60_000 });
    await page
      .getByRole('button', { name: 'Mark record complete' })
      .first()
      .waitFor({ timeout: 60_000 });
    await shot(page, '03-tl-confirmed-held');

    await page
      .getByRole('textbox', { name: /Record summary/ })
      .first()
      .fill('Caseload and wellbeing reviewed; actions agreed.');
    await page.getByRole('button', { name: 'Mark record complete' }).first().click();
    await until(async () =>
      Boolean((await run.app.ctx.writer.getSession(yesterday.id))?.value.recordCompletedAt),
    );
    await page
      .getByRole('button', { name: 'Sign', exact: true })
      .first()
      .waitFor({ timeout: 60_000 });
    await shot(page, '04-tl-sign-card');
    await page.getByRole('button', { name: 'Sign', exact: true }).first().click();
    await until(async () =>
      (await run.app.ctx.writer.listSignatures(yesterday.id)).some(
        (e) => e.signerId === 'tl-hadley' && e.decision === 'signed',
      ),
    );
    await shot(page, '05-tl-signed');
    heldSessionId = yesterday.id;
  });

  it('fsw-hadley-1 gets the sign card and signs: the record is signed by both', async () => {
    const page = await openAs('fsw-hadley-1');
    await say(page, 'help');
    await page.getByText('What I can do', { exact: false }).first().waitFor({ timeout: 60_000 });
    // Their sign card could not reach the closed Playground earlier: the ledger retries it.
    clock.advance(10 * 60_000);
    await run.app.scheduler!.tickOnce();
    await page
      .getByRole('button', { name: 'Sign', exact: true })
      .first()
      .waitFor({ timeout: 60_000 });
    await shot(page, '06-fsw-sign-card');
    await page.getByRole('button', { name: 'Sign', exact: true }).first().click();
    await page
      .getByText('Both of you have signed', { exact: false })
      .first()
      .waitFor({ timeout: 60_000 });
    const signers = (await run.app.ctx.writer.listSignatures(heldSessionId))
      .filter((e) => e.decision === 'signed')
      .map((e) => e.signerRole)
      .sort();
    expect(signers).toEqual(['supervisee', 'supervisor']);
    await shot(page, '07-fsw-signed-by-both');
  });
});
