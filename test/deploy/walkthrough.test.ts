/**
 * Issue 16's "done when": an admin following docs/deploy.md from a `.env` reaches a running bot
 * that `supervision-bot doctor` calls healthy. Microsoft's cloud is played by the local stand-ins:
 * the Graph test server (SharePoint, trusting its certificate through NODE_EXTRA_CA_CERTS as a
 * host trusts a public CA), a managed-identity endpoint (what App Service provides through
 * IDENTITY_ENDPOINT and IDENTITY_HEADER) and Azurite (Azure Tables).
 *
 * The built app is started exactly as App Service starts it (`node dist/bot/main.js`, the
 * template's appCommandLine) and the CLI exactly as an admin runs it (`bin/supervision-bot.js`),
 * both as child processes of this Node: CI runs the suite on Node 24 too, so this walk is proven
 * there. Needs `dist/` (`npm run build`; `npm ci` builds it through `prepare`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAzurite, type AzuriteHandle } from '../azurite';
import { startGraphServer, type GraphTestServer } from '../graph-server/server';
import {
  startManagedIdentityServer,
  type ManagedIdentityServer,
} from '../managed-identity-server/server';

const repo = path.resolve(__dirname, '..', '..');
const SITE = 'https://contoso.sharepoint.com/sites/supervision';
const MI_CLIENT = '5c1e0a7d-1111-4222-8333-000000000001';
const TENANT = '66666666-7777-4888-9999-000000000000';
const TAB_APP = 'abababab-0000-4000-8000-000000000001';

jest.setTimeout(180_000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe(`deploying from .env, on Node ${process.versions.node}`, () => {
  let graph: GraphTestServer;
  let mi: ManagedIdentityServer;
  let azurite: AzuriteHandle;
  let dir: string;
  let bot: ChildProcess | undefined;
  let botOut = '';
  let hostEnv: Record<string, string>;
  let siteId: string;

  beforeAll(async () => {
    if (!existsSync(path.join(repo, 'dist', 'bot', 'main.js')))
      throw new Error('dist/ is missing: run `npm run build` first');
    graph = await startGraphServer();
    siteId = graph.state.addSite('contoso.sharepoint.com', '/sites/supervision').id;
    mi = await startManagedIdentityServer({
      identities: [MI_CLIENT],
      // Graph tokens are checked by the Graph server; other resources (the Bot Framework) get
      // an opaque token.
      issue: (clientId, resource) =>
        resource === graph.origin ? graph.issueToken(clientId) : `bf-${clientId}-${Date.now()}`,
    });
    azurite = await startAzurite();
    dir = mkdtempSync(path.join(tmpdir(), 'sb-deploy-'));
    const ca = path.join(dir, 'graph-ca.pem');
    writeFileSync(ca, graph.ca);
    // What the host gives the app, not the admin: App Service's identity endpoint and site name.
    hostEnv = {
      PATH: process.env.PATH ?? '',
      ...mi.env,
      WEBSITE_SITE_NAME: 'sbcouncil-app',
      NODE_EXTRA_CA_CERTS: ca,
    };
  });

  afterAll(async () => {
    if (bot && bot.exitCode === null) bot.kill('SIGKILL');
    await azurite?.stop();
    await mi?.close();
    await graph?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The CLI as a child process; asynchronous, since the stand-ins answer from this process. */
  const cli = (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [path.join(repo, 'bin', 'supervision-bot.js'), ...args],
        { cwd: dir, env: hostEnv, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.once('exit', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
    });

  it('provisions, starts, and doctor calls it healthy; then it stops cleanly', async () => {
    const port = await freePort();
    // docs/deploy.md section 1: the identity gets Sites.Selected, the site a fullcontrol grant
    // for provisioning, then write.
    graph.permissions.appRoles.set(MI_CLIENT, ['Sites.Selected']);
    graph.permissions.siteGrants.set(siteId, new Map([[MI_CLIENT, 'fullcontrol']]));
    // The admin's .env (docs/deploy.md; the template sets the same as app settings). The Graph
    // and connection-string lines are what differ from Azure: the stand-ins' addresses.
    writeFileSync(
      path.join(dir, '.env'),
      [
        'NODE_ENV=production',
        `PORT=${port}`,
        'HOST=127.0.0.1',
        'MicrosoftAppType=UserAssignedMSI',
        `MicrosoftAppId=${MI_CLIENT}`,
        `MicrosoftAppTenantId=${TENANT}`,
        `PUBLIC_BASE_URL=http://127.0.0.1:${port}`,
        'STATE_STORE=azure-table',
        `AZURE_TABLES_CONNECTION_STRING=${azurite.connectionString}`,
        'DATA_SOURCE=sharepoint',
        `GRAPH_MANAGED_IDENTITY_CLIENT_ID=${MI_CLIENT}`,
        `GRAPH_BASE_URL=${graph.graphBaseUrl}`,
        `SHAREPOINT_SITE=${SITE}`,
        `TAB_APP_ID_URI=api://sbcouncil-app.azurewebsites.net/${TAB_APP}`,
        'ORGANISATION_NAME=Example Council',
        'PRIVACY_CONTACT=dpo@example.gov.uk',
        'SEND_ENABLED=false',
        '',
      ].join('\n'),
    );

    const provision = await cli(['provision', '--site', SITE]);
    expect({ code: provision.status, err: provision.stderr, out: provision.stdout }).toMatchObject({
      code: 0,
      err: '',
    });
    graph.permissions.siteGrants.set(siteId, new Map([[MI_CLIENT, 'write']]));

    // App Service's start command (infra/main.bicep appCommandLine = npm start's).
    bot = spawn(process.execPath, [path.join(repo, 'dist', 'bot', 'main.js')], {
      cwd: dir,
      env: hostEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bot.stdout!.on('data', (d: Buffer) => (botOut += d.toString()));
    bot.stderr!.on('data', (d: Buffer) => (botOut += d.toString()));
    const exited = new Promise<number | null>((resolve) => bot!.once('exit', (c) => resolve(c)));
    const deadline = Date.now() + 60_000;
    while (!/"server.listening"/.test(botOut)) {
      if (bot.exitCode !== null || Date.now() > deadline)
        throw new Error(`the bot did not start:\n${botOut}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const doctor = await cli(['doctor']);
    const text = doctor.stdout;
    expect(text).toMatch(/OK +configuration: every variable parses \(UserAssignedMSI\)/);
    expect(text).toMatch(/OK +bot identity: managed identity .* gets a Bot Framework token/);
    expect(text).toMatch(/OK +SharePoint: site .* lists are reachable/);
    expect(text).toMatch(/OK +state store: Azure Table supervisionbot: write, read and delete/);
    expect(text).toMatch(/OK +bot endpoint: .*\/healthz says ready/);
    expect(text).toMatch(/OK +bot authentication: .*401/);
    expect(text).toMatch(/OK +tab sign-in: /);
    expect(text).toContain('All checks passed.');
    expect(doctor.status).toBe(0);

    // The running bot read Graph through the managed identity, and /healthz says so.
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<
      string,
      unknown
    >;
    expect(health).toMatchObject({ ok: true, store: 'ok', graph: 'ok' });
    expect(
      mi.requests.filter((r) => r.resource === graph.origin && r.status === 200).length,
    ).toBeGreaterThan(0);

    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Nothing secret in what the bot or doctor printed.
    for (const secret of [mi.env.IDENTITY_HEADER, 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6'])
      expect(botOut + text).not.toContain(secret);
  });
});
