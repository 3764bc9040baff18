/**
 * One tick: load the organisation, evaluate it, plan, keep what is due inside working hours,
 * claim each in the ledger, render, send through the SendQueue, record the outcome.
 *
 * Every instance may run the same tick at the same time: the ledger claim is what makes each
 * notification go once. A tick stopped half-way (stop(), a crash) loses nothing: anything not
 * claimed is planned again next tick, anything claimed but not sent is re-claimable after its
 * lease. `dryRun` plans and explains without claiming or sending.
 */
import { errorCode } from '../kernel/errors';
import type { RowProblem } from '../contract/problems';
import { londonDateOf } from '../policy/calendar';
import type { OrgSnapshot } from '../policy/domain';
import type { Finding } from '../policy/findings';
import { planAdminProblems } from './admin-problems';
import { loadEscalationState } from './escalation-state';
import { runHousekeeping } from './housekeeping';
import { LeaseKeeper } from './lease-keeper';
import { SenderLease } from './sender-lease';
import { Ledger, outcomeCode } from './ledger';
import { resendOutbox } from './outbox';
import { planNotifications } from './plan';
import { housekeepingKey, type PlannedNotification } from '../ports/planned';
import { renderOwn, type Rendered } from './render-own';
import type { RecheckReport, RecheckStep, TickDeps, TickReport } from './tick-types';
import {
  DEFAULT_WORKING_HOURS,
  isWithinWorkingHours,
  nextWorkingMoment,
} from '../policy/working-hours';

export type {
  EvaluateFn,
  KindRenderer,
  Planner,
  RecheckFound,
  RecheckReport,
  RecheckStep,
  TickDeps,
  TickReport,
  WouldSend,
} from './tick-types';

async function recheckStep(
  deps: TickDeps,
  step: RecheckStep,
  snapshot: OrgSnapshot,
): Promise<RecheckReport> {
  const out: RecheckReport = { candidates: 0, stale: 0, voided: 0, busy: 0, requested: 0, sent: 0 };
  try {
    const found = await step.run(snapshot, {
      dryRun: !!deps.dryRun,
      lookbackDays: deps.planOptions?.signLookbackDays ?? 30,
    });
    Object.assign(out, {
      candidates: found.candidates,
      stale: found.stale,
      voided: found.voided,
      busy: found.busy,
    });
    if (!deps.dryRun && found.messages.length > 0) {
      out.requested = found.messages.length;
      const results = await step.deliver(found.messages);
      out.sent = results.filter((r) => r.outcome === 'sent').length;
    }
    if (out.stale > 0 || out.busy > 0)
      deps.logger.info('tick.recheck', { ...out, dryRun: !!deps.dryRun });
  } catch (err) {
    // Never sinks the tick: the next one checks again.
    const code = errorCode(err);
    deps.logger.error('tick.recheck-failed', { code });
    out.error = code;
  }
  return out;
}

/** Default claim lease for the tick's sends (renewed while sending). */
export const DEFAULT_TICK_LEASE_MS = 30_000;

/** Claims in flight at once: what `ratePerSecond` sends in half a lease, 1 to 200. */
export function claimBatchSize(ratePerSecond: number, leaseMs: number): number {
  return Math.max(1, Math.min(200, Math.floor((ratePerSecond * leaseMs) / 2000)));
}

