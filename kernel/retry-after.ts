/**
 * The one reading of an HTTP `Retry-After` header (RFC 9110 §10.2.3), for every client that
 * honours it: Graph (sharepoint/retry.ts), Azure Tables (store/azure-retry.ts) and the Bot
 * Connector (bot/send-errors.ts). Each caller keeps its own default for a missing header.
 */

/**
 * Milliseconds to wait: delta-seconds (a negative number waits 0), or an HTTP date (0 when it
 * has passed); null when the header is absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: () => number = Date.now,
): number | null {
  if (!value) return null;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now());
}
