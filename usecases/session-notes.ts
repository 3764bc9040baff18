/**
 * What the bot keeps about a session beyond the organisation's list columns, in the state
 * store (KvStore): who confirmed the outcome and when (shown on the card for everyone).
 */
import type { Instant, SessionStatus } from '../policy/domain';
import type { KvStore } from '../ports/kv-store';

const CONFIRMATIONS = 'supervision.confirmations';

export interface ConfirmationNote {
  status: Exclude<SessionStatus, 'scheduled'>;
  by: string;
  at: Instant;
}

/** First writer wins: a double-click or a second confirmer never changes who confirmed. */
export async function noteConfirmation(
  kv: KvStore,
  sessionId: string,
  note: ConfirmationNote,
): Promise<void> {
  await kv.insert(CONFIRMATIONS, sessionId, { ...note });
}

export async function getConfirmation(
  kv: KvStore,
  sessionId: string,
): Promise<ConfirmationNote | null> {
  const e = await kv.get(CONFIRMATIONS, sessionId);
  return e ? (e.value as unknown as ConfirmationNote) : null;
}
