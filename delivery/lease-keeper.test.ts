/**
 * Issue 15 item 7: a dead instance delays nothing for long. Claims carry a short lease that
 * the sender renews while it is alive; when it dies mid-batch its claims lapse within one
 * lease and another instance sends them. Real timers (renewal is what a dead process stops
 * doing), a clock anchored on a working morning.
 */
import { londonInstant } from '../policy/calendar';
import { PROFILES } from '../policy/profiles';
import type { Clock } from '../ports/clock';
import type { Notifier } from '../ports/notifier';
import { SqliteKv } from '../store/sqlite-kv';
import { LeaseKeeper } from './lease-keeper';
import { Ledger } from './ledger';
import { SendQueue } from './send-queue';
import { claimBatchSize, runTick } from '../scheduler/tick';
import { RecordingNotifier } from '../scheduler/testing/fake-time';
import { fixedFindings, instance, StaticSource } from '../scheduler/testing/harness';
import { finding, person, smallOrg } from '../scheduler/testing/org';

const profile = PROFILES['telford-sf'];
const LEASE_MS = 1_000;
const N = 30;

/** Real time, starting Tuesday 24 November 2026 09:30 London. */
function anchoredClock(): Clock & { advance(ms: number): void } {
  const base = Date.parse(londonInstant('2026-11-24', '09:30'));
  const start = Date.now();
  let extra = 0;
  return {
    now: () => new Date(base + (Date.now() - start) + extra),
    advance: (ms) => void (extra += ms),
  };
}

/** Takes the message and never answers: the process hangs, then dies. */
const hanging: Notifier = { send: () => new Promise(() => undefined) };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('short renewed leases', () => {
  it('a claim is renewed while its sender lives, and taken over within one lease once it dies', async () => {
    const kv = new SqliteKv(':memory:');
    const clock = anchoredClock();
    const findings = Array.from({ length: N }, (_, i) =>
      finding('record-overdue', `s-old-${i}`, '2026-11-24', { notify: `tl-${i}` }),
    );
    const org = smallOrg();
    for (let i = 0; i < N; i++) org.staff.push(person(`tl-${i}`, 'team-leader', 'sm-1'));
    const source = new StaticSource(org);
    const teams = new RecordingNotifier();
    const ledger = new Ledger(kv, { clock });
    const leasesA = new LeaseKeeper({ ledger, owner: 'A', leaseMs: LEASE_MS });
    const a = instance('A', kv, clock as never, teams, source, profile, fixedFindings(findings), {
      queue: new SendQueue(hanging),
      leaseMs: LEASE_MS,
      leases: leasesA,
      ledger,
      maxInFlight: N,
      outbox: false,
    });
    void runTick(a); // never finishes: its sends hang
    for (let i = 0; i < 50 && leasesA.size < N; i++) await sleep(10);
    expect(leasesA.size).toBe(N);

    const b = instance('B', kv, clock as never, teams, source, profile, fixedFindings(findings), {
      queue: new SendQueue(teams),
      leaseMs: LEASE_MS,
      outbox: false,
    });
    // A is alive for three leases: its renewals keep every claim its own.
    await sleep(3 * LEASE_MS);
    // It holds the app's sender (delivery/sender-lease.ts) and each of its claims.
    expect((await runTick(b)).senderBusy).toBe(true);
    const whileAlive = await runTick({ ...b, senderLease: false });
    expect(whileAlive.heldByOther).toBe(N);
    expect(teams.sends).toHaveLength(0);

    // A dies mid-batch: its renewals stop. B ticks every 50 ms until it has sent them all.
    leasesA.stop();
    const died = Date.now();
    let claimed = 0;
    let takenOverMs = -1;
    while (teams.delivered().length < N && Date.now() - died < 20 * LEASE_MS) {
      claimed += (await runTick(b)).claimed;
      if (claimed >= N && takenOverMs < 0) takenOverMs = Date.now() - died;
      await sleep(50);
    }
    const deliveredMs = Date.now() - died;
    expect(new Set(teams.delivered()).size).toBe(N);
    expect(teams.delivered()).toHaveLength(N);
    // Taken over within about one lease (plus B's ticks on a loaded machine); not 10 minutes.
    expect(takenOverMs).toBeGreaterThanOrEqual(0);
    expect(takenOverMs).toBeLessThan(2 * LEASE_MS + 1_000);
    process.stdout.write(
      `dead instance (lease ${LEASE_MS} ms): its ${N} claims taken over after ${takenOverMs} ms, all delivered after ${deliveredMs} ms\n`,
    );
    await kv.close();
  });

  it('a crash after Teams accepted a message and before the ledger recorded it: the user gets it twice, never more', async () => {
    const kv = new SqliteKv(':memory:');
    const clock = anchoredClock();
    const n = 5;
    const findings = Array.from({ length: n }, (_, i) =>
      finding('record-overdue', `s-old-${i}`, '2026-11-24', { notify: `tl-${i}` }),
    );
    const org = smallOrg();
    for (let i = 0; i < n; i++) org.staff.push(person(`tl-${i}`, 'team-leader', 'sm-1'));
    const source = new StaticSource(org);
    const teams = new RecordingNotifier();
    // Teams accepts each message (the user sees it), then A dies before it hears the answer.
    const acceptedThenCrash: Notifier = {
      send: async (m) => {
        await teams.send(m);
        return new Promise(() => undefined);
      },
    };
    const ledger = new Ledger(kv, { clock });
    const leasesA = new LeaseKeeper({ ledger, owner: 'A', leaseMs: LEASE_MS });
    const a = instance('A', kv, clock as never, teams, source, profile, fixedFindings(findings), {
      queue: new SendQueue(acceptedThenCrash),
      leaseMs: LEASE_MS,
      leases: leasesA,
      ledger,
      outbox: false,
    });
    void runTick(a);
    for (let i = 0; i < 100 && teams.sends.length < n; i++) await sleep(10);
    expect(teams.delivered()).toHaveLength(n);
    leasesA.stop(); // the crash

    const b = instance('B', kv, clock as never, teams, source, profile, fixedFindings(findings), {
      queue: new SendQueue(teams),
      leaseMs: LEASE_MS,
      outbox: false,
    });
    const died = Date.now();
    while (teams.delivered().length < 2 * n && Date.now() - died < 20 * LEASE_MS) {
      await runTick(b);
      await sleep(50);
    }
    // Every later tick, on any instance, finds them sent: nothing more goes out.
    for (let i = 0; i < 3; i++) expect((await runTick(b)).skippedAlreadySent).toBe(n);
    const perKey = new Map<string, number>();
    for (const k of teams.delivered()) perKey.set(k, (perKey.get(k) ?? 0) + 1);
    expect([...perKey.values()]).toEqual(Array(n).fill(2)); // exactly one duplicate each
    const entry = await ledger.get(findings[0]!.key.replace(/^/, 'escalation|') + '|L0');
    expect(entry).toMatchObject({ state: 'sent', owner: 'B', attempts: 2 });
    expect(entry?.activityId).toBeDefined();
    await kv.close();
  });

  it('claims no more at once than the queue sends in half a lease', () => {
    expect(claimBatchSize(50, 30_000)).toBe(200);
    expect(claimBatchSize(50, 4_000)).toBe(100);
    expect(claimBatchSize(5, 4_000)).toBe(10);
    expect(claimBatchSize(1, 100)).toBe(1);
  });
});
