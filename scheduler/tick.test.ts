import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { londonInstant } from '../policy/calendar';
import { PROFILES } from '../policy/profiles';
import { ManualClock } from '../ports/clock';
import { SqliteKv } from '../store/sqlite-kv';
import { Ledger } from '../delivery/ledger';
import { runTick } from './tick';
import { RecordingNotifier } from './testing/fake-time';
import { fixedFindings, instance, StaticSource } from './testing/harness';
import { finding, oneToOne, smallOrg } from './testing/org';

const profile = PROFILES['telford-sf'];

/** An organisation with something of every kind due on Tue 24 Nov 2026. */
function busyOrg() {
  const org = smallOrg();
  org.sessions.push(
    oneToOne('s-prep', '2026-11-26', '10:00'), // prep due 24 Nov
    oneToOne('s-soon', '2026-12-01', '10:00'), // coming-up due 24 Nov
    oneToOne('s-past', '2026-11-23', '14:00'), // needs confirming
    oneToOne('s-rec', '2026-11-16', '10:00', {
      status: 'held',
      recordCompletedAt: '2026-11-18T12:00:00.000Z',
      supervisorSignedAt: '2026-11-18T12:00:00.000Z',
    }),
  );
  const findings = Array.from({ length: 10 }, (_, i) =>
    finding('record-overdue', `s-old-${i}`, '2026-11-18'),
  );
  return { org, findings };
}