export async function runTick(deps: TickDeps): Promise<TickReport> {
  const now = deps.clock.now().toISOString();
  const asOf = londonDateOf(now);
  const wh = deps.workingHours ?? DEFAULT_WORKING_HOURS;
  const ledger = deps.ledger ?? new Ledger(deps.kv, { clock: deps.clock });
  const report: TickReport = {
    at: now,
    asOf,
    dryRun: !!deps.dryRun,
    findings: 0,
    planned: 0,
    due: 0,
    claimed: 0,
    sent: 0,
    skippedAlreadySent: 0,
    heldByOther: 0,
    abandoned: 0,
    viaDigest: 0,
    deferred: [],
    failed: [],
    notApplicable: 0,
    problems: 0,
    stopped: false,
    evaluateMs: 0,
    planMs: 0,
    sentKeys: [],
  };

  // ── Outbox step (scheduler/outbox.ts) ─────────────────────────────────────────────────
  // Event messages (card actions, the tab, triage steps) are not planned: those whose send
  // failed, or whose sender died, are resent from the outbox here, once (ledger claim), at
  // any hour. It needs no organisation data, so it runs first: a load failure cannot hold
  // them up.
  if (deps.outbox !== false) {
    report.outbox = await resendOutbox({
      ...deps.outbox,
      kv: deps.kv,
      ledger,
      queue: deps.queue,
      clock: deps.clock,
      logger: deps.logger,
      owner: deps.owner,
      leaseMs: deps.leaseMs,
      ...(deps.reachable ? { reachable: deps.reachable } : {}),
      dryRun: !!deps.dryRun,
      shouldStop: deps.shouldStop,
    });
  }
  // ─────────────────────────────────────────────────────────────────────────────────────

  let snapshot: OrgSnapshot;
  let problems: RowProblem[];
  try {
    const loaded = await deps.source.load();
    snapshot = loaded.snapshot;
    problems = loaded.problems;
  } catch (err) {
    // Nothing sensible can be planned without the data; the next tick tries again.
    const code = errorCode(err);
    deps.logger.error('tick.load-failed', { code });
    report.error = `load failed: ${code}`;
    return report;
  }
  report.problems = problems.length;

  // ── Signature re-check step (usecases/record-recheck.ts) ───────────────────────────────
  // A signed record edited outside the bot (in SharePoint) keeps its signed-at fields: void
  // and re-request those signatures. One batch read of the audit trail per tick; the messages
  // go the event-message way (outbox + ledger claim), which sends at once: so the step runs
  // in working hours only, and an edit made at night is re-requested the next working morning.
  // A dry run only counts.
  if (deps.recheck && isWithinWorkingHours(now, wh, deps.calendar))
    report.recheck = await recheckStep(deps, deps.recheck, snapshot);
  // ─────────────────────────────────────────────────────────────────────────────────────

  const t0 = performance.now();
  const findings: Finding[] = deps.evaluate(snapshot, deps.profile, asOf, deps.calendar).findings;
  const t1 = performance.now();
  report.evaluateMs = t1 - t0;
  report.findings = findings.length;

  const state = await loadEscalationState(deps.kv, ledger);
  const planned = [
    ...planNotifications(snapshot, findings, deps.profile, now, deps.calendar, state, {
      ...deps.planOptions,
      workingHours: wh,
      adminIds: deps.adminIds ?? [],
    }),
    ...(deps.planners ?? []).flatMap((p) => p(snapshot, deps.profile, now, deps.calendar)),
    ...planAdminProblems(problems, deps.adminIds ?? [], asOf, wh, deps.calendar),
  ];
  report.planMs = performance.now() - t1;
  report.planned = planned.length;

  const inHours = isWithinWorkingHours(now, wh, deps.calendar);
  const due: PlannedNotification[] = [];
  for (const p of planned) {
    if (p.kind === 'escalation' && ((p.level ?? 0) > 0 || p.viaDigest)) {
      report.viaDigest++;
      continue;
    }
    if (p.notBefore > now)
      report.deferred.push({
        key: p.key,
        until: nextWorkingMoment(p.notBefore, wh, deps.calendar),
      });
    else if (!inHours)
      report.deferred.push({ key: p.key, until: nextWorkingMoment(now, wh, deps.calendar) });
    else due.push(p);
  }
  report.due = due.length;

  if (deps.dryRun) {
    report.wouldSend = [];
    for (const p of due) {
      const e = await ledger.get(p.key);
      report.wouldSend.push({
        key: p.key,
        kind: p.kind,
        recipientId: p.recipientId,
        reason: p.reason ?? p.kind,
        ledger: e ? e.state : 'new',
      });
    }
    return report;
  }

  const findingsByKey = new Map(findings.map((f) => [f.key, f]));
  const render = async (p: PlannedNotification): Promise<Rendered | null> => {
    const own = renderOwn(p, {
      snapshot,
      findings: findingsByKey,
      problems,
      ...(deps.tabUrl ? { tabUrl: deps.tabUrl } : {}),
    });
    if (own || p.kind === 'escalation' || p.kind === 'digest' || p.kind === 'admin-problems')
      return own;
    const r = deps.renderers?.[p.kind];
    if (!r) throw Object.assign(new Error(`no renderer for ${p.kind}`), { code: 'no-renderer' });
    return r(snapshot, p);
  };

  // Short leases, renewed while this instance works on them (scheduler/lease-keeper.ts): if it
  // dies mid-batch, the others take its claims over within one lease.
  const leaseMs = deps.leaseMs ?? DEFAULT_TICK_LEASE_MS;
  const leases =
    deps.leases ?? new LeaseKeeper({ ledger, owner: deps.owner, leaseMs, logger: deps.logger });
  // One look-up per recipient per tick (a person gets several items).
  const reach = new Map<string, Promise<boolean>>();
  const reachable = (id: string): Promise<boolean> => {
    if (!deps.reachable) return Promise.resolve(true);
    let r = reach.get(id);
    if (!r) reach.set(id, (r = deps.reachable(id)));
    return r;
  };
  const one = async (p: PlannedNotification): Promise<void> => {
    if (!(await reachable(p.recipientId))) {
      // Not a failure: nothing is claimed, and the first tick after they open the chat sends it.
      report.awaitingContact = (report.awaitingContact ?? 0) + 1;
      return;
    }
    const claim = await ledger.claim(p.key, deps.owner, leaseMs, { recipientId: p.recipientId });
    if (claim.status === 'already-sent') return void report.skippedAlreadySent++;
    if (claim.status === 'held-by-other') return void report.heldByOther++;
    if (claim.status === 'abandoned') return void report.abandoned++;
    report.claimed++;
    leases.hold(p.key);
    try {
      await claimed(p);
    } finally {
      leases.release(p.key);
    }
  };
  const claimed = async (p: PlannedNotification): Promise<void> => {
    let rendered: Rendered | null;
    try {
      rendered = await render(p);
    } catch (err) {
      const code = errorCode(err, 'render-error');
      deps.logger.error('tick.render-failed', { key: p.key, code });
      await ledger.markFailed(p.key, code, true);
      report.failed.push({ key: p.key, outcome: code });
      return;
    }
    if (!rendered) {
      // The data moved on between planning and rendering (e.g. the session was confirmed).
      await ledger.markFailed(p.key, 'not-applicable', false);
      report.notApplicable++;
      return;
    }
    const result = await deps.queue.send({
      recipientId: p.recipientId,
      card: rendered.card,
      summary: rendered.summary,
      key: p.key,
    });
    const o = result.outcome;
    if (o.status === 'sent') {
      await ledger.recordOutcome(p.key, o);
      report.sent++;
      report.sentKeys.push(p.key);
      if (p.kind === 'digest') {
        // The digest delivers the escalations it shows in full: record each (starts the L2
        // clock, and tells escalation-actions who may answer). Ones it only counts stay
        // unrecorded, so they lead the next digest.
        for (const ek of rendered.delivers ?? []) {
          const c = await ledger.claim(ek, deps.owner, leaseMs, { recipientId: p.recipientId });
          if (c.status === 'claimed') await ledger.markSent(ek, { outcome: `digest:${p.key}` });
        }
      }
      deps.logger.info('tick.sent', { key: p.key, kind: p.kind, attempts: result.attempts });
      return;
    }
    const code = outcomeCode(o);
    const state = await ledger.recordOutcome(p.key, o);
    report.failed.push({ key: p.key, outcome: code });
    deps.logger.warn('tick.send-failed', { key: p.key, outcome: code, ledger: state });
  };

  // A bounded pool, claims taken just before sending and sized to what the queue can send in
  // half a lease: a dead instance strands little, and only for one lease.
  const limit = Math.max(1, deps.maxInFlight ?? claimBatchSize(deps.queue.ratePerSecond, leaseMs));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < due.length) {
      if (deps.shouldStop?.()) {
        report.stopped = true;
        return;
      }
      const p = due[next++] as PlannedNotification;
      try {
        await one(p);
      } catch (err) {
        // A store error on one item must not sink the rest; an unfinished claim expires.
        const code = errorCode(err);
        deps.logger.error('tick.item-failed', { key: p.key, code });
        report.failed.push({ key: p.key, outcome: `error:${code}` });
      }
    }
  };
  // One sender for the app at a time (scheduler/sender-lease.ts): Teams' 50/s is shared by
  // every instance, so the one that sends uses all of it and the others wait their turn.
  const sender =
    deps.senderLease === false || due.length === 0
      ? null
      : new SenderLease(
          deps.kv,
          deps.owner,
          deps.clock,
          leaseMs,
          deps.logger,
          () => !leases.isStopped,
        );
  if (sender && !(await sender.acquire())) {
    report.senderBusy = true;
  } else {
    try {
      await Promise.all(Array.from({ length: Math.min(limit, due.length) }, worker));
    } finally {
      await sender?.release();
    }
  }
  if (deps.housekeeping && !report.stopped) {
    const key = housekeepingKey(asOf);
    const claim = await ledger.claim(key, deps.owner, 60 * 60_000);
    if (claim.status === 'claimed') {
      const done = await runHousekeeping(
        {
          kv: deps.kv,
          clock: deps.clock,
          logger: deps.logger,
          ...(deps.housekeeping.retainDays ? { retainDays: deps.housekeeping.retainDays } : {}),
          ...(deps.housekeeping.pruneAudit ? { pruneAudit: deps.housekeeping.pruneAudit } : {}),
        },
        snapshot,
        new Set(findings.map((f) => f.key)),
      );
      await ledger.markSent(key, { outcome: `pruned:${done.ledgerPruned}` });
      report.housekeeping = done;
    }
  }
  deps.logger.info('tick.done', {
    asOf,
    planned: report.planned,
    sent: report.sent,
    failed: report.failed.length,
    deferred: report.deferred.length,
    ...(report.awaitingContact ? { awaitingContact: report.awaitingContact } : {}),
  });
  return report;
}
