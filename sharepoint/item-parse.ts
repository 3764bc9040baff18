/**
 * One list item → a contract record through the shared row validation (contract/rows.ts), so
 * SharePoint rejects exactly the rows CSV would. Problems name the list and the item id.
 * The audit list (signatures) is ours, not the contract's, and is read here directly.
 */
import { errorCode } from '../kernel/errors';
import type { RowProblem } from '../contract/problems';
import { parseRows, type TableItems } from '../contract/rows';
import type { SignatureEntry } from '../ports/schedule';
import { fieldsToRow } from './fields';
import { LISTS, SIGNATURE_DECISIONS, SIGNER_ROLES, type TableKey } from './schema';

export interface ParsedItem<T> {
  itemId: string;
  etag: string;
  record: T | null;
  problems: RowProblem[];
}

export function parseItem<K extends TableKey>(
  key: K,
  itemId: string,
  etag: string,
  fields: Record<string, unknown>,
): ParsedItem<TableItems[K]> {
  const file = LISTS[key].displayName;
  try {
    const parsed = parseRows(key, [fieldsToRow(key, fields)], file, { rowIds: [itemId] });
    return { itemId, etag, record: parsed.items[0] ?? null, problems: parsed.problems };
  } catch (e) {
    const code = errorCode(e, 'invalid-item');
    return {
      itemId,
      etag,
      record: null,
      problems: [
        {
          file,
          row: itemId,
          column: null,
          code,
          message: `${file} item ${itemId}: could not be read; the item was skipped`,
        },
      ],
    };
  }
}

export function parseSignature(fields: Record<string, unknown>): SignatureEntry | null {
  const s = (k: string) => (typeof fields[k] === 'string' ? (fields[k] as string) : '');
  const role = s('signerRole');
  const decision = s('decision');
  if (!s('Title') || !s('sessionId') || !s('signerId')) return null;
  if (
    !(SIGNER_ROLES as readonly string[]).includes(role) ||
    !(SIGNATURE_DECISIONS as readonly string[]).includes(decision)
  )
    return null;
  return {
    id: s('Title'),
    sessionId: s('sessionId'),
    signerId: s('signerId'),
    signerRole: role as SignatureEntry['signerRole'],
    decision: decision as SignatureEntry['decision'],
    ...(s('comment') ? { comment: s('comment') } : {}),
    at: Number.isNaN(Date.parse(s('at'))) ? '' : new Date(s('at')).toISOString(),
    contentHash: s('contentHash'),
    activityId: s('activityId'),
  };
}
