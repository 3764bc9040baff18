/**
 * KeptEvaluation gives, tick after tick, exactly what a full evaluate() gives on each load of
 * the embedded store, while the store is written to as the bot and an admin write to it; and it
 * takes the delta path when a delta can say what changed.
 */
import type { Json } from '../ports/kv-store';
import { importSnapshot, KvSchedule } from '../store/kv-schedule';
import { compareRows, NAMESPACES } from '../store/schedule-docs';
import { SqliteKv } from '../store/sqlite-kv';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { Prng } from '../test/fixtures/prng';
import { defaultCalendar } from './calendar';
import type { OrgSnapshot } from './domain';
import { evaluate } from './evaluate';
import { KeptEvaluation } from './kept-evaluation';
import type { ProfileId } from './profile';
import { getProfile } from './profiles';
import { deltaBetween, inOrder } from './snapshot-delta';

const AS_OF = '2026-11-24';
const json = (x: unknown) => x as Json;

async function store(profile: ProfileId) {
  const kv = new SqliteKv(':memory:');
  const org = generateOrganisation({ staff: 120, years: 2, seed: 3, asOf: AS_OF, profile });
  await importSnapshot(kv, org);
  return { kv, schedule: new KvSchedule(kv) };
}

/** One write of the kinds a tick sees, straight to the store (as any writer's would land). */
async function write(kv: SqliteKv, org: OrgSnapshot, rng: Prng, kind: number): Promise<void> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
  const s = pick(org.sessions);
  const ns = NAMESPACES;
  switch (kind) {
    case 0: // confirmed as held, record written and signed
      return void (await kv.upsert(
        ns.sessions,
        s.id,
        json({
          ...s,
          status: 'held',
          heldMinutes: 90,
          recordCompletedAt: s.scheduledStart,
          supervisorSignedAt: s.scheduledStart,
        }),
      ));
    case 1: {
      // a new session booked
      const id = `new-${Math.floor(rng.next() * 1e9)}`;
      const booked = { ...s, id, status: 'scheduled', scheduledStart: '2026-12-03T10:00:00.000Z' };
      return void (await kv.upsert(ns.sessions, id, json(booked)));
    }
    case 2: // rescheduled: its place in the order moves
      return void (await kv.upsert(
        ns.sessions,
        s.id,
        json({ ...s, scheduledStart: '2026-11-02T14:00:00.000Z' }),
      ));
    case 3:
      return void (await kv.delete(ns.sessions, s.id));
    case 4: {
      const p = pick(org.staff);
      const a = { staffId: p.id, from: '2026-10-01', to: '2026-12-20', reason: 'sickness' };
      return void (await kv.upsert(ns.absences, `${a.staffId}|${a.from}|${a.to}`, json(a)));
    }
    case 5: {
      const c = pick(org.cases);
      return void (await kv.upsert(
        ns.cases,
        c.caseId,
        json({ ...c, lastDiscussedAt: '2026-11-20' }),
      ));
    }
    case 6: {
      const id = `act-${Math.floor(rng.next() * 1e9)}`;
      const action = { id, sessionId: s.id, ownerId: s.superviseeId, text: 'Ring the school' };
      return void (await kv.upsert(ns.actions, id, json(action)));
    }
    case 7: {
      const a = pick(org.agreements);
      return void (await kv.upsert(
        ns.agreements,
        `${a.superviseeId}|${a.supervisorId}`,
        json({ ...a, signedAt: '2026-11-01' }),
      ));
    }
    case 8: {
      // Not a delta: staff change, an action removed.
      const p = pick(org.staff);
      const employment = p.employment === 'part-time' ? 'full-time' : 'part-time';
      if (rng.next() < 0.5)
        return void (await kv.upsert(ns.staff, p.id, json({ ...p, employment })));
      return void (await kv.delete(ns.actions, pick(org.actions).id));
    }
  }
}

