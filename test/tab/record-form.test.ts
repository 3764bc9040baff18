/**
 * Issue 18: the record form on the tab's wider page, in headless Chromium over the demo
 * organisation (local mode). The supervisor writes the record with the keyboard alone (tick a
 * case as discussed, type, save a draft, finish); every input has a label; axe-core finds no
 * violations at all, at desktop and phone width; a refused finish keeps what was typed; the
 * supervisee reads; someone outside the line chain is refused (the same answer as for a session
 * that does not exist).
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

async function heldSession(tab: TabServer): Promise<string> {
  const { past } = await demoSessions();
  const s = await tab.harness.schedule.getSession(past);
  if (!s) throw new Error('no demo session');
  const r = await tab.harness.schedule.updateSession(
    past,
    { status: 'held', heldMinutes: 60 },
    s.version,
  );
  if (!r.ok) throw new Error(r.message);
  return past;
}

function call(tab: TabServer, as: string, p: string, body?: unknown) {
  return fetch(`${tab.url}/api/tab/${p}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'X-Dev-User': as, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('the record form API', () => {
  let tab: TabServer;
  let sessionId: string;
  beforeAll(async () => {
    tab = await startTabServer({ mode: 'local' });
    sessionId = await heldSession(tab);
  }, 60_000);
  afterAll(() => tab?.close());

  it('the supervisor may write; the supervisee and the line chain read; nobody else sees it', async () => {
    const mine = await call(tab, 'tl-hadley', `record-form/${sessionId}`);
    expect(mine.status).toBe(200);
    const v = (await mine.json()) as {
      canEdit: boolean;
      openCases: Array<{ caseId: string }>;
      template: { sections: unknown[] };
    };
    expect(v.canEdit).toBe(true);
    expect(v.openCases.length).toBeGreaterThan(0);
    expect(v.template.sections.length).toBeGreaterThan(0);

    const theirs = await call(tab, 'fsw-hadley-1', `record-form/${sessionId}`);
    expect(theirs.status).toBe(200);
    expect(((await theirs.json()) as { canEdit: boolean }).canEdit).toBe(false);
    const chain = await call(tab, 'sm-1', `record-form/${sessionId}`);
    expect(chain.status).toBe(200);
    expect(((await chain.json()) as { canEdit: boolean }).canEdit).toBe(false);

    // Outside the line chain (another hub's team leader): the same 403 as a made-up session.
    const outside = await call(tab, 'tl-wrekin', `record-form/${sessionId}`);
    const nowhere = await call(tab, 'tl-wrekin', 'record-form/no-such-session');
    expect(outside.status).toBe(403);
    expect(nowhere.status).toBe(403);
    expect(await outside.json()).toEqual(await nowhere.json());
    const body = { finish: false, sections: { x: 'y' }, cases: [] };
    const outsideSave = await call(tab, 'tl-wrekin', `record-form/${sessionId}`, body);
    expect(outsideSave.status).toBe(403);
    // The supervisee reads but cannot write.
    const superviseeSave = await call(tab, 'fsw-hadley-1', `record-form/${sessionId}`, body);
    expect(superviseeSave.status).toBe(403);
    expect(await tab.harness.schedule.getRecord(sessionId)).toBeNull();
  });

  it('a malformed body is a 400 naming what is wrong', async () => {
    const r = await call(tab, 'tl-hadley', `record-form/${sessionId}`, { sections: 'x' });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { message: string }).message).toContain('sections');
  });
});

const describeBrowser = describeWithBrowser('the record form browser test');

describeBrowser('the record form in headless Chromium (local mode)', () => {
  let tab: TabServer;
  let chromium: Chromium | undefined;
  let browser: BrowserContext;
  let sessionId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    tab = await startTabServer({ mode: 'local' });
    sessionId = await heldSession(tab);
    chromium = await launchChromium('tab-record-', { viewport: DESKTOP, bypassCSP: true });
    browser = chromium.context;
    await browser.route('**/*', (route) =>
      route.request().url().startsWith(tab.url) ? route.continue() : route.abort(),
    );
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await tab?.close();
  });

  async function open(as: string): Promise<Page> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${tab.url}/tab/?as=${as}#record/${encodeURIComponent(sessionId)}`);
    await page.waitForSelector('body[data-ready="record"]', { timeout: 20_000 });
    expect(errors).toEqual([]);
    return page;
  }

  /** axe-core: no violations of any impact. */
  async function axe(page: Page, label: string): Promise<void> {
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const w = window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }>;
        };
      };
      const r = await w.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        targets: v.nodes.slice(0, 3).map((n) => String((n as { target: unknown }).target)),
      }));
    });
    expect({ label, violations }).toEqual({ label, violations: [] });
  }

  /** Every form control has a label the accessibility tree uses. */
  async function everyInputLabelled(page: Page): Promise<void> {
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll('main input, main select, main textarea'))
        .filter((el) => (el as HTMLInputElement).labels?.length === 0)
        .map((el) => el.id || el.outerHTML.slice(0, 60)),
    );
    expect(unlabelled).toEqual([]);
  }

  test('the supervisor writes the record with the keyboard: draft, refused finish, finish', async () => {
    const page = await open('tl-hadley');
    expect(await page.locator('#record-title').innerText()).toContain('Jess Morgan');
    await everyInputLabelled(page);
    await axe(page, 'record/desktop');
    await page.screenshot({
      path: path.join(ARTIFACTS, 'record-form-desktop.png'),
      fullPage: true,
    });

    const v = (await (await call(tab, 'tl-hadley', `record-form/${sessionId}`)).json()) as {
      openCases: Array<{ caseId: string }>;
      template: { sections: Array<{ id: string; required: boolean }> };
    };
    const caseId = v.openCases[0]!.caseId;
    const firstSection = v.template.sections[0]!.id;

    // Keyboard only: focus the first section, type, Tab on to the case tick, Space ticks it.
    await page.focus(`#sec-${firstSection}`);
    await page.keyboard.type('Talked about workload and the move to the new hub.');
    const tick = page.getByLabel(new RegExp(`^Case ${caseId} discussed`));
    await tick.focus();
    await page.keyboard.press('Space');
    expect(await tick.isChecked()).toBe(true);
    expect(await tick.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Tab');
    await page.keyboard.type('What are we worried about? Attendance.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Step down in January.');
    // The newly shown entry is labelled too, and axe still finds nothing.
    await everyInputLabelled(page);
    await axe(page, 'record/desktop, case open');

    // Save draft: Enter on the focused button.
    await page.locator('#save-draft').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('status')?.className.includes('good'));
    expect(await page.locator('#status').innerText()).toContain('Draft saved');
    const draft = await tab.harness.schedule.getRecord(sessionId);
    expect(draft?.value).toMatchObject({
      status: 'draft',
      sections: { [firstSection]: 'Talked about workload and the move to the new hub.' },
      cases: [
        {
          caseId,
          discussion: 'What are we worried about? Attendance.',
          decision: 'Step down in January.',
        },
      ],
    });
    // Saving set the discussed case's lastDiscussedAt to the session's date (the demo's
    // `past` one-to-one is on Mon 23 Nov 2026), so the case stops being raised as due.
    const c = await tab.harness.schedule.getCase(caseId);
    expect(c?.value.lastDiscussedAt).toBe('2026-11-23');
    await page.waitForSelector('body[data-ready="record"]');

    // Finish with a required section blank: refused, and everything typed is still there.
    const required = v.template.sections.filter((s) => s.required && s.id !== firstSection);
    if (required.length > 0) {
      await page.fill(`#sec-${firstSection}`, 'Talked about workload, edited.');
      await page.locator('#finish-record').click();
      await page.waitForFunction(() =>
        document.getElementById('status')?.className.includes('warning'),
      );
      expect(await page.inputValue(`#sec-${firstSection}`)).toBe('Talked about workload, edited.');
      expect((await tab.harness.schedule.getRecord(sessionId))?.value.status).toBe('draft');
    }
    for (const s of v.template.sections)
      if (!(await page.inputValue(`#sec-${s.id}`)))
        await page.fill(`#sec-${s.id}`, `Notes for ${s.id}.`);
    const sent = tab.delivered.length;
    await page.locator('#finish-record').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      document.getElementById('status')?.textContent?.includes('Record finished'),
    );
    expect((await tab.harness.schedule.getRecord(sessionId))?.value.status).toBe('final');
    // Both parties are asked to sign, through the same delivery as the card.
    expect(
      tab.delivered
        .slice(sent)
        .map((m) => m.recipientId)
        .sort(),
    ).toEqual(['fsw-hadley-1', 'tl-hadley']);

    await page.setViewportSize(PHONE);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll).toBeLessThanOrEqual(PHONE.width);
    await axe(page, 'record/phone');
    await page.screenshot({ path: path.join(ARTIFACTS, 'record-form-phone.png'), fullPage: true });
    await page.close();
  });

  test('the supervisee reads the record (no form) and the page passes axe', async () => {
    const page = await open('fsw-hadley-1');
    expect(await page.locator('#record-form').count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain('Status:');
    await axe(page, 'record/supervisee');
    await page.close();
  });

  test('someone outside the line chain sees the refusal, not the record', async () => {
    const page = await browser.newPage();
    await page.goto(`${tab.url}/tab/?as=tl-wrekin#record/${encodeURIComponent(sessionId)}`);
    await page.waitForSelector('body[data-ready="error"]', { timeout: 20_000 });
    expect(await page.locator('main').innerText()).toContain(
      'Only the supervisor, the supervisee and their line managers',
    );
    await page.close();
  });
});
