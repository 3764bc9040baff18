/**
 * The page's Teams path in headless Chromium: SSO mode, with the Teams client played by a
 * stand-in SDK served in place of the bundle (app.initialize, getContext with a theme,
 * registerOnThemeChangeHandler, authentication.getAuthToken handing out a token signed by the
 * local JWKS server). Proves the page sends `Authorization: Bearer`, never X-Dev-User, hides the
 * developer picker, and follows Teams' theme changes.
 */
import type { BrowserContext } from 'playwright-core';
import { describeWithBrowser, launchChromium, type Chromium } from '../chromium';
import { APP_ID, APP_ID_URI, TENANT, startJwksServer, type JwksServer } from './jwks-server';
import { startTabServer, type TabServer } from './tab-server';

const AT = '2026-11-24T09:30:00.000Z';
const NOW = Math.floor(new Date(AT).getTime() / 1000);
const describeBrowser = describeWithBrowser('the tab SSO browser test');

function fakeTeams(token: string): string {
  return `window.microsoftTeams = (function () {
    var themeHandler = null;
    window.__tokenRequests = 0;
    window.__setTheme = function (t) { if (themeHandler) themeHandler(t); };
    return {
      app: {
        initialize: function () { return Promise.resolve(); },
        getContext: function () { return Promise.resolve({ app: { theme: 'dark' }, user: { id: 'x' } }); },
        registerOnThemeChangeHandler: function (h) { themeHandler = h; },
      },
      authentication: {
        getAuthToken: function () { window.__tokenRequests++; return Promise.resolve(${JSON.stringify(token)}); },
      },
    };
  })();`;
}

describeBrowser('the tab page inside Teams (SSO)', () => {
  let jwks: JwksServer;
  let tab: TabServer;
  let chromium: Chromium | undefined;
  let browser: BrowserContext;

  beforeAll(async () => {
    jwks = await startJwksServer(() => NOW);
    tab = await startTabServer(
      { mode: 'sso', tenantId: TENANT, appId: APP_ID, appIdUri: APP_ID_URI, jwksUrl: jwks.url },
      AT,
    );
    chromium = await launchChromium('tab-sso-');
    browser = chromium.context;
    const token = await jwks.token({ oid: 'tl-hadley' });
    await browser.route('**/*', (route) => {
      const url = route.request().url();
      if (url === `${tab.url}/tab/vendor/teams-js.js`) {
        return route.fulfill({ contentType: 'text/javascript', body: fakeTeams(token) });
      }
      return url.startsWith(tab.url) ? route.continue() : route.abort();
    });
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await tab?.close();
    await jwks?.close();
  });

  test('signs in with the Teams token, shows my data, follows the theme', async () => {
    const page = await browser.newPage();
    const apiHeaders: Array<Record<string, string>> = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/tab/') && !r.url().endsWith('/mode')) apiHeaders.push(r.headers());
    });
    await page.goto(`${tab.url}/tab/#team`);
    await page.waitForSelector('body[data-ready="team"]', { timeout: 20_000 });
    expect(await page.locator('#dev-banner').isVisible()).toBe(false);
    expect(await page.locator('#title').innerText()).toContain('Helen Ashford');
    expect(await page.locator('#team-table tbody tr').count()).toBeGreaterThan(5);
    expect(apiHeaders.length).toBeGreaterThan(0);
    for (const h of apiHeaders) {
      expect(h.authorization).toMatch(/^Bearer ey/);
      expect(h['x-dev-user']).toBeUndefined();
    }
    // The theme from getContext, then a change pushed by Teams.
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    await page.evaluate(() =>
      (window as unknown as { __setTheme: (t: string) => void }).__setTheme('contrast'),
    );
    expect(await page.getAttribute('html', 'data-theme')).toBe('contrast');
    await page.evaluate(() =>
      (window as unknown as { __setTheme: (t: string) => void }).__setTheme('default'),
    );
    expect(await page.getAttribute('html', 'data-theme')).toBe('default');
    await page.close();
  });
});
