import { readFileSync } from 'node:fs';
import { graphConfigSchema } from '../sharepoint/config';
import { storeEnvShape } from '../store/config';
import { tabEnvSchema } from '../tab/config';
import { ConfigError, CORE_VARIABLES, loadConfig, redactedSummary } from './config';

const SECRET = 'very-secret-password-value';
/** An authenticated bot registration (not local mode). */
const APP = {
  MicrosoftAppId: 'app',
  MicrosoftAppPassword: 'pw',
  MicrosoftAppTenantId: 't',
  SQLITE_PATH: '/var/lib/supervision-bot/state.sqlite',
};
/** Explicit local mode: no authentication, for a developer's machine. */
const LOCAL = { LOCAL_MODE: 'true' };
const GRAPH = {
  DATA_SOURCE: 'sharepoint',
  SHAREPOINT_SITE: 'https://contoso.sharepoint.com/sites/x',
  GRAPH_TENANT_ID: '11111111-1111-1111-1111-111111111111',
  GRAPH_CLIENT_ID: '22222222-2222-2222-2222-222222222222',
  GRAPH_CLIENT_SECRET: 'x',
};

describe('loadConfig', () => {
  it('in local mode (asked for) listens on 127.0.0.1:3978, embedded, telford-sf', () => {
    const c = loadConfig(LOCAL);
    expect(c.auth).toEqual({ mode: 'local' });
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(3978);
    expect(c.profile).toBe('telford-sf');
    expect(c.dataSource).toBe('embedded');
    expect(c.demo).toBe(false);
    expect(c.store.kind).toBe('sqlite');
    expect(c.workingHours).toEqual({ from: '08:30', to: '17:30' });
    expect(c.sendRatePerSecond).toBe(50);
  });

  it("takes this instance's share of the tenant send limit, within Teams' 50 a second", () => {
    expect(loadConfig({ ...LOCAL, SEND_RATE_PER_SECOND: '25' }).sendRatePerSecond).toBe(25);
    expect(() => loadConfig({ ...LOCAL, SEND_RATE_PER_SECOND: '80' })).toThrow(
      /SEND_RATE_PER_SECOND/,
    );
    expect(() => loadConfig({ ...LOCAL, SEND_RATE_PER_SECOND: '0' })).toThrow(
      /SEND_RATE_PER_SECOND/,
    );
  });

  it('parses a single-tenant registration and listens on all interfaces', () => {
    const c = loadConfig({
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: SECRET,
      MicrosoftAppTenantId: 'tenant',
      STATE_STORE: 'azure-table',
      AZURE_TABLES_ACCOUNT_URL: 'https://acct.table.core.windows.net',
      ADMIN_IDS: 'a, b ,,c',
      PUBLIC_BASE_URL: 'https://bot.example.org/',
    });
    expect(c.auth).toEqual({
      mode: 'SingleTenant',
      appId: 'app',
      password: SECRET,
      tenantId: 'tenant',
    });
    expect(c.host).toBe('0.0.0.0');
    expect(c.adminIds).toEqual(['a', 'b', 'c']);
    expect(c.publicBaseUrl).toBe('https://bot.example.org');
  });

  it('supports a user-assigned managed identity (no password)', () => {
    const c = loadConfig({
      MicrosoftAppId: 'mi-client',
      MicrosoftAppTenantId: 't',
      MicrosoftAppType: 'UserAssignedMSI',
      SQLITE_PATH: '/var/lib/supervision-bot/state.sqlite',
    });
    expect(c.auth).toEqual({ mode: 'UserAssignedMSI', appId: 'mi-client', tenantId: 't' });
  });

  it("never takes a managed identity's client id for the tab's SSO app (it cannot expose an API)", () => {
    const msi = {
      MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
      MicrosoftAppTenantId: '66666666-7777-4888-9999-000000000000',
      MicrosoftAppType: 'UserAssignedMSI',
      SQLITE_PATH: '/var/lib/supervision-bot/state.sqlite',
      PUBLIC_BASE_URL: 'https://sb-app.azurewebsites.net',
    };
    expect(loadConfig(msi).tab).toEqual({ mode: 'off' });
    const reg = 'api://sb-app.azurewebsites.net/abababab-0000-4000-8000-000000000001';
    expect(loadConfig({ ...msi, TAB_APP_ID_URI: reg }).tab).toMatchObject({
      mode: 'sso',
      appId: 'abababab-0000-4000-8000-000000000001',
    });
    // A single-tenant bot's own registration can: that stays the default.
    expect(
      loadConfig({ ...msi, MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'pw' }).tab,
    ).toMatchObject({ mode: 'sso', appId: msi.MicrosoftAppId });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PROFILE: 'nowhere' }, 'PROFILE'],
    [{ DATA_SOURCE: 'excel' }, 'DATA_SOURCE'],
    [{ WORKING_HOURS: '18:00-08:00' }, 'WORKING_HOURS'],
    [{ MicrosoftAppId: 'app' }, 'MicrosoftAppTenantId'],
    [{ MicrosoftAppId: 'app', MicrosoftAppTenantId: 't' }, 'MicrosoftAppPassword'],
    [
      {
        MicrosoftAppId: 'a',
        MicrosoftAppTenantId: 't',
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppPassword: 'x',
      },
      'MicrosoftAppPassword',
    ],
    [{ MicrosoftAppType: 'MultiTenant' }, 'MicrosoftAppType'],
    [{ ...LOCAL, HOST: '0.0.0.0' }, 'HOST'],
    [{ ...LOCAL, ...APP }, 'LOCAL_MODE'],
    [{ LOCAL_MODE: 'maybe' }, 'LOCAL_MODE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DEMO: 'maybe' }, 'DEMO'],
    [{ PUBLIC_BASE_URL: 'not a url' }, 'PUBLIC_BASE_URL'],
    [{ ...LOCAL, STATE_STORE: 'azure-table' }, 'AZURE_TABLES_ACCOUNT_URL'],
    [{ DATA_SOURCE: 'sharepoint', ...APP }, 'GRAPH_TENANT_ID'],
    [
      {
        ...APP,
        DATA_SOURCE: 'sharepoint',
        DEMO: 'true',
        GRAPH_TENANT_ID: 't',
        GRAPH_CLIENT_ID: 'c',
        GRAPH_CLIENT_SECRET: 's',
        SHAREPOINT_SITE: 'x',
      },
      'DEMO',
    ],
  ])('fails fast naming the variable: %j', (env, variable) => {
    let caught: unknown;
    try {
      loadConfig(env as Record<string, string>);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as Error).message).toContain(variable);
  });

  describe('without an app id the bot runs only in explicit local mode (issue 15)', () => {
    it.each<[string, Record<string, string>]>([
      ['NODE_ENV=Production', { NODE_ENV: 'Production' }],
      ['NODE_ENV=prod', { NODE_ENV: 'prod' }],
      ['NODE_ENV unset', {}],
      ['NODE_ENV=development', { NODE_ENV: 'development' }],
      ['LOCAL_MODE=false', { LOCAL_MODE: 'false' }],
      ['a blank app id', { MicrosoftAppId: ' ', NODE_ENV: 'test' }],
      ['DEMO data', { DEMO: 'true' }],
    ])('refuses to start with %s and no LOCAL_MODE, naming both variables', (_label, env) => {
      let caught: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).variable).toBe('MicrosoftAppId');
      expect((caught as Error).message).toMatch(/MicrosoftAppId: is not set/);
      expect((caught as Error).message).toMatch(/LOCAL_MODE=true/);
    });
  });

  describe('local mode (LOCAL_MODE=true) is for development on demo data only', () => {
    it.each<[string, Record<string, string>, RegExp]>([
      ['real data', { ...LOCAL, ...GRAPH }, /DATA_SOURCE=sharepoint/],
      ['production', { ...LOCAL, NODE_ENV: 'production' }, /NODE_ENV=production/],
      ['Production', { ...LOCAL, NODE_ENV: 'Production' }, /NODE_ENV=Production/],
      ['prod', { ...LOCAL, NODE_ENV: 'prod' }, /NODE_ENV=prod/],
      [
        'production on real data',
        { ...LOCAL, ...GRAPH, NODE_ENV: 'production' },
        /DATA_SOURCE|NODE_ENV/,
      ],
      ['a blank app id', { ...LOCAL, ...GRAPH, MicrosoftAppId: ' ' }, /DATA_SOURCE=sharepoint/],
    ])('refuses %s, naming the variables', (_label, env, other) => {
      let caught: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).variable).toBe('MicrosoftAppId');
      expect((caught as Error).message).toMatch(/MicrosoftAppId/);
      expect((caught as Error).message).toMatch(other);
    });

    it('still runs locally on the embedded data, and authenticated anywhere', () => {
      expect(loadConfig({ ...LOCAL, NODE_ENV: 'development' }).auth.mode).toBe('local');
      expect(loadConfig({ ...LOCAL, NODE_ENV: 'test', DEMO: 'true' }).auth.mode).toBe('local');
      expect(loadConfig({ ...LOCAL }).auth.mode).toBe('local');
      const real = loadConfig({ ...APP, ...GRAPH, NODE_ENV: 'production' });
      expect(real.auth.mode).toBe('SingleTenant');
      expect(real.dataSource).toBe('sharepoint');
    });
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ ...LOCAL, PORT: '', MicrosoftAppId: '  ', PROFILE: '' }).profile).toBe(
      'telford-sf',
    );
  });

  it('never puts secrets in the redacted summary', () => {
    const c = loadConfig({
      MicrosoftAppId: 'app-id-123',
      MicrosoftAppPassword: SECRET,
      MicrosoftAppTenantId: 'tenant-id-456',
      STATE_STORE: 'azure-table',
      AZURE_TABLES_CONNECTION_STRING: `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${SECRET}`,
      DATA_SOURCE: 'sharepoint',
      GRAPH_TENANT_ID: 't',
      GRAPH_CLIENT_ID: 'c',
      GRAPH_CLIENT_SECRET: SECRET,
      SHAREPOINT_SITE: 'contoso.sharepoint.com:/sites/supervision',
    });
    const text = JSON.stringify(redactedSummary(c));
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('app-id-123');
    expect(redactedSummary(c)).toMatchObject({
      authMode: 'SingleTenant',
      credential: 'client-secret',
      stateStore: 'azure-table',
    });
  });
});

