/**
 * The one way a message goes out, whoever sends it (the tick, the outbox resend, the event
 * messages of card actions, the tab and triage): claim its key in the ledger → render → send
 * through the rate-limited queue → record the outcome (one retry policy: Ledger.recordOutcome)
 * → settle its outbox entry, if it has one.
 *
 * Exactly once: nothing is sent without a claim, a claim is only ours while its lease lives
 * (kept alive by the LeaseKeeper for short leases), and a send is recorded even when our lease
 * was lost meanwhile. A crash between claim and record leaves a claim another sender takes over
 * after its lease; a 429 is a retryable failure whose Retry-After the next claim waits out.
 */
import { errorCode } from '../kernel/errors';
import type { LeaseKeeper } from './lease-keeper';
import { outcomeCode, type Ledger, type LedgerState } from './ledger';
import type { Outbox } from './outbox';
import type { SendQueue } from './send-queue';

/** A message's content, ready to send. */
export interface Rendered {
  card: Record<string, unknown>;
  summary: string;
  /**
   * Ledger keys this message delivers besides its own: a digest's escalations shown in full
   * (not the ones it only counts, which must still reach the manager in a later digest).
   */
  delivers?: string[];
}

/**
 * What rendering gives: the content, `null` when there is nothing to send any more (the data
 * moved on since the message was planned: recorded `not-applicable`), or a reason to give the
 * message up for good (e.g. `outbox-expired`). A throw is a retryable render failure.
 */
export type RenderResult = Rendered | null | { giveUp: string };

export interface Parcel {
  /** The ledger key (ports/planned.ts). */
  key: string;
  recipientId: string;
  /** Called once the key is claimed, so only the claim's winner renders. */
  render: () => Promise<RenderResult> | RenderResult;
  /** The outbox version that holds this message: removed once the key is sent or given up. */
  outboxEtag?: string;
}

export interface DeliveryRoom {
  ledger: Ledger;
  queue: SendQueue;
  /** This instance's id in ledger claims. */
  owner: string;
  leaseMs: number;
  /** Renews short claims while the message is rendered and sent (the tick's). */
  leases?: LeaseKeeper;
  /** Where `outboxEtag` points (needed when a parcel has one). */
  outbox?: Outbox;
}

export type Delivered =
  /** Not claimed: sent or given up earlier, or another sender holds it (or its retry is not due). */
  | { status: 'already-sent'; cleared: boolean }
  | { status: 'abandoned'; cleared: boolean }
  | { status: 'held-by-other'; cleared: false }
  /** Claimed, and rendering threw: recorded as a retryable failure. */
  | { status: 'render-failed'; code: string }
  /** Claimed, and there was nothing to send (`not-applicable`) or a reason to give up. */
  | { status: 'given-up'; code: string }
  | { status: 'sent'; attempt: number; attempts: number; rendered: Rendered }
  | { status: 'failed'; code: string; state: LedgerState; attempts: number };

export async function deliverOne(room: DeliveryRoom, parcel: Parcel): Promise<Delivered> {
  const { ledger, owner, leaseMs } = room;
  const { key, recipientId } = parcel;
  const claim = await ledger.claim(key, owner, leaseMs, { recipientId });
  if (claim.status !== 'claimed') {
    // Sent or given up earlier: its outbox content has nothing left to do. Held by another
    // sender (or a retry not due yet): the entry stays, whoever holds the key finishes it.
    if (claim.status === 'held-by-other') return { status: claim.status, cleared: false };
    return { status: claim.status, cleared: await settleOutbox(room, parcel, 'abandoned') };
  }
  room.leases?.hold(key);
  try {
    let rendered: RenderResult;
    try {
      rendered = await parcel.render();
    } catch (err) {
      const code = errorCode(err, 'render-error');
      await ledger.markFailed(key, code, true);
      return { status: 'render-failed', code };
    }
    if (rendered === null || 'giveUp' in rendered) {
      const code = rendered === null ? 'not-applicable' : rendered.giveUp;
      await ledger.markFailed(key, code, false);
      await settleOutbox(room, parcel, 'abandoned');
      return { status: 'given-up', code };
    }
    const { outcome, attempts } = await room.queue.send({
      key,
      recipientId,
      card: rendered.card,
      summary: rendered.summary,
    });
    const state = await ledger.recordOutcome(key, outcome);
    await settleOutbox(room, parcel, state);
    if (outcome.status !== 'sent')
      return { status: 'failed', code: outcomeCode(outcome), state, attempts };
    // A message that delivers others (a digest's escalations) records each of them as well:
    // that starts the L2 clock and says who may answer. Ones it only counts stay unrecorded.
    for (const other of rendered.delivers ?? []) {
      const c = await ledger.claim(other, owner, leaseMs, { recipientId });
      if (c.status === 'claimed') await ledger.markSent(other, { outcome: `digest:${key}` });
    }
    return { status: 'sent', attempt: claim.attempt, attempts, rendered };
  } finally {
    room.leases?.release(key);
  }
}

/** Removes the parcel's outbox version unless a retry is still to come; true when removed. */
async function settleOutbox(
  room: DeliveryRoom,
  parcel: Parcel,
  state: LedgerState,
): Promise<boolean> {
  if (state === 'failed' || parcel.outboxEtag === undefined || !room.outbox) return false;
  return room.outbox.remove(parcel.key, parcel.outboxEtag);
}
