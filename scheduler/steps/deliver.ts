/**
 * Tick step 8: deliver what is due. Each item: claim its key in the ledger, render, send
 * through the SendQueue, record the outcome. A bounded pool of claims, taken just before
 * sending and sized to what the queue can send in half a lease, behind the app-wide sender
 * lease: a dead instance strands little, and only for one lease.
 */
import { errorCode } from '../../kernel/errors';
import type { PlannedNotification } from '../../ports/planned';
import { LeaseKeeper } from '../lease-keeper';
import { outcomeCode } from '../ledger';
import type { Rendered } from '../render-own';
import { SenderLease } from '../sender-lease';
import type { TickRun } from '../tick-run';
import type { TickRender } from './render';

/** Default claim lease for the tick's sends (renewed while sending). */
export const DEFAULT_TICK_LEASE_MS = 30_000;

/** Claims in flight at once: what `ratePerSecond` sends in half a lease, 1 to 200. */
export function claimBatchSize(ratePerSecond: number, leaseMs: number): number {
  return Math.max(1, Math.min(200, Math.floor((ratePerSecond * leaseMs) / 2000)));
}

export async function deliverStep(
  { deps, ledger, report }: TickRun,
  due: PlannedNotification[],
  render: TickRender,
): Promise<void> {
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
    return;
  }
  try {
    await Promise.all(Array.from({ length: Math.min(limit, due.length) }, worker));
  } finally {
    await sender?.release();
  }
}