describe('KeptEvaluation', () => {
  it.each<ProfileId>(['durham-eh', 'manchester-cs', 'islington-eh'])(
    'finds what a full evaluation finds on every load, by delta where it can (%s)',
    async (profileId) => {
      const profile = getProfile(profileId);
      const { kv, schedule } = await store(profileId);
      const kept = new KeptEvaluation(compareRows);
      const rng = new Prng(9);
      let writes = 0;
      for (let tick = 0; tick < 30; tick++) {
        const carried = kept.counts.deltaRows;
        const { snapshot } = await schedule.load();
        // The day moves on once: everything afresh.
        const asOf = tick < 20 ? AS_OF : '2026-11-25';
        const got = kept.evaluate(snapshot, profile, asOf, defaultCalendar);
        // A delta carries only what changed since the tick before: a row a write at most.
        expect(kept.counts.deltaRows - carried).toBeLessThanOrEqual(writes);
        writes = 0;
        const want = evaluate(snapshot, profile, asOf, defaultCalendar);
        if (JSON.stringify(got) !== JSON.stringify(want)) expect(got).toEqual(want);
        for (let w = 0; w < 1 + Math.floor(rng.next() * 3); w++) {
          await write(kv, snapshot, rng, tick % 3 === 2 ? 8 : Math.floor(rng.next() * 8));
          writes++;
        }
      }
      expect(kept.counts.deltaRows).toBeGreaterThan(0);
      expect(kept.counts.delta).toBeGreaterThanOrEqual(15);
      expect(kept.counts.afresh).toBeGreaterThanOrEqual(2);
      expect(kept.counts.afresh + kept.counts.delta).toBe(30);
      await kv.close();
    },
  );
});

describe('deltaBetween', () => {
  const org = generateOrganisation({ staff: 20, years: 1, seed: 1, asOf: AS_OF });
  const sorted = (o: OrgSnapshot): OrgSnapshot => {
    const out = { ...o } as Record<string, unknown[]>;
    for (const t of Object.keys(o) as Array<keyof OrgSnapshot>)
      out[t] = [...(o[t] as unknown[])].sort((a, b) => compareRows(t, a as never, b as never));
    return out as unknown as OrgSnapshot;
  };
  const base = sorted(org);

  test('the same rows in new arrays: an empty delta', () => {
    const copy = Object.fromEntries(
      Object.entries(base).map(([k, v]) => [k, (v as unknown[]).slice()]),
    ) as unknown as OrgSnapshot;
    expect(inOrder(base, compareRows)).toBe(true);
    expect(deltaBetween(base, copy, compareRows, 10)).toEqual({});
  });

  test('changed, added, moved and removed sessions', () => {
    const [a, b, c] = [base.sessions[3]!, base.sessions[10]!, base.sessions[20]!];
    const changed = { ...a, status: 'held' as const };
    const moved = { ...b, scheduledStart: '2030-01-01T09:00:00.000Z' };
    const added = { ...b, id: 'zz-new' };
    const sessions = base.sessions
      .filter((s) => s !== b && s !== c)
      .map((s) => (s === a ? changed : s))
      .concat([moved, added])
      .sort((x, y) => compareRows('sessions', x, y));
    const delta = deltaBetween(base, { ...base, sessions }, compareRows, 10);
    expect(delta?.removedSessionIds).toEqual([c.id]);
    expect(new Set(delta?.sessions)).toEqual(new Set([changed, moved, added]));
  });

  test('no delta: past the limit, a staff change, an action removed, rows out of order', () => {
    const sessions = base.sessions.map((s, i) => (i < 5 ? { ...s } : s));
    expect(deltaBetween(base, { ...base, sessions }, compareRows, 4)).toBeNull();
    expect(deltaBetween(base, { ...base, sessions }, compareRows, 5)?.sessions).toHaveLength(5);
    const staff = base.staff.map((s, i) => (i === 0 ? { ...s } : s));
    expect(deltaBetween(base, { ...base, staff }, compareRows, 10)).toBeNull();
    expect(
      deltaBetween(base, { ...base, actions: base.actions.slice(1) }, compareRows, 10),
    ).toBeNull();
    // A new row put where the order says it does not belong.
    const stray = { ...base.sessions[0]!, id: 'zz-stray', superviseeId: 'zzzz' };
    const misplaced = [stray, ...base.sessions];
    expect(deltaBetween(base, { ...base, sessions: misplaced }, compareRows, 10)).toBeNull();
    expect(inOrder({ ...base, sessions: misplaced }, compareRows)).toBe(false);
  });
});
