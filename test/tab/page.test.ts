/**
 * The tab page in headless Chromium (playwright-core, the system /usr/bin/chromium), in local
 * mode over the demo organisation: each view renders, a signature made in the page lands in the
 * store with its audit entry, screenshots at desktop and phone width go to artifacts/tab/, and
 * axe-core finds no serious or critical accessibility violations (in each Teams theme).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describeWithBrowser, launchChromium, type Chromium } from '../chromium';
import { demoSessions } from '../../usecases/testing/harness';
import { startTabServer, type TabServer } from './tab-server';

const ARTIFACTS = path.join(__dirname, '..', '..', 'artifacts', 'tab');
const AXE = require.resolve('axe-core/axe.min.js');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };

const describeBrowser = describeWithBrowser('the tab browser tests');

describeBrowser('the tab page in headless Chromium (local mode)', () => {
  let tab: TabServer;
  let chromium: Chromium | undefined;
  let browser: BrowserContext;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    tab = await startTabServer({ mode: 'local' });
    chromium = await launchChromium('tab-', {
      viewport: DESKTOP,
      // axe is injected as a script; the page's own CSP (script-src 'self') would refuse it.
      bypassCSP: true,
    });
    browser = chromium.context;
    // Nothing but the local server: any other request fails the test loudly.
    await browser.route('**/*', (route) =>
      route.request().url().startsWith(tab.url) ? route.continue() : route.abort(),
    );
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await tab?.close();
  });

  async function open(as: string, view: string, size = DESKTOP): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewportSize(size);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${tab.url}/tab/?as=${as}#${view}`);
    await page.waitForSelector(`body[data-ready="${view}"]`, { timeout: 20_000 });
    expect(errors).toEqual([]);
    return page;
  }

  async function axe(page: Page, label: string): Promise<void> {
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const w = window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{
            violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }>;
          }>;
        };
      };
      const r = await w.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        targets: v.nodes.slice(0, 3).map((n) => String(n.target)),
      }));
    });
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect({ label, bad }).toEqual({ label, bad: [] });
  }

  async function shoot(page: Page, name: string): Promise<void> {
    // Readable at phone width means no sideways scrolling of the page itself.
    const width = page.viewportSize()?.width ?? DESKTOP.width;
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect({ name, scroll: Math.min(scroll, width) === scroll }).toEqual({ name, scroll: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  }

  test('developer mode is clearly marked and the picker chooses who I am', async () => {
    const page = await open('fsw-hadley-1', 'my');
    await expect(page.locator('#dev-banner')).toBeTruthy();
    expect(await page.locator('#dev-banner').isVisible()).toBe(true);
    expect(await page.locator('#dev-banner').innerText()).toContain(
      'Developer mode — choose who you are',
    );
    expect(await page.locator('#dev-user').inputValue()).toBe('fsw-hadley-1');
    await page.selectOption('#dev-user', 'tl-hadley');
    await page.waitForSelector('body[data-ready="my"]');
    await page.waitForFunction(() =>
      document.getElementById('title')?.textContent?.includes('Helen Ashford'),
    );
    expect(await page.locator('#nav-team').isVisible()).toBe(true);
    await page.close();
  });

  test('My supervision renders, and signing from the page lands in the audit trail', async () => {
    const { halfSigned } = await demoSessions();
    const page = await open('fsw-hadley-1', 'my');
    const text = await page.locator('main').innerText();
    expect(text).toContain('Next supervision');
    expect(text).toContain('Helen Ashford');
    expect(text).toContain('What to prepare');
    expect(text).toContain('Waiting for your signature');
    await axe(page, 'my/default');
    await shoot(page, 'my-supervision-desktop');
    await page.setViewportSize(PHONE);
    await shoot(page, 'my-supervision-phone');
    await axe(page, 'my/phone');
    await page.setViewportSize(DESKTOP);

    // Keyboard: the disagree form opens from its button and is labelled.
    const disagree = page.getByRole('button', { name: 'I disagree' }).first();
    await disagree.focus();
    await page.keyboard.press('Enter');
    expect(await disagree.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByLabel('What do you disagree with?').first().isVisible()).toBe(true);

    const before = (await tab.harness.schedule.listSignatures(halfSigned)).length;
    const items = page.locator('.sign-item');
    const count = await items.count();
    let target = -1;
    const { snapshot } = await tab.harness.ctx.source.load();
    const day = snapshot.sessions.find((s) => s.id === halfSigned)!.scheduledStart.slice(0, 10);
    for (let i = 0; i < count; i++) {
      const t = await items.nth(i).innerText();
      const [y, m, d] = day.split('-').map(Number);
      const label = `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m! - 1]} ${y}`;
      if (t.includes(label)) target = i;
    }
    expect(target).toBeGreaterThanOrEqual(0);
    await items.nth(target).getByRole('button', { name: 'Sign', exact: true }).click();
    await page.waitForFunction(
      () => document.getElementById('status')?.textContent === 'Signed. Thank you.',
    );
    await page.waitForSelector('body[data-ready="my"]');
    const entries = await tab.harness.schedule.listSignatures(halfSigned);
    expect(entries.length).toBe(before + 1);
    expect(entries[entries.length - 1]).toMatchObject({
      signerId: 'fsw-hadley-1',
      signerRole: 'supervisee',
      decision: 'signed',
      activityId: 'tab',
    });
    await page.close();
  });

  test('My team renders for the service manager: sort, filter, drill in, audit sample', async () => {
    const page = await open('sm-1', 'team');
    // Landing straight on #team still knows who I am.
    expect(await page.locator('#nav-team').isVisible()).toBe(true);
    expect(await page.locator('#title').innerText()).toContain('Sarah Mitchell');
    const rows = page.locator('#team-table tbody tr');
    expect(await rows.count()).toBeGreaterThan(30);
    await axe(page, 'team/default');
    await shoot(page, 'my-team-desktop');
    // Sort by name with the keyboard.
    const sortName = page.locator('button.sort[data-key="name"]');
    await sortName.focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('th[aria-sort="ascending"]').innerText()).toContain('Name');
    const names = await page.locator('#team-table tbody th button').allInnerTexts();
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // Filter by hub.
    await page.fill('#team-filter', 'Wrekin');
    const filtered = await page.locator('#team-table tbody th .sub').allInnerTexts();
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((t) => t === 'The Wrekin')).toBe(true);
    await page.fill('#team-filter', '');
    // Audit sample.
    await page.click('#audit-sample');
    await page.waitForSelector('#audit-result li');
    // Telford (003 §10): 4 supervision files; then the QA table's open cases per hub.
    expect(await page.locator('#audit-result ul >> nth=0').locator('li').count()).toBe(4);
    expect(await page.locator('#audit-result').innerText()).toContain('supervision files');
    await shoot(page, 'my-team-audit-sample-desktop');
    await page.setViewportSize(PHONE);
    await shoot(page, 'my-team-phone');
    await axe(page, 'team/phone');
    await page.setViewportSize(DESKTOP);
    // Narrow to one team leader's team: rows, CSV and audit sample follow.
    await page.selectOption('#team-of', 'tl-wrekin');
    await page.waitForFunction(() =>
      document.querySelector('#team-table caption')?.textContent?.includes('Mark Bennett'),
    );
    const hubs = await page.locator('#team-table tbody th .sub').allInnerTexts();
    expect(hubs.length).toBeGreaterThan(3);
    expect(hubs.every((t) => t === 'The Wrekin')).toBe(true);
    // Drill into one person.
    await page.locator('#team-table tbody th button').first().click();
    await page.waitForSelector('table.history');
    expect(await page.locator('table.history tbody tr').count()).toBeGreaterThan(0);
    await shoot(page, 'person-history-desktop');
    await page.close();
  });

  test('Triage renders the month with gaps and my days, and a swap can be sent', async () => {
    const page = await open('tl-hadley', 'triage');
    expect(await page.locator('#triage-calendar caption').innerText()).toContain('November 2026');
    await page.getByRole('button', { name: 'Next month →' }).click();
    await page.waitForFunction(() =>
      document.querySelector('#triage-calendar caption')?.textContent?.includes('December 2026'),
    );
    expect(await page.locator('#triage-calendar td.mine').count()).toBeGreaterThan(0);
    await axe(page, 'triage/default');
    await shoot(page, 'triage-desktop');
    await page.setViewportSize(PHONE);
    await shoot(page, 'triage-phone');
    await axe(page, 'triage/phone');
    await page.setViewportSize(DESKTOP);
    const swap = page.locator('#triage-calendar td.mine button.small').first();
    const date = await swap.locator('xpath=..').getAttribute('data-date');
    await swap.click();
    await page.locator(`#swap-${date}`).selectOption('hub');
    await page.locator(`td[data-date="${date}"] form.swap button[type=submit]`).click();
    await page.waitForFunction(() => document.getElementById('status')?.className.includes('good'));
    await page.waitForSelector(`td[data-date="${date}"] .badge:text("Swap asked")`);
    await page.close();
  });

  test('the Teams themes keep contrast: dark and high contrast', async () => {
    for (const theme of ['dark', 'contrast']) {
      const page = await open('tl-hadley', 'team');
      await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
      await axe(page, `team/${theme}`);
      await shoot(page, `my-team-${theme}-desktop`);
      await page.close();
    }
  });
});
