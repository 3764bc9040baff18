/**
 * Ladder timing end to end (tick, ledger, digest) per profile, on an injected ManualClock,
 * across a weekend and the autumn clock change, Christmas 2026, and Easter 2027 with the
 * spring clock change. The clock visits 00:30, 08:30 and 12:30 London every day.
 */
import { addDays, londonInstant } from '../policy/calendar';
import { PROFILES } from '../policy/profiles';
import { PROFILE_IDS, type PolicyProfile } from '../policy/profile';
import { ManualClock } from '../ports/clock';
import { SqliteKv } from '../store/sqlite-kv';
import { runTick } from './tick';
import { calendar, fixedFindings, instance, StaticSource } from './testing/harness';
import { RecordingNotifier } from './testing/fake-time';
import { finding, smallOrg } from './testing/org';

async function firstDigests(
  profileId: (typeof PROFILE_IDS)[number] | PolicyProfile,
  due: string,
  days: number,
) {
  const profile = typeof profileId === 'string' ? PROFILES[profileId] : profileId;
  const kv = new SqliteKv(':memory:');
  const clock = new ManualClock(londonInstant(due, '00:30'));
  const teams = new RecordingNotifier(() => clock.now().getTime());
  const f = finding('record-overdue', 's-late', due);
  const deps = instance(
    'A',
    kv,
    clock,
    teams,
    new StaticSource(smallOrg()),
    profile,
    fixedFindings([f]),
  );
  for (let d = 0; d < days; d++) {
    for (const t of ['00:30', '08:30', '12:30']) {
      clock.set(londonInstant(addDays(due, d), t));
      await runTick(deps);
    }
  }
  await kv.close();
  const first = (prefix: string) => {
    const s = teams.sends.find((x) => x.message.key.startsWith(prefix));
    return s ? new Date(s.at).toISOString() : null;
  };
  return {
    l0: first('escalation|record-overdue|s-late|L0'),
    l1: first('digest|sm-1|'),
    l2: first('digest|dir-1|'),
    l1Digests: teams.sends.filter((x) => x.message.key.startsWith('digest|sm-1|')).length,
  };
}

describe.each(PROFILE_IDS)('ladder timing, %s', (id) => {
  const { graceWorkingDays: g, nextLevelAfterWorkingDays: n } = PROFILES[id].escalation.value;
  const expectAt = (due: string) => {
    const l1 = calendar.addWorkingDays(due, g);
    return {
      l1: londonInstant(l1, '08:30'),
      l2: londonInstant(calendar.addWorkingDays(l1, n), '08:30'),
    };
  };

  it('over a weekend and the October clock change', async () => {
    const r = await firstDigests(id, '2026-10-22', 16); // Thu; clocks go back Sun 25 Oct
    const e = expectAt('2026-10-22');
    expect(r.l0).toBe('2026-10-22T07:30:00.000Z'); // 08:30 BST
    expect(r.l1).toBe(e.l1);
    expect(r.l2).toBe(e.l2);
    if (g === 3 && n === 5)
      expect([r.l1, r.l2]).toEqual(['2026-10-27T08:30:00.000Z', '2026-11-03T08:30:00.000Z']);
  });

  it('over Christmas 2026', async () => {
    const r = await firstDigests(id, '2026-12-21', 18);
    const e = expectAt('2026-12-21');
    expect(r.l1).toBe(e.l1);
    expect(r.l2).toBe(e.l2);
    if (g === 3 && n === 5)
      expect([r.l1, r.l2]).toEqual(['2026-12-24T08:30:00.000Z', '2027-01-05T08:30:00.000Z']);
    // One digest per working day from L1 on: 24, 29, 30, 31 Dec, 4 ... (none on 25, 28 Dec, 1 Jan).
    const workingDays = calendar.workingDaysInRange(
      e.l1.slice(0, 10),
      addDays('2026-12-21', 17),
    ).length;
    expect(r.l1Digests).toBe(workingDays);
  });

  it('over Easter 2027 and the March clock change', async () => {
    const r = await firstDigests(id, '2027-03-24', 16); // Wed; Good Friday 26, clocks forward 28, Easter Monday 29
    const e = expectAt('2027-03-24');
    expect(r.l1).toBe(e.l1);
    expect(r.l2).toBe(e.l2);
    if (g === 3 && n === 5)
      expect([r.l1, r.l2]).toEqual(['2027-03-31T07:30:00.000Z', '2027-04-07T07:30:00.000Z']);
  });
});

it('an organisation that tunes the ladder (grace 1, next level after 2) gets its own timing', async () => {
  const base = PROFILES['shropshire-teh'];
  const tuned: PolicyProfile = {
    ...base,
    escalation: {
      ...base.escalation,
      value: { graceWorkingDays: 1, nextLevelAfterWorkingDays: 2 },
    },
  };
  const r = await firstDigests(tuned, '2026-12-23', 14); // Wed before Christmas
  // L1: 24 Dec; L2: 24 Dec + 2 working days = 30 Dec (25, 28 bank holidays; 26–27 weekend; 29 is 1).
  expect([r.l1, r.l2]).toEqual(['2026-12-24T08:30:00.000Z', '2026-12-30T08:30:00.000Z']);
});
