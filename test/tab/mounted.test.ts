/**
 * The tab as the composition root mounts it on the bot's own server (bot/main.ts buildApp),
 * configured by loadConfig: the page, the Teams JS bundle from node_modules, and the API in
 * local mode over the seeded demo; and the configuration that keeps X-Dev-User off real
 * deployments.
 */
import { buildApp, type App } from '../../bot/main';
import { loadConfig } from '../../config/config';
import { ManualClock } from '../../ports/clock';
import { RecordingLogger } from '../../ports/logger';
import { SqliteKv } from '../../store/sqlite-kv';
import { getWithHost } from './raw-request';

let app: App;

beforeAll(async () => {
  const config = loadConfig({ PORT: '0', LOCAL_MODE: 'true', DEMO: 'true', TICK_SECONDS: '0' });
  expect(config.tab).toEqual({ mode: 'local' });
  app = await buildApp(config, {
    clock: new ManualClock('2026-11-24T10:00:00Z'),
    logger: new RecordingLogger(),
    kv: new SqliteKv(':memory:'),
    startScheduler: false,
  });
});
afterAll(async () => {
  await app?.close();
});

test('serves the page with its CSP, and the Teams JS SDK bundle from node_modules', async () => {
  const page = await fetch(`${app.server.url}/tab/`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(page.headers.get('content-security-policy')).toMatch(
    /frame-ancestors .*teams\.microsoft\.com/,
  );
  expect(await page.text()).toContain('vendor/teams-js.js');
  const sdk = await fetch(`${app.server.url}/tab/vendor/teams-js.js`);
  expect(sdk.status).toBe(200);
  expect(await sdk.text()).toContain('registerOnThemeChangeHandler');
  expect((await fetch(`${app.server.url}/tab/../package.json`)).status).not.toBe(200);
});

test('the API answers on the bot server in local mode', async () => {
  const me = await fetch(`${app.server.url}/api/tab/me`, {
    headers: { 'X-Dev-User': 'fsw-hadley-1' },
  });
  expect(me.status).toBe(200);
  expect(((await me.json()) as { me: { id: string } }).me.id).toBe('fsw-hadley-1');
});

test('in local mode the bot server refuses a rebound Host before the tab sees it', async () => {
  for (const path of ['/api/tab/dev/people', '/api/tab/team.csv?manager=sm-1', '/tab/']) {
    const r = await getWithHost(`${app.server.url}${path}`, 'attacker.example:3978', {
      'X-Dev-User': 'sm-1',
    });
    expect(r.status).toBe(403);
    expect(r.body).not.toMatch(/hadley|Staff id/i);
  }
});

test('an authenticated bot without TAB_APP_ID_URI turns the tab off; with it, SSO', () => {
  const base = {
    PORT: '0',
    MicrosoftAppId: 'bot-app',
    MicrosoftAppPassword: 'pw',
    SQLITE_PATH: '/var/lib/supervision-bot/state.sqlite',
    MicrosoftAppTenantId: '11111111-2222-3333-4444-555555555555',
  };
  expect(loadConfig(base).tab).toEqual({ mode: 'off' });
  const sso = loadConfig({
    ...base,
    TAB_APP_ID_URI: 'api://bot.example.org/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  }).tab;
  expect(sso).toMatchObject({ mode: 'sso', tenantId: base.MicrosoftAppTenantId });
  expect(() => loadConfig({ ...base, TAB_JWKS_URL: 'nope' })).toThrow(/TAB_JWKS_URL/);
  // Unset, with a public address and a GUID app id: the manifest's default resource.
  const app = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
  expect(
    loadConfig({ ...base, MicrosoftAppId: app, PUBLIC_BASE_URL: 'https://bot.example.org' }).tab,
  ).toMatchObject({ mode: 'sso', appIdUri: `api://bot.example.org/${app}` });
});
