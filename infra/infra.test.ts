/**
 * What can be checked offline about the deployment files (no Azure, no Docker here): the
 * Dockerfile runs the repo's own scripts and copies files that exist; the Bicep template sets
 * only variables the app reads, starts the app the way package.json does, and declares every
 * parameter docs/deploy.md's `az deployment group create` line passes.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');
const read = (f: string) => readFileSync(path.join(root, f), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>;
  engines: { node: string };
};
const envExample = new Set(
  [...read('.env.example').matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]!),
);

describe('Dockerfile', () => {
  const docker = read('Dockerfile');
  const lines = docker.split('\n').filter((l) => !l.trim().startsWith('#'));

  it('starts the bot exactly as `npm start` does', () => {
    const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(lines.join('\n'));
    expect(cmd).not.toBeNull();
    expect((JSON.parse(cmd![1]!) as string[]).join(' ')).toBe(pkg.scripts.start);
  });

  it('runs only scripts package.json has, on a Node the engines field and CI accept', () => {
    for (const m of docker.matchAll(/npm run ([\w:-]+)/g))
      expect(pkg.scripts).toHaveProperty(m[1]!);
    const majors = [...docker.matchAll(/^FROM node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(majors.length).toBeGreaterThan(0);
    const min = Number(/>=\s*(\d+)/.exec(pkg.engines.node)![1]);
    for (const major of majors) {
      expect(major).toBeGreaterThanOrEqual(min);
      expect([22, 24]).toContain(major);
    }
  });

  it('copies files that exist (or that the build makes), and never a .env', () => {
    const outDir = 'dist';
    for (const m of docker.matchAll(/^COPY (?:--from=build )?(\S+(?: \S+)*) \S+$/gm)) {
      for (const src of m[1]!.split(' ').map((s) => s.replace(/^\/app\//, ''))) {
        if (src === '.' || src === outDir) continue;
        expect({ src, exists: existsSync(path.join(root, src)) }).toEqual({ src, exists: true });
      }
    }
    expect(read('.dockerignore').split('\n')).toEqual(
      expect.arrayContaining(['.env', 'node_modules']),
    );
    expect(docker).toMatch(/^EXPOSE 3978$/m);
  });
});

describe('infra/main.bicep', () => {
  const bicep = read('infra/main.bicep');
  const params = new Set([...bicep.matchAll(/^param (\w+) /gm)].map((m) => m[1]!));
  const settings = [...bicep.matchAll(/\{ name: '([A-Za-z_][\w]*)', value: /g)].map((m) => m[1]!);

  it('creates the resources docs/deploy.md describes', () => {
    for (const type of [
      'Microsoft.ManagedIdentity/userAssignedIdentities',
      'Microsoft.Storage/storageAccounts',
      'Microsoft.Storage/storageAccounts/tableServices/tables',
      'Microsoft.Authorization/roleAssignments',
      'Microsoft.Insights/components',
      'Microsoft.Web/serverfarms',
      'Microsoft.Web/sites',
      'Microsoft.BotService/botServices',
      'Microsoft.BotService/botServices/channels',
    ]) {
      expect(bicep).toContain(`'${type}@`);
    }
    expect(bicep).toMatch(/msaAppType: 'UserAssignedMSI'/);
    expect(bicep).toMatch(/allowSharedKeyAccess: false/); // managed identity only: no keys
  });

  it('sets only variables the app (or App Service) reads, for a managed-identity deployment', () => {
    const platform = new Set([
      'SCM_DO_BUILD_DURING_DEPLOYMENT',
      'ApplicationInsightsAgent_EXTENSION_VERSION',
    ]);
    expect(settings.length).toBeGreaterThan(10);
    for (const s of settings) {
      expect({ s, known: envExample.has(s) || platform.has(s) }).toEqual({ s, known: true });
    }
    for (const s of ['MicrosoftAppId', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'STATE_STORE'])
      expect(settings).toContain(s);
    // No secret in the template: the identity is the credential.
    expect(settings).not.toContain('MicrosoftAppPassword');
    expect(settings).not.toContain('AZURE_TABLES_CONNECTION_STRING');
    expect(bicep).toMatch(/appCommandLine: '([^']+)'/);
    expect(/appCommandLine: '([^']+)'/.exec(bicep)![1]).toBe(pkg.scripts.start);
    expect(bicep).toMatch(/healthCheckPath: '\/healthz'/);
    expect(bicep).toMatch(/appSettingNames: \['SEND_ENABLED'\]/);
  });

  it('grants the identity the built-in Storage Table Data Contributor role by its real id', () => {
    // Built-in role ids are the same in every tenant (Azure RBAC, "Azure built-in roles for
    // Storage"); a wrong id fails the deployment with RoleDefinitionDoesNotExist.
    const role = /var tableDataContributor = '([0-9a-f-]+)'/.exec(bicep);
    expect(role?.[1]).toBe('0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3');
    expect(bicep).toMatch(
      /roleDefinitionId: subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions', tableDataContributor\)/,
    );
    expect(bicep).toMatch(/principalType: 'ServicePrincipal'/);
  });

  it('gives Graph the same managed identity, and the tab its own app registration', () => {
    const value = (name: string) =>
      new RegExp(`\\{ name: '${name}', value: ([^}]+) \\}`).exec(bicep)?.[1]?.trim();
    expect(value('GRAPH_MANAGED_IDENTITY_CLIENT_ID')).toBe('identity.properties.clientId');
    expect(value('SHAREPOINT_SITE')).toBe('sharePointSite');
    // A managed identity cannot expose an API: the tab's SSO resource is the app registration's.
    expect(value('TAB_APP_ID_URI')).toBe('tabAppIdUri');
    expect(settings).not.toContain('GRAPH_CLIENT_SECRET');
  });

  it('declares every parameter the documented deployment command passes', () => {
    const deploy = read('docs/deploy.md');
    const line = /az deployment group create[^\n]*(?:\\\n[^\n]*)*/.exec(deploy);
    expect(line).not.toBeNull();
    const passed = [...line![0].matchAll(/(?:^|\s)(\w+)=/g)].map((m) => m[1]!);
    expect(passed.length).toBeGreaterThan(0);
    for (const p of passed) expect({ p, declared: params.has(p) }).toEqual({ p, declared: true });
    // Parameters without a default must be passed.
    const required = [...bicep.matchAll(/^param (\w+) \w+\s*$/gm)].map((m) => m[1]!);
    for (const p of required) expect(passed).toContain(p);
  });
});