describe('runTick', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sched-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('two instances sharing one store, ticking interleaved, send each notification once', async () => {
    const { org, findings } = busyOrg();
    const kvA = new SqliteKv(join(dir, 'state.db'));
    const kvB = new SqliteKv(join(dir, 'state.db'));
    const clock = new ManualClock(londonInstant('2026-11-24', '09:00'));
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const source = new StaticSource(org);
    const a = instance('A', kvA, clock, teams, source, profile, fixedFindings(findings));
    const b = instance('B', kvB, clock, teams, source, profile, fixedFindings(findings));
    for (let i = 0; i < 4; i++) {
      await Promise.all([runTick(a), runTick(b), runTick(b), runTick(a)]);
      clock.advance(15 * 60_000);
    }
    const keys = teams.delivered();
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(
      [
        'confirm-request|s-past|2026-11-23',
        'coming-up|s-soon|2026-12-01|supervisee',
        'coming-up|s-soon|2026-12-01|supervisor',
        'prep|s-prep|2026-11-26|supervisee',
        'prep|s-prep|2026-11-26|supervisor',
        'sign-request|s-rec|supervisee',
        'digest|sm-1|2026-11-24',
        // tl-1 has ten L0 reminders at once: one catch-up digest, never ten cards (issue 17).
        'digest|tl-1|2026-11-24',
      ].sort(),
    );
    // The ten L1 escalations were delivered inside the one digest, and the ledger says so.
    const ledger = new Ledger(kvA, { clock });
    const l1 = await ledger.get(`escalation|${findings[0]!.key}|L1`);
    expect(l1).toMatchObject({
      state: 'sent',
      recipientId: 'sm-1',
      outcome: 'digest:digest|sm-1|2026-11-24',
    });
    // So were the ten L0s, inside tl-1's.
    for (const f of findings)
      expect(await ledger.get(`escalation|${f.key}|L0`)).toMatchObject({
        state: 'sent',
        recipientId: 'tl-1',
        outcome: 'digest:digest|tl-1|2026-11-24',
      });
    await kvA.close();
    await kvB.close();
  });

  it('a crash between claim and send: sent once, after the lease', async () => {
    const { org } = busyOrg();
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock(londonInstant('2026-11-24', '09:00'));
    const teams = new RecordingNotifier(() => clock.now().getTime());
    // Instance A claimed prep|s-prep|2026-11-26|supervisee and died before sending.
    await new Ledger(kv, { clock }).claim('prep|s-prep|2026-11-26|supervisee', 'A', 10 * 60_000);
    const b = instance('B', kv, clock, teams, new StaticSource(org), profile, fixedFindings([]));
    const first = await runTick(b);
    expect(first.heldByOther).toBe(1);
    expect(teams.delivered()).not.toContain('prep|s-prep|2026-11-26|supervisee');
    clock.advance(10 * 60_000 + 1);
    await runTick(b);
    await runTick(b);
    expect(teams.delivered().filter((k) => k === 'prep|s-prep|2026-11-26|supervisee')).toHaveLength(
      1,
    );
  });

  it('a restart mid-tick repeats nothing and loses nothing', async () => {
    const { org, findings } = busyOrg();
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock(londonInstant('2026-11-24', '09:00'));
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const source = new StaticSource(org);
    const a = instance('A', kv, clock, teams, source, profile, fixedFindings(findings), {
      maxInFlight: 1,
      shouldStop: () => teams.sends.length >= 5,
    });
    const stopped = await runTick(a);
    expect(stopped.stopped).toBe(true);
    expect(teams.sends).toHaveLength(5);
    const restarted = instance('A2', kv, clock, teams, source, profile, fixedFindings(findings));
    const rest = await runTick(restarted);
    expect(rest.skippedAlreadySent).toBe(5);
    const keys = teams.delivered();
    expect(new Set(keys).size).toBe(keys.length);
    // 6 reminders + sm-1's digest + tl-1's catch-up digest (their ten L0s in one card).
    expect(keys).toHaveLength(8);
  });

  it('quiet hours: nothing at night or on a bank holiday; the next working morning it all goes', async () => {
    const org = smallOrg();
    org.sessions.push(oneToOne('s-x', '2026-12-29', '10:00')); // prep day Wed 23 Dec
    org.sessions.push(oneToOne('s-y', '2026-12-24', '16:30', { plannedMinutes: 60 })); // ends 17:30 Thu 24 Dec
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock('2026-12-23T06:00:00Z');
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const t = instance('A', kv, clock, teams, new StaticSource(org), profile, fixedFindings([]));
    const night = await runTick(t);
    expect(teams.sends).toHaveLength(0);
    expect(night.deferred).toContainEqual({
      key: 'prep|s-x|2026-12-29|supervisee',
      until: '2026-12-23T08:30:00.000Z',
    });
    clock.set('2026-12-23T08:30:00Z');
    await runTick(t);
    expect(teams.delivered().sort()).toEqual([
      'prep|s-x|2026-12-29|supervisee',
      'prep|s-x|2026-12-29|supervisor',
      'prep|s-y|2026-12-24|supervisee',
      'prep|s-y|2026-12-24|supervisor',
    ]);
    // s-y ends at 17:30 on Christmas Eve: outside hours; 25 and 28 are bank holidays.
    for (const at of ['2026-12-24T17:45:00Z', '2026-12-25T10:00:00Z', '2026-12-28T10:00:00Z']) {
      clock.set(at);
      const r = await runTick(t);
      expect(r.sent).toBe(0);
      expect(r.deferred).toContainEqual({
        key: 'confirm-request|s-y|2026-12-24',
        until: '2026-12-29T08:30:00.000Z',
      });
    }
    clock.set('2026-12-29T08:30:00Z');
    await runTick(t);
    expect(teams.delivered()).toContain('confirm-request|s-y|2026-12-24');
    expect(teams.sends.every((s) => new Date(s.at).toISOString() >= '2026-12-23T08:30')).toBe(true);
  });

  it('a digest marks only the escalations it shows; the rest lead the next working day', async () => {
    // 20 open escalations for sm-1; the card shows 15 in full (DIGEST_MAX_ITEMS).
    const findings = Array.from({ length: 20 }, (_, i) =>
      finding('record-overdue', `s-${String(i).padStart(2, '0')}`, '2026-11-18'),
    );
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock(londonInstant('2026-11-27', '09:00')); // Fri
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const deps = instance(
      'A',
      kv,
      clock,
      teams,
      new StaticSource(smallOrg()),
      profile,
      fixedFindings(findings),
    );
    const ledger = new Ledger(kv, { clock });
    const marked = async () =>
      (await ledger.list('escalation|'))
        .filter(({ key, entry }) => key.endsWith('|L1') && entry.state === 'sent')
        .map(({ key }) => key.split('|')[2]);
    /** The sessions of the items a digest shows in full, in card order. */
    const shownIn = (digest: string) => {
      const card = JSON.stringify(teams.sends.find((x) => x.message.key === digest)?.message.card);
      const keys = [...card.matchAll(/"findingKey":"record-overdue\|(s-\d+)"/g)].map((m) => m[1]);
      return [...new Set(keys)];
    };

    await runTick(deps);
    const friday = 'digest|sm-1|2026-11-27';
    // tl-1's twenty L0 reminders come as their own catch-up digest.
    expect(teams.delivered().filter((k) => k.startsWith('digest|'))).toEqual([
      friday,
      'digest|tl-1|2026-11-27',
    ]);
    const first = shownIn(friday);
    expect(first).toHaveLength(15);
    expect((await marked()).sort()).toEqual(first.sort());

    clock.set(londonInstant('2026-11-30', '09:00')); // Mon, the next working day
    await runTick(deps);
    const monday = shownIn('digest|sm-1|2026-11-30');
    const rest = findings.map((f) => f.key.split('|')[1]).filter((k) => !first.includes(k));
    expect(rest).toHaveLength(5);
    expect(monday.slice(0, 5)).toEqual(rest);
    expect(await marked()).toHaveLength(20);
  });

  it('dry run explains what it would send and claims nothing', async () => {
    const { org, findings } = busyOrg();
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock(londonInstant('2026-11-24', '09:00'));
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const t = instance(
      'A',
      kv,
      clock,
      teams,
      new StaticSource(org),
      profile,
      fixedFindings(findings),
      { dryRun: true },
    );
    const r = await runTick(t);
    expect(teams.sends).toHaveLength(0);
    expect(await kv.list('ledger')).toHaveLength(0);
    expect(r.wouldSend).toHaveLength(8);
    expect(r.wouldSend?.find((w) => w.key === 'digest|tl-1|2026-11-24')?.reason).toMatch(
      /10 open escalation\(s\) \(catching up\)/,
    );
    expect(r.wouldSend?.find((w) => w.key === 'digest|sm-1|2026-11-24')?.reason).toMatch(
      /10 open escalation/,
    );
  });

  it('reports data problems to admins once a day: counts and where, never row contents', async () => {
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock(londonInstant('2026-11-24', '09:00'));
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const problems = [
      {
        file: 'sessions.csv',
        row: 4,
        column: 'scheduledStart',
        code: 'invalid-date',
        message: 'bad date "Jane Doe"',
      },
      { file: 'staff.csv', row: 7, column: null, code: 'duplicate-id', message: 'duplicate' },
    ];
    const t = instance(
      'A',
      kv,
      clock,
      teams,
      new StaticSource(smallOrg(), problems),
      profile,
      fixedFindings([]),
      {
        adminIds: ['admin-1'],
      },
    );
    await runTick(t);
    clock.advance(3600_000);
    await runTick(t);
    expect(teams.delivered()).toEqual(['admin-problems|admin-1|2026-11-24']);
    const json = JSON.stringify(teams.sends[0]?.message.card);
    expect(json).toContain('sessions.csv row 4, column scheduledStart: invalid-date');
    expect(json).not.toContain('Jane Doe');
  });

  it('a Retry-After longer than the queue may wait is left to the ledger, inside the lease', async () => {
    const org = smallOrg();
    org.sessions.push(oneToOne('s-prep', '2026-11-26', '10:00'));
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock(londonInstant('2026-11-24', '09:00'));
    const start = clock.now().getTime();
    const teams = new RecordingNotifier(
      () => clock.now().getTime(),
      (m) =>
        m.recipientId === 'fsw-1' ? { status: 'throttled', retryAfterMs: 20 * 60_000 } : undefined,
    );
    const t = instance('A', kv, clock, teams, new StaticSource(org), profile, fixedFindings([]));
    const r = await runTick(t);
    expect(r.failed).toEqual([{ key: 'prep|s-prep|2026-11-26|supervisee', outcome: 'throttled' }]);
    expect(clock.now().getTime() - start).toBeLessThan(60_000);
    const e = await new Ledger(kv, { clock }).get('prep|s-prep|2026-11-26|supervisee');
    expect(e).toMatchObject({ state: 'failed', retryAt: start + 20 * 60_000 });
  });

  it('a blocked recipient and a rejected request are never retried', async () => {
    const { org } = busyOrg();
    const kv = new SqliteKv(':memory:');
    const clock = new ManualClock(londonInstant('2026-11-24', '09:00'));
    const teams = new RecordingNotifier(
      () => clock.now().getTime(),
      (m) =>
        m.recipientId === 'fsw-1'
          ? { status: 'blocked' }
          : m.key === 'confirm-request|s-past|2026-11-23' &&
              clock.now() < new Date(londonInstant('2026-11-24', '10:00'))
            ? { status: 'failed', code: '400' }
            : undefined,
    );
    const t = instance('A', kv, clock, teams, new StaticSource(org), profile, fixedFindings([]));
    const r1 = await runTick(t);
    expect(r1.failed.map((f) => f.outcome).sort()).toEqual([
      'blocked',
      'blocked',
      'blocked',
      'failed:400',
    ]);
    clock.advance(3 * 3600_000);
    const r2 = await runTick(t);
    expect(r2.abandoned).toBe(4);
    expect(r2.sent).toBe(0);
  });
});
