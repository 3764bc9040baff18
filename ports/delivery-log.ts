/**
 * What a use-case may read of the delivery ledger (delivery/ledger.ts keeps it, and its
 * `Ledger` satisfies this interface): whether a message with a given key (ports/planned.ts)
 * went, to whom, and when. Writing stays with the senders, which claim a key before they send.
 */
export interface DeliveryRecord {
  /** `sent` once delivered; other states are the ledger's own (claimed, failed, ...). */
  state: string;
  recipientId?: string;
  /** Epoch ms of the entry's last change (for a sent entry: when it was sent). */
  updatedAt: number;
}

export interface DeliveryLog {
  get(key: string): Promise<DeliveryRecord | null>;
}
