/**
 * A simulated week on the demo organisation: two scheduler instances sharing one store tick
 * every 15 minutes on a fast clock from Tuesday 24 November 2026 (the demo anchor) to the
 * following Tuesday, with nobody acting on anything. The exact list of what went out, when and
 * to whom is what a service manager would expect to see.
 */
import { Ledger } from '../delivery/ledger';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  londonDateOf,
  londonInstant,
  londonMinutesOfDay,
  WorkingCalendar,
} from '../policy/calendar';
import { evaluate } from '../policy/evaluate';
import type { EvaluationResult } from '../policy/findings';
import { getProfile } from '../policy/profiles';
import { ManualClock } from '../ports/clock';
import { silentLogger } from '../ports/logger';
import { importSnapshot, KvSchedule } from '../store/kv-schedule';
import { SqliteKv } from '../store/sqlite-kv';
import { loadDemoOrg } from '../demo/demo-org';
import type { AppContext } from '../usecases/context';
import { SendQueue } from '../delivery/send-queue';
import { RecordingNotifier, timeFromClock } from './testing/fake-time';
import { runTick, type EvaluateFn, type TickDeps } from './tick';
import { tickPlanners, tickRenderers } from './wiring';

function hhmm(at: number): string {
  const m = londonMinutesOfDay(new Date(at));
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

describe('a simulated week on the demo organisation', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'week-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends exactly the reminders and escalations a manager would expect, each once', async () => {
    const profile = getProfile('telford-sf');
    const calendar = new WorkingCalendar();
    const clock = new ManualClock(londonInstant('2026-11-24', '00:00'));
    const kvA = new SqliteKv(join(dir, 'state.db'));
    const kvB = new SqliteKv(join(dir, 'state.db'));
    const demo = await loadDemoOrg();
    await importSnapshot(kvA, demo);
    // Nothing changes in the data this week, so each day's evaluation is computed once
    // (evaluate is pure); every tick still plans, claims and sends in full.
    const byDay = new Map<string, EvaluationResult>();
    const memoEvaluate: EvaluateFn = (snap, p, asOf, cal) => {
      let r = byDay.get(asOf);
      if (!r) byDay.set(asOf, (r = evaluate(snap, p, asOf, cal)));
      return r;
    };
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const make = (owner: string, kv: SqliteKv): TickDeps => {
      const schedule = new KvSchedule(kv);
      const ctx: AppContext = {
        source: schedule,
        writer: schedule,
        kv,
        profile,
        calendar,
        clock,
        logger: silentLogger,
        notifier: teams,
        deliveries: new Ledger(kv, { clock }),
        baseUrl: '',
      };
      return {
        owner,
        source: { load: async () => ({ snapshot: demo, problems: [] }) },
        kv,
        profile,
        calendar,
        clock,
        logger: silentLogger,
        evaluate: memoEvaluate,
        queue: new SendQueue(teams, { time: timeFromClock(clock) }),
        renderers: tickRenderers(ctx),
        planners: tickPlanners,
        adminIds: ['sm-1'],
      };
    };
    const a = make('A', kvA);
    const b = make('B', kvB);
    const end = Date.parse(londonInstant('2026-12-01', '00:00'));
    while (clock.now().getTime() < end) {
      await Promise.all([runTick(a), runTick(b)]);
      clock.set(new Date(Math.floor(clock.now().getTime() / 900_000) * 900_000 + 900_000));
    }
    const sent = teams.sends
      .filter((s) => s.outcome.status === 'sent')
      .map(
        (s) =>
          `${londonDateOf(new Date(s.at))} ${hhmm(s.at)} ${s.message.recipientId} ${s.message.key}`,
      );
    // Each notification once, although both instances ran all 672 ticks.
    expect(new Set(teams.delivered()).size).toBe(teams.delivered().length);
    // Nothing outside working hours (09:00 is the triage desk's start; rota/plan-triage.ts).
    expect(sent.every((l) => l.slice(11, 16) >= '08:30' && l.slice(11, 16) < '17:30')).toBe(true);
    // Nothing on Saturday 28 or Sunday 29 November.
    expect(sent.some((l) => l.startsWith('2026-11-28') || l.startsWith('2026-11-29'))).toBe(false);
    // Sorted: the order inside one tick depends on which instance claimed what first.
    expect([...sent].sort()).toEqual([
      '2026-11-24 08:30 fsa-lakeside-1 sign-request|ses-fsa-lakeside-1-14|supervisee',
      '2026-11-24 08:30 fsw-hadley-1 escalation|signature-overdue|ses-fsw-hadley-1-13|supervisee|L0',
      '2026-11-24 08:30 fsw-hadley-1 prep|ses-fsw-hadley-1-15|2026-11-26|supervisee',
      '2026-11-24 08:30 fsw-hadley-3 sign-request|ses-fsw-hadley-3-14|supervisee',
      '2026-11-24 08:30 fsw-lakeside-6 coming-up|ses-fsw-lakeside-6-3|2026-12-01|supervisee',
      '2026-11-24 08:30 fsw-wrekin-4 coming-up|ses-fsw-wrekin-4-15|2026-12-01|supervisee',
      '2026-11-24 08:30 sm-1 digest|sm-1|2026-11-24',
      // The head of service has no supervisor and nobody above them (003 §6, no-supervisor):
      // the admins hear of it, and in the demo sm-1 is the admin.
      '2026-11-24 08:30 sm-1 escalation|no-supervisor|sm-1|admin|sm-1|L0',
      '2026-11-24 08:30 sp-lakeside coming-up|ses-fsw-lakeside-6-3|2026-12-01|supervisor',
      '2026-11-24 08:30 sp-lakeside escalation|case-discussion-due|LL-205179|2026-10-07|L0',
      '2026-11-24 08:30 sp-wrekin coming-up|ses-fsw-wrekin-4-15|2026-12-01|supervisor',
      '2026-11-24 08:30 sp-wrekin confirm-request|ses-fsw-wrekin-4-14|2026-11-16',
      '2026-11-24 08:30 sp-wrekin escalation|session-unconfirmed|ses-fsw-wrekin-4-14|L0',
      '2026-11-24 08:30 tl-hadley confirm-request|ses-fsw-hadley-1-14|2026-11-23',
      // Three L0 reminders at once: one catch-up digest (issue 17).
      '2026-11-24 08:30 tl-hadley digest|tl-hadley|2026-11-24',
      '2026-11-24 08:30 tl-hadley prep|ses-fsw-hadley-1-15|2026-11-26|supervisor',
      '2026-11-24 08:30 tl-lakeside digest|tl-lakeside|2026-11-24',
      '2026-11-24 08:30 tl-lakeside escalation|agreement-missing|fsw-lakeside-3|tl-lakeside|L0',
      '2026-11-24 08:30 tl-lakeside escalation|record-overdue|ses-fsw-lakeside-2-14|L0',
      '2026-11-24 08:30 tl-wrekin digest|tl-wrekin|2026-11-24',
      '2026-11-24 09:00 sp-wrekin triage-reminder|sp-wrekin|2026-11-25',
      '2026-11-25 08:30 fsw-lakeside-3 coming-up|ses-fsw-lakeside-3-15|2026-12-02|supervisee',
      '2026-11-25 08:30 fsw-wrekin-1 coming-up|ses-fsw-wrekin-1-16|2026-12-02|supervisee',
      '2026-11-25 08:30 sm-1 digest|sm-1|2026-11-25',
      '2026-11-25 08:30 sp-lakeside coming-up|ses-vol-lakeside-1-11|2026-12-02|supervisor',
      '2026-11-25 08:30 sp-wrekin coming-up|ses-sp-wrekin-15|2026-12-02|supervisee',
      '2026-11-25 08:30 tl-hadley escalation|session-unconfirmed|ses-fsw-hadley-1-14|L0',
      '2026-11-25 08:30 tl-lakeside coming-up|ses-fsw-lakeside-3-15|2026-12-02|supervisor',
      '2026-11-25 08:30 tl-lakeside digest|tl-lakeside|2026-11-25',
      '2026-11-25 08:30 tl-wrekin coming-up|ses-fsw-wrekin-1-16|2026-12-02|supervisor',
      '2026-11-25 08:30 tl-wrekin coming-up|ses-sp-wrekin-15|2026-12-02|supervisor',
      '2026-11-25 08:30 tl-wrekin digest|tl-wrekin|2026-11-25',
      '2026-11-25 08:30 vol-lakeside-1 coming-up|ses-vol-lakeside-1-11|2026-12-02|supervisee',
      '2026-11-25 09:00 sp-lakeside triage-reminder|sp-lakeside|2026-11-26',
      '2026-11-26 08:30 fsa-hadley-1 coming-up|ses-fsa-hadley-1-15|2026-12-03|supervisee',
      '2026-11-26 08:30 sm-1 coming-up|ses-tl-lakeside-15|2026-12-03|supervisor',
      '2026-11-26 08:30 sm-1 digest|sm-1|2026-11-26',
      '2026-11-26 08:30 sp-hadley-2 coming-up|ses-fsa-hadley-1-15|2026-12-03|supervisor',
      '2026-11-26 08:30 tl-lakeside coming-up|ses-tl-lakeside-15|2026-12-03|supervisee',
      '2026-11-26 08:30 tl-lakeside digest|tl-lakeside|2026-11-26',
      '2026-11-26 08:30 tl-wrekin digest|tl-wrekin|2026-11-26',
      '2026-11-26 09:00 sp-hadley-2 triage-reminder|sp-hadley-2|2026-11-27',
      '2026-11-26 11:30 tl-hadley confirm-request|ses-fsw-hadley-1-15|2026-11-26',
      '2026-11-27 08:30 fsw-lakeside-6 prep|ses-fsw-lakeside-6-3|2026-12-01|supervisee',
      '2026-11-27 08:30 fsw-wrekin-4 prep|ses-fsw-wrekin-4-15|2026-12-01|supervisee',
      '2026-11-27 08:30 sm-1 digest|sm-1|2026-11-27',
      '2026-11-27 08:30 sp-hadley-2 coming-up|ses-vol-hadley-1-11|2026-12-04|supervisor',
      '2026-11-27 08:30 sp-lakeside prep|ses-fsw-lakeside-6-3|2026-12-01|supervisor',
      '2026-11-27 08:30 sp-wrekin prep|ses-fsw-wrekin-4-15|2026-12-01|supervisor',
      '2026-11-27 08:30 tl-lakeside digest|tl-lakeside|2026-11-27',
      '2026-11-27 08:30 tl-wrekin digest|tl-wrekin|2026-11-27',
      '2026-11-27 08:30 vol-hadley-1 coming-up|ses-vol-hadley-1-11|2026-12-04|supervisee',
      '2026-11-27 09:00 sp-wrekin-2 triage-reminder|sp-wrekin-2|2026-11-30',
      '2026-11-30 08:30 bs-lakeside-1 coming-up|ses-bs-lakeside-1-15|2026-12-07|supervisee',
      '2026-11-30 08:30 fsw-hadley-4 coming-up|ses-fsw-hadley-4-15|2026-12-07|supervisee',
      '2026-11-30 08:30 fsw-lakeside-3 prep|ses-fsw-lakeside-3-15|2026-12-02|supervisee',
      '2026-11-30 08:30 fsw-wrekin-1 prep|ses-fsw-wrekin-1-16|2026-12-02|supervisee',
      '2026-11-30 08:30 fsw-wrekin-7 coming-up|ses-fsw-wrekin-7-15|2026-12-07|supervisee',
      '2026-11-30 08:30 sm-1 digest|sm-1|2026-11-30',
      '2026-11-30 08:30 sp-hadley coming-up|ses-fsw-hadley-4-15|2026-12-07|supervisor',
      '2026-11-30 08:30 sp-lakeside escalation|next-session-not-booked|fsw-lakeside-4|2026-11-30|L0',
      '2026-11-30 08:30 sp-lakeside escalation|supervision-gap|fsw-lakeside-4|2026-11|L0',
      '2026-11-30 08:30 sp-lakeside prep|ses-vol-lakeside-1-11|2026-12-02|supervisor',
      '2026-11-30 08:30 sp-wrekin coming-up|ses-fsw-wrekin-7-15|2026-12-07|supervisor',
      '2026-11-30 08:30 sp-wrekin escalation|supervision-gap|fsw-wrekin-4|2026-11|L0',
      '2026-11-30 08:30 sp-wrekin prep|ses-sp-wrekin-15|2026-12-02|supervisee',
      '2026-11-30 08:30 tl-hadley escalation|session-unconfirmed|ses-fsw-hadley-1-15|L0',
      '2026-11-30 08:30 tl-hadley escalation|supervision-gap|fsw-hadley-1|2026-11|L0',
      '2026-11-30 08:30 tl-lakeside coming-up|ses-bs-lakeside-1-15|2026-12-07|supervisor',
      '2026-11-30 08:30 tl-lakeside digest|tl-lakeside|2026-11-30',
      '2026-11-30 08:30 tl-lakeside prep|ses-fsw-lakeside-3-15|2026-12-02|supervisor',
      '2026-11-30 08:30 tl-wrekin digest|tl-wrekin|2026-11-30',
      '2026-11-30 08:30 tl-wrekin prep|ses-fsw-wrekin-1-16|2026-12-02|supervisor',
      '2026-11-30 08:30 tl-wrekin prep|ses-sp-wrekin-15|2026-12-02|supervisor',
      '2026-11-30 08:30 vol-lakeside-1 prep|ses-vol-lakeside-1-11|2026-12-02|supervisee',
      '2026-11-30 09:00 sp-wrekin-2 triage-reminder|sp-wrekin-2|2026-12-01',
    ]);
    // Reading it as sm-1 would: one digest per working day, never one card per finding.
    expect(sent.filter((l) => l.includes(' sm-1 digest|'))).toHaveLength(5);
    // (As admin, sm-1 gets the one L0 card about nobody supervising them: not an escalation.)
    expect(
      sent.filter((l) => l.includes(' sm-1 escalation|') && !l.includes('|admin|')),
    ).toHaveLength(0);
    await kvA.close();
    await kvB.close();
  }, 600_000);
});
