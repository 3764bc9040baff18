/**
 * How the scheduler and use-cases reach a person in Teams. Implemented in bot/ (proactive
 * messages through the Bot Connector, behind a rate-limited send queue).
 */
export interface OutboundMessage {
  /** Staff id (Entra object id in SharePoint mode). */
  recipientId: string;
  /** An Adaptive Card (schema 1.5) built by cards/. */
  card: Record<string, unknown>;
  /** Plain text shown in the notification / activity feed; no child names, no record text. */
  summary: string;
  /** The ledger key this send fulfils (for logs and dedupe in the connector). */
  key: string;
}

export type SendOutcome =
  | { status: 'sent'; activityId: string }
  | { status: 'throttled'; retryAfterMs: number }
  /** Never opened the bot and it could not be installed for them, or no such user. */
  | { status: 'recipient-not-found' }
  /** The user blocked or uninstalled the bot (Teams answers 403). */
  | { status: 'blocked' }
  /** The conversation was deleted (404). */
  | { status: 'conversation-gone' }
  /** `retryAfterMs`: the service's Retry-After on a 503 (it is down for that long). */
  | { status: 'failed'; code: string; retryAfterMs?: number };

export interface Notifier {
  send(message: OutboundMessage): Promise<SendOutcome>;
}
