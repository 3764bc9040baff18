import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { makeImportCommand } from '../cli/commands/import';
import { makeProvisionCommand } from '../cli/commands/provision';
import type { CliIo } from '../cli/command';
import { ManualClock } from '../ports/clock';
import { KvSchedule } from '../store/kv-schedule';
import { SqliteKv } from '../store/sqlite-kv';
import { startGraphServer, type GraphTestServer } from '../test/graph-server/server';

const STAFF = `id,name,email,role,caseHolding,employment,supervisorId,lineManagerId,team,startDate,leftDate
sm-1,Sam Manager,sm-1@example.org,service-manager,no,full-time,,,,2020-01-01,
tl-hadley,Tess Leader,tl@example.org,team-leader,no,full-time,sm-1,,Hadley Castle,2021-03-01,
fsw-hadley-1,Fran Worker,fsw@example.org,practitioner,yes,full-time,tl-hadley,,Hadley Castle,2022-05-01,
`;
const SESSIONS = `id,superviseeId,supervisorId,kind,scheduledStart,plannedMinutes,status,heldMinutes,cancelReason,rescheduledToId,recordCompletedAt,supervisorSignedAt,superviseeSignedAt
s-1,fsw-hadley-1,tl-hadley,one-to-one,2026-11-23T10:00,90,scheduled,,,,,,
s-2,fsw-hadley-1,tl-hadley,one-to-one,2026-10-20T10:00,90,held,95,,,2026-10-21,2026-10-21T12:00,
s-3,fsw-hadley-1,tl-hadley,one-to-one,not-a-date,90,scheduled,,,,,,
`;

function io(env: Record<string, string>, cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    clock: new ManualClock('2026-11-24T09:00:00Z'),
    env,
    cwd,
  };
  return { io: value, out, err };
}

describe('provision and import commands', () => {
  let server: GraphTestServer;
  let dir: string;
  let agent: Agent;
  beforeAll(async () => {
    server = await startGraphServer();
    server.state.addSite('contoso.sharepoint.com', '/sites/supervision');
    agent = new Agent({ connect: { ca: server.ca } });
    dir = mkdtempSync(join(tmpdir(), 'sp-cli-'));
    writeFileSync(join(dir, 'staff.csv'), STAFF);
    writeFileSync(join(dir, 'sessions.csv'), SESSIONS);
  });
  afterAll(async () => {
    await server.close();
    await agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  const env = () => ({
    GRAPH_TENANT_ID: 'contoso-tenant',
    GRAPH_CLIENT_ID: 'client-1',
    GRAPH_CLIENT_SECRET: 'secret',
    GRAPH_BASE_URL: server.graphBaseUrl,
    GRAPH_AUTHORITY_HOST: server.origin,
  });
  const deps = () => ({
    fetchOptions: { dispatcher: agent },
    trustedCa: server.ca,
    retry: { sleep: async () => undefined },
  });

  it('provisions, reports nothing to do on a re-run, and names missing configuration', async () => {
    const cmd = makeProvisionCommand(deps());
    const first = io(env(), dir);
    expect(
      await cmd.run({ site: 'https://contoso.sharepoint.com/sites/supervision' }, [], first.io),
    ).toBe(0);
    expect(first.out.join('')).toContain('list created: Supervision Sessions');
    const again = io(env(), dir);
    expect(await cmd.run({ site: 'contoso.sharepoint.com:/sites/supervision' }, [], again.io)).toBe(
      0,
    );
    expect(again.out.join('')).toBe('schema up to date: nothing to change\n');
    await expect(cmd.run({}, [], io({ GRAPH_TENANT_ID: 't' }, dir).io)).rejects.toThrow(
      /GRAPH_CLIENT_ID/,
    );
  });

  it('imports CSV into SharePoint (reporting the bad row) and into the embedded store', async () => {
    const cmd = makeImportCommand(deps());
    const dry = io(
      { ...env(), SHAREPOINT_SITE: 'https://contoso.sharepoint.com/sites/supervision' },
      dir,
    );
    expect(await cmd.run({ from: '.', to: 'sharepoint', 'dry-run': true }, [], dry.io)).toBe(0);
    expect(dry.out.join('')).toContain('sessions: 2 would be created');
    expect(dry.err.join('')).toMatch(/sessions\.csv row 4, column scheduledStart/);

    const real = io(
      { ...env(), SHAREPOINT_SITE: 'https://contoso.sharepoint.com/sites/supervision' },
      dir,
    );
    expect(await cmd.run({ from: dir, to: 'sharepoint' }, [], real.io)).toBe(0);
    expect(real.out.join('')).toContain('staff: 3 created');
    const site = [...server.state.sites.values()][0]!;
    expect(
      [...site.lists.values()].find((l) => l.displayName === 'Supervision Sessions')!.items.size,
    ).toBe(2);

    const sqlite = join(dir, 'state.sqlite');
    const emb = io({ STATE_STORE: 'sqlite', SQLITE_PATH: sqlite }, dir);
    expect(await cmd.run({ from: dir, to: 'embedded' }, [], emb.io)).toBe(0);
    expect(emb.out.join('')).toContain('sessions: 2 created');
    const kv = new SqliteKv(sqlite);
    const stored = await new KvSchedule(kv).load();
    await kv.close();
    expect(stored.snapshot.sessions.map((s) => s.id).sort()).toEqual(['s-1', 's-2']);
    expect(stored.snapshot.staff).toHaveLength(3);
  });
});
