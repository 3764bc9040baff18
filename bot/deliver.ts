/**
 * Sends the messages a use-case hands back (e.g. "please sign" cards to both parties after a
 * session is confirmed) the same way the scheduler sends: claim the key in the ledger (so a
 * retried card press, or another instance, cannot send it twice), send through the rate-limited
 * queue, record the outcome. Runs in the background so the card press is answered at once;
 * `idle()` lets shutdown wait for what is in flight.
 */
import type { Logger } from '../ports/logger';
import type { OutboundMessage } from '../ports/notifier';
import { outcomeCode, type Ledger } from '../scheduler/ledger';
import type { SendQueue } from '../scheduler/send-queue';

export interface DeliveryDeps {
  ledger: Ledger;
  queue: SendQueue;
  /** This instance's id for ledger claims. */
  owner: string;
  logger: Logger;
  leaseMs?: number;
}

export type DeliveryResult = { key: string; outcome: string };

export class MessageDelivery {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly deps: DeliveryDeps) {}

  /** Starts delivering; the returned promise resolves with each outcome (never rejects). */
  deliver(messages: OutboundMessage[]): Promise<DeliveryResult[]> {
    const p = Promise.all(messages.map((m) => this.one(m)));
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async one(m: OutboundMessage): Promise<DeliveryResult> {
    const { ledger, queue, logger } = this.deps;
    try {
      const claim = await ledger.claim(m.key, this.deps.owner, this.deps.leaseMs ?? 10 * 60_000, {
        recipientId: m.recipientId,
      });
      if (claim.status !== 'claimed') {
        logger.info('deliver.skipped', { key: m.key, ledger: claim.status });
        return { key: m.key, outcome: claim.status };
      }
      const { outcome } = await queue.send(m);
      // The same retry policy as the scheduler's tick (Ledger.recordOutcome).
      const state = await ledger.recordOutcome(m.key, outcome);
      if (outcome.status !== 'sent') {
        logger.warn('deliver.failed', {
          key: m.key,
          recipientId: m.recipientId,
          outcome: outcomeCode(outcome),
          ledger: state,
        });
      }
      return { key: m.key, outcome: outcomeCode(outcome) };
    } catch (err) {
      logger.error('deliver.error', { key: m.key, code: (err as Error).name });
      return { key: m.key, outcome: 'error' };
    }
  }
}
