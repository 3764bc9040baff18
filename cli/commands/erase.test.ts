/**
 * `supervision-bot erase --staff <id>` on the embedded store (SQLite file) holding the demo
 * organisation imported by the real `import` command, plus the state the bot keeps about a
 * person (conversation reference, sent-message ledger, signature audit).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../ports/clock';
import { KvSchedule } from '../../store/kv-schedule';
import { SIGNATURES_NAMESPACE } from '../../store/schedule-docs';
import { SqliteKv } from '../../store/sqlite-kv';
import { DEMO_ORG_DIR } from '../../demo/demo-org';
import { runCli } from '../main';

const WHO = 'fsw-hadley-1';

describe('supervision-bot erase', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'erase-'));
    env = { STATE_STORE: 'sqlite', SQLITE_PATH: join(dir, 'store.sqlite') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(argv: string[]) {
    let out = '';
    let err = '';
    const code = await runCli(argv, {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      clock: new ManualClock('2026-11-24T09:00:00Z'),
      env,
      cwd: dir,
    });
    return { code, out, err };
  }

  it('erases one person: their rows and what the bot kept about them, nothing of anyone else', async () => {
    expect((await cli(['import', '--from', DEMO_ORG_DIR, '--to', 'embedded'])).code).toBe(0);
    let kv = new SqliteKv(env.SQLITE_PATH!);
    await kv.upsert('conv.refs', WHO, { conversation: { id: 'a:1' }, serviceUrl: 'x' });
    await kv.upsert('conv.refs', 'tl-hadley', { conversation: { id: 'a:2' }, serviceUrl: 'x' });
    await kv.upsert('ledger', `signature-overdue|s-9|${WHO}`, { state: 'sent' });
    await kv.upsert('ledger', 'k-other', { state: 'sent', recipientId: 'tl-hadley' });
    await kv.upsert('ledger', 'k-theirs', { state: 'sent', recipientId: WHO });
    await kv.upsert(SIGNATURES_NAMESPACE, 's-9|1', { signerId: WHO, sessionId: 's-9' });
    const before = (await new KvSchedule(kv).load()).snapshot;
    await kv.close();
    const theirSessions = before.sessions.filter((s) => s.superviseeId === WHO).length;
    expect(theirSessions).toBeGreaterThan(0);

    const dry = await cli(['erase', '--staff', WHO, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/entr\(ies\) would be deleted/);
    expect(dry.out).toContain('Dry run: nothing was changed.');
    kv = new SqliteKv(env.SQLITE_PATH!);
    expect((await new KvSchedule(kv).load()).snapshot.staff.some((s) => s.id === WHO)).toBe(true);
    await kv.close();

    const real = await cli(['erase', '--staff', WHO]);
    expect(real.code).toBe(0);
    expect(real.out).toMatch(/org\.staff: 1/);
    expect(real.out).toMatch(new RegExp(`org\\.sessions: ${theirSessions} `));
    expect(real.out).toMatch(/1 signature audit entr\(ies\) kept/);

    kv = new SqliteKv(env.SQLITE_PATH!);
    const after = (await new KvSchedule(kv).load()).snapshot;
    expect(after.staff.some((s) => s.id === WHO)).toBe(false);
    expect(after.staff).toHaveLength(before.staff.length - 1);
    expect(after.sessions.some((s) => s.superviseeId === WHO)).toBe(false);
    expect(after.sessions).toHaveLength(before.sessions.length - theirSessions);
    expect(after.absences.some((a) => a.staffId === WHO)).toBe(false);
    expect(after.actions.some((a) => a.ownerId === WHO)).toBe(false);
    expect(after.agreements.some((a) => a.superviseeId === WHO)).toBe(false);
    expect(await kv.get('conv.refs', WHO)).toBeNull();
    expect(await kv.get('conv.refs', 'tl-hadley')).not.toBeNull();
    expect(await kv.get('ledger', `signature-overdue|s-9|${WHO}`)).toBeNull();
    expect(await kv.get('ledger', 'k-theirs')).toBeNull();
    expect(await kv.get('ledger', 'k-other')).not.toBeNull();
    expect(await kv.get(SIGNATURES_NAMESPACE, 's-9|1')).not.toBeNull();
    await kv.close();

    // Run again: nothing left but the audit entry; --include-audit removes it.
    const again = await cli(['erase', '--staff', WHO, '--include-audit']);
    expect(again.err).toMatch(/No staff row for fsw-hadley-1/);
    expect(again.out).toMatch(/audit\.signatures: 1/);
    kv = new SqliteKv(env.SQLITE_PATH!);
    expect(await kv.get(SIGNATURES_NAMESPACE, 's-9|1')).toBeNull();
    await kv.close();
  });

  it('reports other people’s records that name the person, and needs --staff', async () => {
    const r = await cli(['erase', '--staff', 'tl-hadley', '--dry-run']);
    expect(r.out).toMatch(/record\(s\) of other people still name tl-hadley/);
    expect(r.out).toMatch(/org\.sessions: \d+ — .*\(supervisorId\)/);
    expect((await cli(['erase'])).code).toBe(2);
  });
});
