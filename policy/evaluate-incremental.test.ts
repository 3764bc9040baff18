/**
 * IncrementalEvaluator.update(delta) gives exactly what a full evaluate() gives on the changed
 * organisation, for every kind of delta, one after another (the kept indexes stay right).
 */
import type { OrgSnapshot, Session } from './domain';
import { evaluate, IncrementalEvaluator, type OrgDelta } from './evaluate';
import type { EvaluationResult } from './findings';
import { PROFILE_IDS, type ProfileId } from './profile';
import { getProfile } from './profiles';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { Prng } from '../test/fixtures/prng';

const AS_OF = '2026-11-24';

function deltas(org: OrgSnapshot, rng: Prng, n: number): OrgDelta[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
  const out: OrgDelta[] = [];
  for (let i = 0; i < n; i++) {
    const s = pick(org.sessions);
    switch (i % 10) {
      case 0: // confirmed as held
        out.push({ sessions: [{ ...s, status: 'held', heldMinutes: 90 }] });
        break;
      case 1: // record completed and signed
        out.push({
          sessions: [
            {
              ...s,
              status: 'held',
              recordCompletedAt: s.scheduledStart,
              supervisorSignedAt: s.scheduledStart,
              superviseeSignedAt: s.scheduledStart,
            },
          ],
        });
        break;
      case 2: // a new session booked
        out.push({
          sessions: [
            {
              ...s,
              id: `new-${i}`,
              status: 'scheduled',
              scheduledStart: '2026-12-03T10:00:00.000Z',
            } as Session,
          ],
        });
        break;
      case 3:
        out.push({ removedSessionIds: [s.id] });
        break;
      case 4: {
        const p = pick(org.staff);
        out.push({
          absences: [{ staffId: p.id, from: '2026-10-01', to: '2026-11-20', reason: 'sickness' }],
        });
        break;
      }
      case 5: {
        const p = pick(org.staff.filter((x) => x.supervisorId));
        out.push({
          agreements: [
            { superviseeId: p.id, supervisorId: p.supervisorId!, signedAt: '2026-11-01' },
          ],
        });
        break;
      }
      case 6: {
        const c = org.cases.length ? pick(org.cases) : null;
        if (c) out.push({ cases: [{ ...c, lastDiscussedAt: '2026-11-20' }] });
        out.push({
          actions: [
            { id: `act-${i}`, sessionId: s.id, ownerId: s.superviseeId, text: 'Ring the school' },
          ],
        });
        break;
      }
      case 7: {
        // A supervisor away for months across the as-of day: the org rules raise
        // supervisor-absent and their supervisees' findings go to the cover instead.
        const sup = pick(org.staff.filter((x) => org.staff.some((y) => y.supervisorId === x.id)));
        out.push({
          absences: [{ staffId: sup.id, from: '2026-08-03', to: '2027-01-29', reason: 'sickness' }],
        });
        break;
      }
      case 8: {
        // A held group session: every attendee's group-supervision months change.
        const who = [pick(org.staff).id, pick(org.staff).id, pick(org.staff).id];
        out.push({
          sessions: [
            {
              ...s,
              id: `group-${i}`,
              kind: 'group',
              status: 'held',
              superviseeId: who[0]!,
              attendees: who,
              scheduledStart: '2026-09-15T09:00:00.000Z',
            } as Session,
          ],
        });
        break;
      }
      case 9: {
        // The first session on record moves earlier, then back: "no held one-to-one on
        // record" and no-supervisor findings are dated from it.
        const early = {
          ...s,
          id: `early-${i}`,
          status: 'cancelled',
          scheduledStart: '2019-02-04T10:00:00.000Z',
        } as Session;
        out.push({ sessions: [early] }, { removedSessionIds: [early.id] });
        break;
      }
    }
  }
  return out;
}

/** toEqual, with a quick path: a deep comparison of thousands of findings 40 times is slow. */
function expectSame(got: EvaluationResult, want: EvaluationResult): void {
  if (JSON.stringify(got) !== JSON.stringify(want)) expect(got).toEqual(want);
}

describe('IncrementalEvaluator', () => {
  it.each<ProfileId>([...PROFILE_IDS])(
    'after each delta, finds what a full evaluation finds (%s)',
    (profileId) => {
      const profile = getProfile(profileId);
      const org = generateOrganisation({
        staff: 150,
        years: 2,
        seed: 11,
        asOf: AS_OF,
        profile: profileId,
      });
      // Some staff without a start date: their findings are dated from the first session on
      // record, which a delta can move.
      // (Nobody's supervisor, a no-supervisor finding, among them.)
      org.staff = org.staff.map((x, i) =>
        i % 9 === 4 || !x.supervisorId ? { ...x, startDate: undefined } : x,
      );
      const inc = new IncrementalEvaluator(profile);
      expect(inc.evaluate(org, AS_OF)).toEqual(evaluate(org, profile, AS_OF));
      const before = JSON.stringify(org.sessions.slice(0, 50));
      for (const d of deltas(org, new Prng(5), 40)) {
        const got = inc.update(d);
        expectSame(got, evaluate(inc.snapshot!, profile, AS_OF));
      }
      // Copy on write: the caller's snapshot is not changed.
      expect(JSON.stringify(org.sessions.slice(0, 50))).toBe(before);
    },
  );
});
