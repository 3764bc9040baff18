/**
 * The escalation state the planner reads, built from the ledger with the keys of
 * ports/planned.ts (the one place they are spelt): the day each finding's L1 went, and the
 * first day any rung of it reached someone — which keeps a closed month on the ladder.
 */
import { WorkingCalendar } from '../policy/calendar';
import { ladderSteps } from '../policy/escalation-ladder';
import { PROFILES } from '../policy/profiles';
import { ManualClock } from '../ports/clock';
import { escalationKey } from '../ports/planned';
import { SqliteKv } from '../store/sqlite-kv';
import { Ledger } from '../delivery/ledger';
import { loadEscalationState } from './escalation-state';
import { finding, smallOrg } from './testing/org';

const profile = PROFILES['telford-sf'];
const cal = new WorkingCalendar();

it('an old month whose L0 already went stays on the ladder; one never sent is history', async () => {
  const clock = new ManualClock(new Date('2026-11-05T10:00:00Z'));
  const kv = new SqliteKv(':memory:');
  const ledger = new Ledger(kv, { clock });
  const jan = finding('supervision-gap', 'fsw-1|2026-01', '2026-01-31');
  const oct = finding('supervision-gap', 'fsw-1|2026-10', '2026-10-31');
  for (const [f, level] of [
    [jan, 0],
    [oct, 1],
  ] as const) {
    const key = escalationKey(f.key, level);
    await ledger.claim(key, 'A', 60_000, { recipientId: 'tl-1' });
    await ledger.markSent(key);
  }
  const state = await loadEscalationState(kv, ledger);
  expect(state.reached).toEqual({ [jan.key]: '2026-11-05', [oct.key]: '2026-11-05' });
  expect(state.level1On).toEqual({ [oct.key]: '2026-11-05' });

  const steps = (s: typeof state) =>
    new Set(
      ladderSteps(smallOrg(), [jan], profile, '2026-11-24', cal, s).map((x) => x.finding.key),
    );
  expect(steps(state)).toEqual(new Set([jan.key]));
  expect(steps({ ...state, reached: {} })).toEqual(new Set());
});
