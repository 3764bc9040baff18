/**
 * One list item → a contract record through the shared row validation (contract/rows.ts), so
 * SharePoint rejects exactly the rows CSV would. Problems name the list and the item id.
 * The audit list (signatures) is ours, not the contract's, and is read here directly.
 */
import { errorCode } from '../kernel/errors';
import type { RowProblem } from '../contract/problems';
import { rowOf } from '../contract/row-origin';
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

/**
 * Many items of one list at once: the same validation as parseItem, with the header resolved
 * once for the lot instead of once per item (a first load parses every item of every list).
 * Should the batch throw, each item is parsed alone, so one bad item spoils only itself.
 */
export function parseItems<K extends TableKey>(
  key: K,
  items: ReadonlyArray<{ itemId: string; etag: string; fields: Record<string, unknown> }>,
): Array<ParsedItem<TableItems[K]>> {
  if (items.length === 0) return [];
  const file = LISTS[key].displayName;
  let parsed: ReturnType<typeof parseRows<K>>;
  try {
    parsed = parseRows(
      key,
      items.map((i) => fieldsToRow(key, i.fields)),
      file,
      { rowIds: items.map((i) => i.itemId) },
    );
  } catch {
    return items.map((i) => parseItem(key, i.itemId, i.etag, i.fields));
  }
  const records = new Map<string, TableItems[K]>();
  for (const r of parsed.items) records.set(String(rowOf(r)), r);
  const problems = new Map<string, RowProblem[]>();
  for (const p of parsed.problems) {
    const id = String(p.row);
    const list = problems.get(id);
    if (list) list.push(p);
    else problems.set(id, [p]);
  }
  return items.map((i) => ({
    itemId: i.itemId,
    etag: i.etag,
    record: records.get(i.itemId) ?? null,
    problems: problems.get(i.itemId) ?? [],
  }));
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
