import { WorkingCalendar, londonInstant } from '../policy/calendar';
import { PROFILES } from '../policy/profiles';
import { ManualClock } from '../ports/clock';
import { RecordingLogger } from '../ports/logger';
import { ladderSteps } from '../policy/escalation-ladder';
import { Ledger } from '../delivery/ledger';
import { loadEscalationState } from '../scheduler/escalation-state';
import { StaticSource } from '../scheduler/testing/harness';
import { finding, person, smallOrg } from '../scheduler/testing/org';
import { SqliteKv } from '../store/sqlite-kv';
import type { AppContext } from '../usecases/context';
import { escalationActions } from './escalation-actions';

const calendar = new WorkingCalendar();
const f = finding('supervision-gap', 'fsw-1|2026-10', '2026-10-31');

/** smallOrg in post since 2020, so the real policy raises `f` (tl-1 to act, sm-1 above). */
function org() {
  const o = smallOrg();
  for (const s of o.staff) s.startDate = '2020-01-01';
  return o;
}

async function setup(snapshot = org()) {
  const kv = new SqliteKv(':memory:');
  const clock = new ManualClock(londonInstant('2026-11-24', '10:00'));
  const logger = new RecordingLogger();
  const ledger = new Ledger(kv, { clock });
  const ctx = {
    kv,
    clock,
    logger,
    profile: PROFILES['telford-sf'],
    calendar,
    source: new StaticSource(snapshot),
    deliveries: ledger,
  } as unknown as AppContext;
  // The escalation went to sm-1 in today's digest.
  await ledger.claim(`escalation|${f.key}|L1`, 'A', 60_000, { recipientId: 'sm-1' });
  await ledger.markSent(`escalation|${f.key}|L1`, { outcome: 'digest:x' });
  return { kv, clock, ctx, logger, ledger };
}

const req = (userId: string, verb: string, data: Record<string, unknown>) => ({
  userId,
  verb,
  data: { findingKey: f.key, ...data },
  activityId: 'act-1',
});

describe('escalation actions', () => {
  it('refuses anyone but the person it was escalated to, and changes nothing', async () => {
    const { ctx, kv } = await setup();
    const r = await escalationActions['escalation.arranged']!(
      ctx,
      req('tl-1', 'escalation.arranged', { arrangedFor: '2026-11-30' }),
    );
    expect(r.kind).toBe('refused');
    expect(await kv.list('escalation.state')).toHaveLength(0);
  });

  it("a new line manager may answer (the current ladder's recipient), not just the stored one", async () => {
    // tl-1 now reports to sm-2: the escalation of fsw-1's gap goes to sm-2 from today,
    // although the ledger's L1 entry still names sm-1 (who may answer too).
    const moved = org();
    moved.staff.push(person('sm-2', 'service-manager', 'dir-1', { startDate: '2020-01-01' }));
    moved.staff.find((s) => s.id === 'tl-1')!.supervisorId = 'sm-2';
    const arranged = escalationActions['escalation.arranged']!;
    const as = async (who: string) => {
      const { ctx } = await setup(moved);
      return (await arranged(ctx, req(who, 'escalation.arranged', { arrangedFor: '2026-11-30' })))
        .kind;
    };
    expect(await as('sm-2')).toBe('card');
    expect(await as('sm-1')).toBe('card');
    for (const who of ['tl-1', 'dir-1', 'fsw-2']) expect(await as(who)).toBe('refused');
  });

  it('arranged: stored once (idempotent) and the finding goes quiet until the date + grace', async () => {
    const { ctx, kv, ledger } = await setup();
    const action = escalationActions['escalation.arranged']!;
    const r1 = await action(ctx, req('sm-1', 'escalation.arranged', { arrangedFor: '2026-11-30' }));
    const etag1 = (await kv.get('escalation.state', f.key))?.etag;
    const r2 = await action(ctx, req('sm-1', 'escalation.arranged', { arrangedFor: '2026-11-30' }));
    expect(r1.kind).toBe('card');
    expect(r2).toEqual(r1);
    expect((await kv.get('escalation.state', f.key))?.etag).toBe(etag1);
    const state = await loadEscalationState(kv, ledger);
    expect(state.marks[f.key]?.arrangedFor).toBe('2026-11-30');
    const p = PROFILES['telford-sf'];
    // 30 Nov + 3 working days = 3 Dec
    expect(ladderSteps(smallOrg(), [f], p, '2026-12-02', calendar, state)).toEqual([]);
    expect(ladderSteps(smallOrg(), [f], p, '2026-12-03', calendar, state).length).toBeGreaterThan(
      0,
    );
    expect(JSON.stringify(r1)).toContain('Thu 3 Dec 2026');
  });

  it('explained needs a reason and a future date', async () => {
    const { ctx, kv, logger } = await setup();
    const action = escalationActions['escalation.explained']!;
    expect(
      (await action(ctx, req('sm-1', 'escalation.explained', { until: '2026-12-10' }))).kind,
    ).toBe('invalid');
    expect(
      (await action(ctx, req('sm-1', 'escalation.explained', { reason: 'x', until: '2026-11-20' })))
        .kind,
    ).toBe('invalid');
    expect(
      (await action(ctx, req('sm-1', 'escalation.explained', { reason: 'x', until: 'soon' }))).kind,
    ).toBe('invalid');
    // As the digest card submits it: inputs named after the finding.
    const ok = await action(
      ctx,
      req('sm-1', 'escalation.explained', {
        [`reason:${f.key}`]: 'Long-term sick leave',
        [`until:${f.key}`]: '2026-12-10',
      }),
    );
    expect(ok.kind).toBe('card');
    expect((await kv.get('escalation.state', f.key))?.value).toMatchObject({
      explainedUntil: '2026-12-10',
      by: 'sm-1',
    });
    expect(JSON.stringify(logger.lines)).not.toContain('Long-term');
  });

  it('arranged rejects a date in the past', async () => {
    const { ctx } = await setup();
    const r = await escalationActions['escalation.arranged']!(
      ctx,
      req('sm-1', 'escalation.arranged', { arrangedFor: '2026-11-01' }),
    );
    expect(r.kind).toBe('invalid');
  });
});
