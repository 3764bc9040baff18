/**
 * Sends the messages a use-case hands back (e.g. "please sign" cards to both parties after a
 * session is confirmed, triage asks and notices) the way every message goes: through the
 * delivery room (delivery/deliver-one.ts: claim the key in the ledger, so a retried card press
 * or another instance cannot send it twice; send through the rate-limited queue; record the
 * outcome). Runs in the background so the card press is answered at once; `idle()` lets
 * shutdown wait for what is in flight.
 *
 * The tick does not plan these messages, so each is first persisted with its content in the
 * outbox (delivery/outbox.ts) under its ledger key, before the claim: a retryable failure, or a
 * crash at any point after that write, is resent by the tick's outbox step (once, through the
 * same ledger claim). The entry is removed once the key is sent or abandoned.
 */
import { errorName } from '../kernel/errors';
import type { Logger } from '../ports/logger';
import type { OutboundMessage } from '../ports/notifier';
import { deliverOne } from './deliver-one';
import type { Ledger } from './ledger';
import { Outbox, OUTBOX_NS } from './outbox';
import { EVENT_LEASE_MS } from './outbox-resend';
import type { SendQueue } from './send-queue';

export interface DeliveryDeps {
  ledger: Ledger;
  queue: SendQueue;
  /** This instance's id for ledger claims. */
  owner: string;
  logger: Logger;
  leaseMs?: number;
  /** Where content waits until sent (default: the ledger's store and clock). */
  outbox?: Outbox;
  /**
   * Whether a message to this person can go now (local mode: only once they have opened the
   * chat). When not, the message waits in the outbox, unclaimed, until `flushFor(them)`.
   */
  reachable?: (recipientId: string) => Promise<boolean>;
}

export type DeliveryResult = { key: string; outcome: string };

export class MessageDelivery {
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly outbox: Outbox;

  constructor(private readonly deps: DeliveryDeps) {
    this.outbox = deps.outbox ?? new Outbox(deps.ledger.kv, deps.ledger.clock);
  }

  /** Starts delivering; the returned promise resolves with each outcome (never rejects). */
  deliver(messages: OutboundMessage[]): Promise<DeliveryResult[]> {
    const p = Promise.all(messages.map((m) => this.one(m)));
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  /**
   * Sends what waits for `recipientId` (their first message or install just arrived): every
   * outbox entry of theirs not yet sent, at once, through the usual claim.
   */
  async flushFor(recipientId: string): Promise<DeliveryResult[]> {
    const rows = await this.deps.ledger.kv.list(OUTBOX_NS);
    const waiting: OutboundMessage[] = [];
    for (const row of rows) {
      const item = await this.outbox.get(row.key);
      if (!item || item.message.recipientId !== recipientId) continue;
      const entry = await this.deps.ledger.get(row.key);
      if (!entry || entry.state === 'failed') waiting.push(item.message);
    }
    return waiting.length > 0 ? this.deliver(waiting) : [];
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async one(m: OutboundMessage): Promise<DeliveryResult> {
    const { ledger, queue, logger, owner } = this.deps;
    try {
      let etag: string | undefined;
      try {
        etag = await this.outbox.put(m);
      } catch (err) {
        // Still worth one attempt now; only the safety net for a failure is missing.
        logger.error('deliver.outbox-failed', { key: m.key, code: errorName(err) });
      }
      if (this.deps.reachable && !(await this.deps.reachable(m.recipientId))) {
        // Kept in the outbox, unclaimed: it goes when they first open the chat (flushFor).
        logger.info('deliver.awaiting-contact', { key: m.key, recipientId: m.recipientId });
        return { key: m.key, outcome: 'awaiting-contact' };
      }
      const leaseMs = this.deps.leaseMs ?? EVENT_LEASE_MS;
      const d = await deliverOne(
        { ledger, queue, owner, leaseMs, outbox: this.outbox },
        {
          key: m.key,
          recipientId: m.recipientId,
          render: () => ({ card: m.card, summary: m.summary }),
          ...(etag !== undefined ? { outboxEtag: etag } : {}),
        },
      );
      if (d.status === 'already-sent' || d.status === 'abandoned' || d.status === 'held-by-other') {
        // Sent or given up earlier: nothing kept. Held by another sender (or a retry not due
        // yet): the entry stays, and whoever holds the key, or the tick, finishes it.
        logger.info('deliver.skipped', { key: m.key, ledger: d.status });
        return { key: m.key, outcome: d.status };
      }
      if (d.status === 'sent') return { key: m.key, outcome: 'sent' };
      const state = d.status === 'failed' ? d.state : 'failed';
      logger.warn('deliver.failed', {
        key: m.key,
        recipientId: m.recipientId,
        outcome: d.code,
        ledger: state,
      });
      return { key: m.key, outcome: d.code };
    } catch (err) {
      logger.error('deliver.error', { key: m.key, code: errorName(err) });
      return { key: m.key, outcome: 'error' };
    }
  }
}
