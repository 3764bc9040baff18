/**
 * The durable outbox: event messages — the ones a card action, the tab or a triage step
 * produces, which the tick does not plan — are persisted with their rendered content
 * (recipient, card, summary) in the KvStore (namespace `outbox`, key = the ledger key) before
 * their ledger claim. The tick's outbox step (delivery/outbox-resend.ts) resends an entry whose
 * ledger entry failed with its retry due, or whose claim's lease ran out (the sender died),
 * through the same ledger claim, so several instances still send it once. An entry is removed
 * once its key is sent or abandoned (delivery/deliver-one.ts). Content is never logged: ids
 * and codes only.
 */
import type { Clock } from '../ports/clock';
import type { Json, KvStore } from '../ports/kv-store';
import type { OutboundMessage } from '../ports/notifier';

export const OUTBOX_NS = 'outbox';

/** The stored document (the key is the message's ledger key). */
export interface OutboxDoc {
  recipientId: string;
  summary: string;
  card: Record<string, unknown>;
  /** Epoch ms when it was (last) persisted. */
  createdAt: number;
}

export interface OutboxItem {
  message: OutboundMessage;
  createdAt: number;
  etag: string;
}

function toItem(key: string, value: unknown, etag: string): OutboxItem | null {
  const v = value as Partial<OutboxDoc> | null;
  if (
    !v ||
    typeof v.recipientId !== 'string' ||
    typeof v.summary !== 'string' ||
    typeof v.card !== 'object' ||
    v.card === null ||
    typeof v.createdAt !== 'number'
  )
    return null;
  return {
    message: { key, recipientId: v.recipientId, summary: v.summary, card: v.card },
    createdAt: v.createdAt,
    etag,
  };
}

export class Outbox {
  constructor(
    private readonly kv: KvStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Persists the message under its ledger key (replacing an earlier version: the latest
   * rendering is what a retry sends). Returns the etag, for a removal that only removes this
   * version.
   */
  async put(m: OutboundMessage): Promise<string> {
    const doc: OutboxDoc = {
      recipientId: m.recipientId,
      summary: m.summary,
      card: m.card,
      createdAt: this.clock.now().getTime(),
    };
    return (await this.kv.upsert(OUTBOX_NS, m.key, doc as unknown as Json)).etag;
  }

  async get(key: string): Promise<OutboxItem | null> {
    const e = await this.kv.get(OUTBOX_NS, key);
    return e ? toItem(key, e.value, e.etag) : null;
  }

  /** Removes the entry (only the version `etag`, when given). */
  remove(key: string, etag?: string): Promise<boolean> {
    return this.kv.delete(OUTBOX_NS, key, etag);
  }

  /** Every entry; malformed documents are returned as `message: null` so they can be pruned. */
  async list(): Promise<Array<{ key: string; item: OutboxItem | null; etag: string }>> {
    const rows = await this.kv.list(OUTBOX_NS);
    return rows.map((r) => ({ key: r.key, item: toItem(r.key, r.value, r.etag), etag: r.etag }));
  }
}
