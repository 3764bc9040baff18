import { defaultJwksUrl, parseTabConfig } from './config';

const TENANT = '11111111-2222-3333-4444-555555555555';
const APP = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

describe('tab configuration', () => {
  test('no app id URI: local mode behind a local bot, off behind an authenticated one', () => {
    expect(parseTabConfig({}, true)).toEqual({ mode: 'local' });
    expect(parseTabConfig({ TAB_APP_ID_URI: '  ' }, false, TENANT)).toEqual({ mode: 'off' });
  });

  test('SSO: app id from the URI, tenant from the bot by default, default JWKS URL', () => {
    const c = parseTabConfig({ TAB_APP_ID_URI: `api://tab.example.org/${APP}` }, false, TENANT);
    expect(c).toEqual({
      mode: 'sso',
      tenantId: TENANT,
      appId: APP,
      appIdUri: `api://tab.example.org/${APP}`,
      jwksUrl: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`,
    });
    expect(defaultJwksUrl(TENANT)).toContain(TENANT);
  });

  test('explicit tenant and JWKS URL win', () => {
    const c = parseTabConfig(
      {
        TAB_APP_ID_URI: `api://${APP}`,
        TAB_TENANT_ID: TENANT,
        TAB_JWKS_URL: 'http://127.0.0.1:9/keys',
      },
      true,
    );
    expect(c).toMatchObject({ mode: 'sso', appId: APP, jwksUrl: 'http://127.0.0.1:9/keys' });
  });

  test('bad values name the variable', () => {
    expect(() => parseTabConfig({ TAB_APP_ID_URI: 'https://x/y' }, true)).toThrow(/TAB_APP_ID_URI/);
    expect(() => parseTabConfig({ TAB_APP_ID_URI: `api://h/${APP}` }, true)).toThrow(
      /TAB_TENANT_ID.*required/,
    );
    expect(() =>
      parseTabConfig({ TAB_APP_ID_URI: `api://h/${APP}`, TAB_TENANT_ID: 'contoso' }, true),
    ).toThrow(/TAB_TENANT_ID/);
    expect(() =>
      parseTabConfig(
        { TAB_APP_ID_URI: `api://h/${APP}`, TAB_TENANT_ID: TENANT, TAB_JWKS_URL: 'keys' },
        true,
      ),
    ).toThrow(/TAB_JWKS_URL/);
  });
});

describe('default resource', () => {
  test("unset TAB_APP_ID_URI: the manifest's default api://<public host>/<bot app id>", () => {
    const uri = `api://bot.example.org/${APP}`;
    expect(parseTabConfig({}, false, TENANT, uri)).toMatchObject({
      mode: 'sso',
      appId: APP,
      appIdUri: uri,
    });
    // Never in local mode, and never from an app id that is not an id.
    expect(parseTabConfig({}, true, undefined, uri)).toEqual({ mode: 'local' });
    expect(parseTabConfig({}, false, TENANT, 'api://bot.example.org/bot-app')).toEqual({
      mode: 'off',
    });
  });
});
