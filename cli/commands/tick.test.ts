import path from 'node:path';
import { ManualClock } from '../../ports/clock';
import { DEMO_ORG_DIR } from '../../demo/demo-org';
import { runCli } from '../main';

async function cli(argv: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    clock: new ManualClock('2026-11-24T12:00:00Z'),
    cwd: path.resolve(__dirname, '..', '..'),
    env,
  });
  return { code, out, err };
}

/** `tick --dry-run` over the demo organisation under telford-sf at `now`, plus `more`. */
const dryRunAt = (now: string, ...more: string[]) =>
  cli([
    'tick',
    '--data',
    DEMO_ORG_DIR,
    '--profile',
    'telford-sf',
    '--now',
    now,
    ...more,
    '--dry-run',
  ]);

describe('supervision-bot tick --dry-run', () => {
  it('prints what would be sent now on the demo organisation, and why', async () => {
    const r = await dryRunAt('2026-11-24T09:00:00Z');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('prep|ses-fsw-hadley-1-15|2026-11-26|supervisee -> fsw-hadley-1');
    expect(r.out).toContain('confirm-request|ses-fsw-hadley-1-14|2026-11-23 -> tl-hadley');
    expect(r.out).toMatch(/digest\|sm-1\|2026-11-24 -> sm-1\n\s+why: digest: \d+ open escalation/);
    // Names stay out of the explanation: ids only.
    expect(r.out).not.toContain('Jess Morgan');
  });

  it('at night nothing goes; everything waits for the working morning', async () => {
    const r = await dryRunAt('2026-11-24T22:00:00Z');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Nothing would be sent now.');
    expect(r.out).toContain('until Wed 25 Nov 2026, 08:30');
  });

  it('reads --now without an offset as London wall-clock time, whatever the machine zone', async () => {
    const r = await dryRunAt('2026-06-24T08:00', '--format', 'json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { at: string }).at).toBe('2026-06-24T07:00:00.000Z');
  });

  it('refuses to run without --dry-run or without a data source', async () => {
    expect((await cli(['tick', '--data', DEMO_ORG_DIR, '--profile', 'telford-sf'])).code).toBe(2);
    const none = await cli(['tick', '--profile', 'telford-sf', '--dry-run']);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/--data <folder> or --embedded/);
    expect((await dryRunAt('soon')).code).toBe(2);
  });
});

describe('tick --embedded after npm run dev (issue 17)', () => {
  it('npm run dev keeps the demo where --embedded looks by default', async () => {
    const { DEMO_SQLITE_PATH } = await import('../../bot/dev');
    const { DEFAULT_SQLITE_PATH } = await import('../../store/config');
    expect(DEMO_SQLITE_PATH).toBe(path.resolve(__dirname, '..', '..', DEFAULT_SQLITE_PATH));
  });

  it('sees the demo, on its demo clock, not a new empty database', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { SqliteKv } = await import('../../store/sqlite-kv');
    const { seedDemo, DEMO_ANCHOR } = await import('../../bot/demo-seed');
    const { keepDemoReading } = await import('../../bot/demo-clock');
    const { londonInstant } = await import('../../policy/calendar');
    const { silentLogger } = await import('../../ports/logger');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tick-demo-')), 'store.sqlite');
    const kv = new SqliteKv(file);
    const demoClock = new ManualClock(londonInstant(DEMO_ANCHOR, '09:30'));
    await seedDemo(kv, demoClock, silentLogger);
    await keepDemoReading(kv, demoClock, 60_000)();
    await kv.close();
    const r = await cli(['tick', '--embedded', '--profile', 'telford-sf', '--dry-run'], {
      SQLITE_PATH: file,
    });
    expect(r.code).toBe(0);
    expect(r.err).toContain("demo clock's last reading, Tue 24 Nov 2026, 09:30");
    expect(r.out).not.toMatch(/: 0 finding\(s\)/);
    expect(r.out).toContain('confirm-request|ses-fsw-hadley-1-14|2026-11-23 -> tl-hadley');
  });
});
