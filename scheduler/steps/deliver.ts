/**
 * Tick step 8: deliver what is due, each through the delivery room (delivery/deliver-one.ts:
 * claim → render → send → record). A bounded pool of claims, taken just before sending and
 * sized to what the queue can send in half a lease, behind the app-wide sender lease: a dead
 * instance strands little, and only for one lease. The pool ramps up to that size as the queue
 * empties (delivery/pool.ts).
 */
import { deliverOne, type DeliveryRoom } from '../../delivery/deliver-one';
import { LeaseKeeper } from '../../delivery/lease-keeper';
import { runPool } from '../../delivery/pool';
import { SenderLease } from '../../delivery/sender-lease';
import { errorCode } from '../../kernel/errors';
import type { PlannedNotification } from '../../ports/planned';
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
  // Short leases, renewed while this instance works on them (delivery/lease-keeper.ts): if it
  // dies mid-batch, the others take its claims over within one lease.
  const leaseMs = deps.leaseMs ?? DEFAULT_TICK_LEASE_MS;
  const leases =
    deps.leases ?? new LeaseKeeper({ ledger, owner: deps.owner, leaseMs, logger: deps.logger });
  const room: DeliveryRoom = { ledger, queue: deps.queue, owner: deps.owner, leaseMs, leases };
  // One look-up per recipient per tick (a person gets several items).
  const reach = new Map<string, Promise<boolean>>();
  const reachable = (id: string): Promise<boolean> => {
    if (!deps.reachable) return Promise.resolve(true);
    let r = reach.get(id);
    if (!r) reach.set(id, (r = deps.reachable(id)));
    return r;
  };

  const one = async (p: PlannedNotification, more: () => void): Promise<void> => {
    if (!(await reachable(p.recipientId))) {
      // Not a failure: nothing is claimed, and the first tick after they open the chat sends it.
      report.awaitingContact = (report.awaitingContact ?? 0) + 1;
      return;
    }
    const d = await deliverOne(room, {
      key: p.key,
      recipientId: p.recipientId,
      // Called once the key is ours: that is when the tick counts a claim.
      render: () => {
        report.claimed++;
        more();
        return render(p);
      },
    });
    switch (d.status) {
      case 'already-sent':
        return void report.skippedAlreadySent++;
      case 'held-by-other':
        return void report.heldByOther++;
      case 'abandoned':
        return void report.abandoned++;
      case 'render-failed':
        deps.logger.error('tick.render-failed', { key: p.key, code: d.code });
        return void report.failed.push({ key: p.key, outcome: d.code });
      case 'given-up':
        // The data moved on between planning and rendering (e.g. the session was confirmed).
        return void report.notApplicable++;
      case 'sent':
        report.sent++;
        report.sentKeys.push(p.key);
        deps.logger.info('tick.sent', { key: p.key, kind: p.kind, attempts: d.attempts });
        return;
      case 'failed':
        report.failed.push({ key: p.key, outcome: d.code });
        deps.logger.warn('tick.send-failed', { key: p.key, outcome: d.code, ledger: d.state });
    }
  };

  // One sender for the app at a time (delivery/sender-lease.ts): Teams' 50/s is shared by
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
  const limit = deps.maxInFlight ?? claimBatchSize(deps.queue.ratePerSecond, leaseMs);
  try {
    const { stopped } = await runPool(
      due,
      limit,
      async (p, more) => {
        try {
          await one(p, more);
        } catch (err) {
          // A store error on one item must not sink the rest; an unfinished claim expires.
          const code = errorCode(err);
          deps.logger.error('tick.item-failed', { key: p.key, code });
          report.failed.push({ key: p.key, outcome: `error:${code}` });
        }
      },
      deps.shouldStop,
      // Claims start a few at a time and grow while the queue holds less than a second's
      // sends: a burst's first claims reach the queue at once instead of behind 200 others.
      {
        initial: Math.ceil(deps.queue.ratePerSecond / 5),
        wanted: () => deps.queue.pending < deps.queue.ratePerSecond,
      },
    );
    if (stopped) report.stopped = true;
  } finally {
    await sender?.release();
  }
}
