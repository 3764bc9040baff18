/**
 * What may go into a span or metric attribute: a closed list of keys, each with a value that is
 * a number, a boolean or a short code (`message`, `sent`, `429`, `overdue-supervision`), never
 * free text. Anything else is dropped here, whatever a caller passes, so a name, a child's
 * case id, a staff id, a token or record text cannot reach Application Insights even by
 * mistake: ids are longer than a code or carry characters a code does not.
 */
export const ALLOWED_KEYS = [
  /** Activity type of a turn: message, invoke, conversationUpdate… */
  'activity.type',
  /** HTTP status answered or received. */
  'http.status',
  /** GET, POST, PATCH, DELETE. */
  'http.method',
  /** What a Graph request was for, as a fixed word (site, lists, items, delta, batch). */
  'graph.operation',
  /** A result code: sent, throttled, failed, ok, network, accessDenied… */
  'outcome',
  /** A finding kind (policy/findings.ts). */
  'finding.kind',
  /** Which service throttled: graph or connector. */
  'service',
  /** The tick's shape: dry-run or not, stopped early. */
  'tick.dry_run',
  'tick.stopped',
] as const;

export type AttributeKey = (typeof ALLOWED_KEYS)[number];
export type Attributes = Partial<Record<AttributeKey, string | number | boolean>>;

const KEYS = new Set<string>(ALLOWED_KEYS);

/**
 * A code: lowercase-or-camel letters, digits, dots, dashes and underscores, at most 40
 * characters, and not shaped like an identifier (a GUID, a long digit run, an e-mail, a
 * case-system id such as `CS-123456`).
 */
const CODE = /^[A-Za-z][A-Za-z0-9._-]{0,39}$/;
const LOOKS_LIKE_ID = /[0-9a-f]{8}-[0-9a-f]{4}|\d{4,}|@|^[A-Z]{2,}-\d/i;

/** Keeps only allowed keys with safe values; everything else is dropped silently. */
export function safeAttributes(input: Record<string, unknown> | undefined): Attributes {
  const out: Attributes = {};
  if (!input) return out;
  for (const [k, v] of Object.entries(input)) {
    if (!KEYS.has(k)) continue;
    if (typeof v === 'boolean') out[k as AttributeKey] = v;
    else if (typeof v === 'number' && Number.isFinite(v)) out[k as AttributeKey] = v;
    else if (typeof v === 'string' && CODE.test(v) && !LOOKS_LIKE_ID.test(v))
      out[k as AttributeKey] = v;
  }
  return out;
}