describe('production safety (issue 16)', () => {
  const appOnly: Record<string, string> = { ...APP };
  delete appOnly.SQLITE_PATH;
  it('refuses the default SQLite path outside local mode, naming SQLITE_PATH', () => {
    expect(() => loadConfig(appOnly)).toThrow(/SQLITE_PATH: must be set explicitly/);
    expect(loadConfig(APP).store).toMatchObject({ kind: 'sqlite', path: APP.SQLITE_PATH });
    expect(loadConfig({ ...LOCAL }).store.kind).toBe('sqlite');
  });

  it('refuses the embedded store in production unless SQLITE_PATH names a file on local disk', () => {
    const ms = { ...appOnly, MicrosoftAppType: 'UserAssignedMSI' };
    delete (ms as Record<string, string>).MicrosoftAppPassword;
    // Production is NODE_ENV=production, or App Service (it sets WEBSITE_SITE_NAME).
    for (const prod of [{ NODE_ENV: 'production' }, { WEBSITE_SITE_NAME: 'sb-app' }]) {
      expect(() => loadConfig({ ...ms, ...prod })).toThrow(/SQLITE_PATH: must be set explicitly/);
      // A relative path lands in the app folder; :memory: forgets the ledger at each restart.
      for (const bad of ['data/state.sqlite', './x.sqlite', ':memory:']) {
        expect(() => loadConfig({ ...ms, ...prod, SQLITE_PATH: bad })).toThrow(
          /SQLITE_PATH: must be an absolute path/,
        );
      }
      expect(loadConfig({ ...ms, ...prod, SQLITE_PATH: '/var/lib/sb/state.sqlite' }).store).toEqual(
        expect.objectContaining({ kind: 'sqlite', path: '/var/lib/sb/state.sqlite' }),
      );
      // Azure Tables is what production uses: no path needed.
      expect(
        loadConfig({
          ...ms,
          ...prod,
          STATE_STORE: 'azure-table',
          AZURE_TABLES_ACCOUNT_URL: 'https://x.table.core.windows.net/',
        }).store.kind,
      ).toBe('azure-table');
    }
    // On App Service, /home is a network share (Azure Files): SQLite locking is unsafe there.
    for (const share of ['/home/data/state.sqlite', '/home/site/wwwroot/data/x.sqlite']) {
      expect(() => loadConfig({ ...ms, WEBSITE_SITE_NAME: 'sb-app', SQLITE_PATH: share })).toThrow(
        /SQLITE_PATH: .*network share/,
      );
    }
    // Local mode cannot run on App Service at all (it authenticates nobody).
    expect(() => loadConfig({ ...LOCAL, WEBSITE_SITE_NAME: 'sb-app' })).toThrow(/MicrosoftAppId/);
    // The README's first command (local mode, default path) still works.
    expect(loadConfig({ ...LOCAL }).store).toMatchObject({
      kind: 'sqlite',
      path: './data/supervision-bot.sqlite',
    });
  });

  it('sends only when SEND_ENABLED=true, except in local mode', () => {
    expect(loadConfig(APP).sendEnabled).toBe(false);
    expect(loadConfig({ ...APP, SEND_ENABLED: 'true' }).sendEnabled).toBe(true);
    expect(loadConfig(LOCAL).sendEnabled).toBe(true);
    expect(loadConfig({ ...LOCAL, SEND_ENABLED: 'false' }).sendEnabled).toBe(false);
    expect(() => loadConfig({ ...APP, SEND_ENABLED: 'perhaps' })).toThrow(/SEND_ENABLED/);
  });

  it('leases the tick for 2.5 intervals (at least 30 s) unless told', () => {
    expect(loadConfig(LOCAL).tickLeaseSeconds).toBe(150);
    expect(loadConfig({ ...LOCAL, TICK_SECONDS: '5' }).tickLeaseSeconds).toBe(30);
    expect(loadConfig({ ...LOCAL, TICK_LEASE_SECONDS: '90' }).tickLeaseSeconds).toBe(90);
  });
});

describe('.env.example', () => {
  it('lists every variable the configuration reads', () => {
    const text = readFileSync(`${__dirname}/../.env.example`, 'utf8');
    const listed = new Set([...text.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]));
    const graphKeys = Object.keys(
      (graphConfigSchema as unknown as { _def: { schema: { shape: object } } })._def.schema.shape,
    );
    expect(CORE_VARIABLES).toContain('MicrosoftAppId');
    for (const v of [
      ...CORE_VARIABLES,
      ...Object.keys(storeEnvShape),
      ...graphKeys,
      ...Object.keys(tabEnvSchema.shape),
      'TEAMS_APP_ID',
    ]) {
      expect(listed).toContain(v);
    }
  });
});
