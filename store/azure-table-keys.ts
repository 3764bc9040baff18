/**
 * Reversible encoding of KvStore namespaces and keys into Azure Table PartitionKey/RowKey.
 *
 * Azure forbids `/`, `\`, `#`, `?` and control characters (U+0000–U+001F, U+007F–U+009F) in
 * keys, and keys travel inside the request URL (`(PartitionKey='..',RowKey='..')`), where a
 * literal `%` is decoded by the server and `+` may be read as a space. So those characters,
 * plus the escape character `~` itself, become `~XX` (two upper-case hex digits). Everything
 * else, including non-ASCII text, is kept as it is so keys stay readable in Storage Explorer.
 *
 * The encoding works character by character and `~` always starts a three-character escape,
 * so `key` starts with `prefix` exactly when `encode(key)` starts with `encode(prefix)`:
 * prefix listing is a RowKey range query on the encoded prefix. Encoded order is not key
 * order (escapes sort differently), so the adapter sorts decoded keys itself.
 */

// eslint-disable-next-line no-control-regex
const MUST_ESCAPE = /[\u0000-\u001f\u007f-\u009f/\\#?%+~]/g;
const ESCAPE = /~([0-9A-F]{2})/g;

/** Azure's limit on a PartitionKey or RowKey. */
export const MAX_ENCODED_KEY_LENGTH = 1024;

export function encodeKey(key: string): string {
  return key.replace(
    MUST_ESCAPE,
    (c) => `~${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

export function decodeKey(encoded: string): string {
  return encoded.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The RowKey range holding every encoded key that starts with `encodedPrefix`: `ge` the
 * prefix and `lt` the prefix with its last character incremented. When the last character is
 * a surrogate or in the top of the BMP, where UTF-16 and code-point order disagree, only the
 * lower bound is safe; the caller filters by `startsWith` either way.
 */
export function prefixRange(encodedPrefix: string): { ge: string; lt?: string } {
  if (encodedPrefix === '') return { ge: '' };
  const last = encodedPrefix.charCodeAt(encodedPrefix.length - 1);
  if (last >= 0xd7ff) return { ge: encodedPrefix };
  return { ge: encodedPrefix, lt: encodedPrefix.slice(0, -1) + String.fromCharCode(last + 1) };
}
