/**
 * `supervision-bot doctor` against stand-ins for everything a deployment points at: the Graph
 * test server (Entra token endpoint + SharePoint), Azurite (Azure Tables) and the bot's own
 * HTTP server with an authenticated adapter. Then each thing broken in turn, as an admin would
 * break it, and what doctor says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import type { RunningServer } from '../../bot/server';
import { startAuthenticatedServer } from '../../bot/testing/authenticated-server';
import { ManualClock } from '../../ports/clock';
import { startAzurite, type AzuriteHandle } from '../../test/azurite';
import {
  REJECTED_SECRET,
  startGraphServer,
  type GraphTestServer,
} from '../../test/graph-server/server';
import type { CliIo } from '../command';
import { makeDoctorCommand } from './doctor';
import { makeProvisionCommand } from './provision';

const SITE = 'https://contoso.sharepoint.com/sites/supervision';
jest.setTimeout(120_000);

describe('supervision-bot doctor', () => {
  let graph: GraphTestServer;
  let azurite: AzuriteHandle;
  let agent: Agent;
  let bot: RunningServer;
  let dir: string;
  let healthy = true;

  beforeAll(async () => {
    graph = await startGraphServer();
    graph.state.addSite('contoso.sharepoint.com', '/sites/supervision');
    graph.state.addSite('contoso.sharepoint.com', '/sites/empty');
    agent = new Agent({ connect: { ca: graph.ca } });
    azurite = await startAzurite();
    dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    bot = await startAuthenticatedServer(async () =>
      healthy
        ? { ok: true, store: 'ok', lastTick: null }
        : { ok: false, store: 'unreachable', lastTick: null, reasons: ['store unreachable'] },
    );
    const provision = makeProvisionCommand(graphDeps());
    expect(await provision.run({ site: SITE }, [], io(graphEnv()).io)).toBe(0);
  });
  afterAll(async () => {
    await bot?.close();
    await azurite?.stop();
    await graph?.close();
    await agent?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const graphDeps = () => ({
    fetchOptions: { dispatcher: agent },
    trustedCa: graph.ca,
    retry: { sleep: async () => undefined, maxAttempts: 1 },
  });
  const graphEnv = () => ({
    GRAPH_TENANT_ID: 'contoso-tenant',
    GRAPH_CLIENT_ID: 'graph-app',
    GRAPH_CLIENT_SECRET: 'graph-secret',
    GRAPH_BASE_URL: graph.graphBaseUrl,
    GRAPH_AUTHORITY_HOST: graph.origin,
  });
  const goodEnv = (): Record<string, string> => ({
    MicrosoftAppId: 'bot-app',
    MicrosoftAppPassword: 'bot-secret',
    MicrosoftAppTenantId: 'contoso-tenant',
    DATA_SOURCE: 'sharepoint',
    ...graphEnv(),
    SHAREPOINT_SITE: SITE,
    STATE_STORE: 'azure-table',
    AZURE_TABLES_CONNECTION_STRING: azurite.connectionString,
    PUBLIC_BASE_URL: bot.url,
    TAB_APP_ID_URI: 'api://127.0.0.1/abababab-0000-4000-8000-000000000001',
    TAB_TENANT_ID: '66666666-7777-4888-9999-000000000000',
  });

  function io(env: Record<string, string>) {
    const out: string[] = [];
    const value: CliIo = {
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
      clock: new ManualClock('2026-11-24T09:00:00Z'),
      env,
      cwd: dir,
    };
    return { io: value, out };
  }

  async function doctor(env: Record<string, string>) {
    const cmd = makeDoctorCommand({
      graph: graphDeps(),
      botAuthorityHost: graph.origin,
      trustedCa: graph.ca,
    });
    const run = io(env);
    const code = await cmd.run({}, [], run.io);
    return { code, text: run.out.join('') };
  }

  it('calls a complete configuration healthy', async () => {
    const r = await doctor(goodEnv());
    expect(r.text).toMatch(/OK +bot identity: app registration bot-app gets a Bot Framework token/);
    expect(r.text).toMatch(/OK +SharePoint: site .* lists are reachable/);
    expect(r.text).toMatch(/OK +state store: Azure Table supervisionbot: write, read and delete/);
    expect(r.text).toMatch(/OK +bot endpoint: .*healthz says ready/);
    expect(r.text).toMatch(/OK +bot authentication: .*401/);
    expect(r.text).toMatch(
      /OK +tab sign-in: .*api:\/\/127\.0\.0\.1\/abababab-0000-4000-8000-000000000001/,
    );
    expect(r.text).toContain('All checks passed.');
    expect(r.code).toBe(0);
    // No secret, token or connection string in what it prints.
    for (const secret of [
      'bot-secret',
      'graph-secret',
      'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq',
    ])
      expect(r.text).not.toContain(secret);
  });

  it('says in plain words what is wrong when each part is broken', async () => {
    const wrongGraph = await doctor({ ...goodEnv(), GRAPH_CLIENT_SECRET: REJECTED_SECRET });
    expect(wrongGraph.code).toBe(1);
    expect(wrongGraph.text).toMatch(/PROBLEM SharePoint: Could not sign in .*GRAPH_CLIENT_ID/);

    const wrongBot = await doctor({ ...goodEnv(), MicrosoftAppPassword: REJECTED_SECRET });
    expect(wrongBot.text).toMatch(
      /PROBLEM bot identity: no Bot Framework token .*MicrosoftAppPassword/,
    );

    const unprovisioned = await doctor({
      ...goodEnv(),
      SHAREPOINT_SITE: 'https://contoso.sharepoint.com/sites/empty',
    });
    expect(unprovisioned.text).toMatch(/PROBLEM SharePoint: .*run supervision-bot provision/);

    // Schema drift: a column someone deleted from a list is named, with the fix.
    const site = graph.state.findSiteByPath('contoso.sharepoint.com', '/sites/supervision')!;
    const sessions = graph.state.findList(site, 'Supervision Sessions')!;
    const dropped = sessions.columns.find((c) => c.name === 'cancelReason')!;
    sessions.columns = sessions.columns.filter((c) => c !== dropped);
    const drift = await doctor(goodEnv());
    sessions.columns.push(dropped);
    expect(drift.code).toBe(1);
    expect(drift.text).toMatch(
      /PROBLEM SharePoint: schema drift: .*Supervision Sessions\.cancelReason.*run supervision-bot provision/,
    );

    const noStore = await doctor({
      ...goodEnv(),
      AZURE_TABLES_CONNECTION_STRING: azurite.connectionString.replace(`:${azurite.port}/`, ':9/'),
    });
    expect(noStore.text).toMatch(/PROBLEM state store: /);

    const nowhere = await doctor({ ...goodEnv(), PUBLIC_BASE_URL: 'http://127.0.0.1:9' });
    expect(nowhere.text).toMatch(
      /PROBLEM bot endpoint: cannot reach http:\/\/127\.0\.0\.1:9\/healthz/,
    );

    healthy = false;
    try {
      const sick = await doctor(goodEnv());
      expect(sick.text).toMatch(
        /PROBLEM bot endpoint: .*answers 503, not ready: store unreachable/,
      );
    } finally {
      healthy = true;
    }

    // A managed-identity bot has no registration of its own to sign the tab in with.
    const noTab = await doctor({ ...goodEnv(), TAB_APP_ID_URI: '' });
    expect(noTab.text).toMatch(/PROBLEM tab sign-in: TAB_APP_ID_URI is not set/);

    const bad = await doctor({ ...goodEnv(), WORKING_HOURS: 'whenever' });
    expect(bad.code).toBe(2);
    expect(bad.text).toMatch(/PROBLEM configuration: .*WORKING_HOURS/);
  });
});
