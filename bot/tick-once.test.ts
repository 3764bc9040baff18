/**
 * `supervision-bot tick` as a one-shot job (issue 16): a real tick with the bot's own
 * configuration, behind the same tick lease as the running bots, refusing to send where
 * SEND_ENABLED is not true. In-process, then through the CLI (which runs the compiled job).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../cli/main';
import { tickOnceEntry } from '../cli/commands/tick-real';
import { ManualClock } from '../ports/clock';
import { RecordingLogger } from '../ports/logger';
import { LEASE_KEY, LEASE_NS } from '../scheduler/tick-lease';
import { SqliteKv } from '../store/sqlite-kv';
import { tickOnce } from './tick-once';

// A Tuesday morning in working hours, on the demo organisation's anchor week.
const clock = () => new ManualClock('2026-11-24T10:00:00Z');
const fast = { queueOptions: { baseBackoffMs: 5, maxBackoffMs: 10, maxAttempts: 1 } };

describe('tick as a one-shot job', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'tick-once-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const env = (extra: Record<string, string> = {}) => ({
    LOCAL_MODE: 'true',
    DEMO: 'true',
    STATE_STORE: 'sqlite',
    SQLITE_PATH: path.join(dir, `s-${Math.random().toString(36).slice(2)}.sqlite`),
    ...extra,
  });

  it('runs one real tick and releases the lease', async () => {
    const e = env();
    const r = await tickOnce(e, { clock: clock(), logger: new RecordingLogger(), ...fast });
    expect(r.code).toBe(0);
    expect(r.line).toMatch(/^Ticked at 2026-11-24T10:00:00.000Z: \d+ finding/);
    expect(r.report?.dryRun).toBe(false);
    expect(r.report!.findings).toBeGreaterThan(0);
    const kv = new SqliteKv(e.SQLITE_PATH);
    expect(await kv.get(LEASE_NS, LEASE_KEY)).toBeNull(); // released for the bots
    await kv.close();
  });

  it('does nothing while a live instance holds the tick lease', async () => {
    const e = env();
    let kv = new SqliteKv(e.SQLITE_PATH);
    const c = clock();
    await kv.insert(LEASE_NS, LEASE_KEY, { owner: 'web-1', expiresAt: c.now().getTime() + 60_000 });
    await kv.close();
    const r = await tickOnce(e, { clock: c, logger: new RecordingLogger(), ...fast });
    expect(r).toMatchObject({ code: 0, report: null });
    expect(r.line).toMatch(/Another instance holds the tick lease/);
    kv = new SqliteKv(e.SQLITE_PATH);
    expect((await kv.get(LEASE_NS, LEASE_KEY))?.value).toMatchObject({ owner: 'web-1' });
    await kv.close();
  });

  it('refuses to send where SEND_ENABLED is not true, and names a bad setting', async () => {
    const off = await tickOnce(env({ SEND_ENABLED: 'false' }));
    expect(off).toMatchObject({ code: 2, report: null });
    expect(off.line).toMatch(/SEND_ENABLED is not true.*--dry-run/);
    const bad = await tickOnce({ ...env(), WORKING_HOURS: 'soon' });
    expect(bad.code).toBe(2);
    expect(bad.line).toMatch(/WORKING_HOURS/);
  });

  const compiled = tickOnceEntry();
  (compiled ? it : it.skip)('runs through `supervision-bot tick` (the compiled job)', async () => {
    const run = async (e: Record<string, string>, argv = ['tick']) => {
      let out = '';
      let err = '';
      const code = await runCli(argv, {
        stdout: (t) => (out += t),
        stderr: (t) => (err += t),
        env: e,
        cwd: dir,
      });
      return { code, out, err };
    };
    const off = await run({ ...env({ SEND_ENABLED: 'false' }), PATH: process.env.PATH ?? '' });
    expect(off.code).toBe(2);
    expect(off.out).toMatch(/SEND_ENABLED is not true/);
    const real = await run({ ...env({ LOG_LEVEL: 'error' }), PATH: process.env.PATH ?? '' });
    expect(real.err).toBe('');
    expect(real.code).toBe(0);
    expect(real.out).toMatch(/Ticked at .*finding/);
    const mixed = await run(env(), ['tick', '--profile', 'telford-sf']);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/--profile is for --dry-run/);
  });
});
