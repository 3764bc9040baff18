/**
 * The SharePoint lists that hold the organisation's data (shared/CONTRACT.md), the
 * extension lists (actions, cases) and the append-only signatures audit list, with typed
 * columns. Column names are the contract's names (the lists' internal names), except the
 * record key, which lives in the built-in `Title` column: SharePoint reserves `ID`, so a
 * column called `id` cannot be created.
 *
 * People are text columns holding the Entra object id (or UPN), not Person columns: a Person
 * column's value is a site-user lookup id that must be resolved per site (and fails for
 * anyone who never visited the site), while the bot already knows everyone by object id.
 * docs/sharepoint.md explains the trade-off.
 *
 * `indexed: true` on every column the bot filters or joins on keeps queries under
 * SharePoint's 5,000-item list view threshold.
 */
import { TABLE_NAMES, TABLES, type ColumnDef, type TableName } from '../contract/columns';
import { RECORD_STATUSES } from '../policy/domain';

export type ColumnKind = 'text' | 'note' | 'number' | 'boolean' | 'date' | 'dateTime' | 'choice';

export interface ListColumn {
  name: string;
  kind: ColumnKind;
  choices?: readonly string[];
  indexed?: boolean;
}

export type TableKey = TableName;
export type ListKey = TableKey | 'signatures' | 'records';

export interface ListSchema {
  key: ListKey;
  displayName: string;
  /** The record property stored in Title (null: Title is a derived key, see titleFor). */
  titleProperty: string | null;
  /**
   * SharePoint itself refuses a second item with the same Title (UNIQUE_TITLE): on the lists
   * the bot creates items in by a deterministic id (sessions, actions, the signatures audit
   * list), so two writers that both found no item cannot both add one.
   */
  uniqueTitle?: true;
  columns: ListColumn[];
}

export const SIGNER_ROLES = ['supervisor', 'supervisee'] as const;
export const SIGNATURE_DECISIONS = ['signed', 'disagreed', 'voided'] as const;

/** Columns the bot filters or joins on: indexed so queries stay under the 5,000-item threshold. */
const INDEXED: Record<ListKey, readonly string[]> = {
  staff: ['role', 'supervisorId', 'lineManagerId', 'team'],
  sessions: ['superviseeId', 'supervisorId', 'kind', 'scheduledStart', 'status'],
  agreements: ['superviseeId', 'supervisorId'],
  absences: ['staffId', 'from'],
  rota: ['date', 'hub', 'memberId'],
  actions: ['sessionId', 'ownerId'],
  cases: ['workerId'],
  signatures: ['sessionId', 'signerId'],
  records: ['status'],
};

/** Free text that may run past 255 characters: a multi-line text column. */
const NOTES = new Set(['cancelReason', 'recordSummary', 'text', 'comment']);

const DISPLAY_NAMES: Record<ListKey, string> = {
  staff: 'Supervision Staff',
  sessions: 'Supervision Sessions',
  agreements: 'Supervision Agreements',
  absences: 'Staff Absences',
  rota: 'Triage Rota',
  actions: 'Supervision Actions',
  cases: 'Supervision Cases',
  signatures: 'Supervision Signatures',
  records: 'Supervision Records',
};

/** The contract column's type (contract/columns.ts) as a SharePoint column kind. */
function kindOf(c: ColumnDef): ColumnKind {
  switch (c.type) {
    case 'date':
      return 'date';
    case 'datetime':
    case 'date-or-datetime':
      return 'dateTime';
    case 'int':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'choice':
      return 'choice';
    case 'labels': // `;`-separated labels (cases.category) are one text column
    case 'text':
      return NOTES.has(c.name) ? 'note' : 'text';
    case 'id-list':
      // `;`-separated ids: a group's attendees run past a text column's 255 characters.
      return 'note';
  }
}

/**
 * Every list's Title holds the record's key (the id, or the derived key of titleFor) and is
 * unique. The bot and the import create items by that key; two instances, a replay racing a
 * live write, or a POST whose answer failed after it landed (a 5xx never proves nothing
 * happened) may each try to add the same record. With a unique Title SharePoint refuses the
 * second row, and the writer re-reads by the key before any retry (item-writer.ts).
 */
const UNIQUE_TITLE_TABLES = new Set<TableName>(TABLE_NAMES);

function fromContract(table: TableName): ListSchema {
  const cols = TABLES[table].columns;
  const keyCol = cols.find((c) => c.name === 'id' || c.name === 'caseId');
  return {
    key: table,
    displayName: DISPLAY_NAMES[table],
    titleProperty: keyCol?.name ?? null,
    ...(UNIQUE_TITLE_TABLES.has(table) ? { uniqueTitle: true as const } : {}),
    columns: cols
      .filter((c) => c !== keyCol)
      .map((c) => ({
        name: c.name,
        kind: kindOf(c),
        ...(c.choices ? { choices: c.choices } : {}),
        ...(INDEXED[table].includes(c.name) ? { indexed: true } : {}),
      })),
  };
}

/** Fields of SignatureEntry (ports/schedule.ts); `id` lives in Title. */
const SIGNATURES: ListSchema = {
  key: 'signatures',
  displayName: DISPLAY_NAMES.signatures,
  titleProperty: 'id',
  // Two bot instances (or a replay racing a live write) may both find no entry and both POST:
  // the unique column makes the second POST fail with 409 instead of adding a second line.
  uniqueTitle: true,
  columns: [
    { name: 'sessionId', kind: 'text', indexed: true },
    { name: 'signerId', kind: 'text', indexed: true },
    { name: 'signerRole', kind: 'choice', choices: SIGNER_ROLES },
    { name: 'decision', kind: 'choice', choices: SIGNATURE_DECISIONS },
    { name: 'comment', kind: 'note' },
    { name: 'at', kind: 'dateTime' },
    { name: 'contentHash', kind: 'text' },
    { name: 'activityId', kind: 'text' },
  ],
};

export { RECORD_STATUSES };

/**
 * The structured supervision records (issue 18), one item per session: Title is the session id
 * (indexed, unique: a second item for one session is refused by SharePoint itself). The record's
 * sections and case entries are ONE JSON document in a plain multi-line text column, not a
 * column per section: sections differ per profile and an organisation may rename or add them in
 * its overrides, and a column per section would need a provisioning run for every such change.
 * `status` and `updatedAt` are columns of their own so a list view can show and filter them.
 * sharepoint/record-fields.ts converts; docs/sharepoint.md states the size limit.
 */
const RECORDS: ListSchema = {
  key: 'records',
  displayName: DISPLAY_NAMES.records,
  titleProperty: 'sessionId',
  uniqueTitle: true,
  columns: [
    { name: 'status', kind: 'choice', choices: RECORD_STATUSES, indexed: true },
    { name: 'updatedAt', kind: 'dateTime' },
    { name: 'recordFormat', kind: 'number' },
    { name: 'record', kind: 'note' },
  ],
};

export const LISTS: Record<ListKey, ListSchema> = {
  staff: fromContract('staff'),
  sessions: fromContract('sessions'),
  agreements: fromContract('agreements'),
  absences: fromContract('absences'),
  rota: fromContract('rota'),
  actions: fromContract('actions'),
  cases: fromContract('cases'),
  signatures: SIGNATURES,
  records: RECORDS,
};

/** The contract's tables, in the contract's order (contract/columns.ts). */
export const TABLE_KEYS: TableKey[] = [...TABLE_NAMES];
export const LIST_KEYS: ListKey[] = [...TABLE_KEYS, 'signatures', 'records'];
/**
 * The lists every load (each tick) brings up to date: the contract's tables and the records
 * (OrgSnapshot.records). The signatures audit list is read when a trail is asked for.
 */
export const SNAPSHOT_LISTS: ListKey[] = [...TABLE_KEYS, 'records'];

/**
 * The record's key as stored in Title. Lists without an id column get a derived key so that
 * import can match rows to items and admins can read the list at a glance.
 */
export function titleFor(key: ListKey, record: Record<string, unknown>): string {
  const s = LISTS[key];
  if (s.titleProperty) return String(record[s.titleProperty] ?? '');
  const v = (k: string) => String(record[k] ?? '');
  switch (key) {
    case 'agreements':
      return `${v('superviseeId')}|${v('supervisorId')}|${v('signedAt') || 'unsigned'}`;
    case 'absences':
      return `${v('staffId')}|${v('from')}|${v('to')}`;
    case 'rota':
      return `${v('date')}|${v('hub')}`;
    default:
      return '';
  }
}

/**
 * The built-in Title column's settings on a list with `uniqueTitle` (PATCH
 * /lists/{id}/columns/{id}). SharePoint only enforces unique values on an indexed column.
 */
export const UNIQUE_TITLE = { indexed: true, enforceUniqueValues: true } as const;

/** Graph columnDefinition for a column (POST /lists/{id}/columns body). */
export function columnDefinition(c: ListColumn): Record<string, unknown> {
  const base: Record<string, unknown> = {
    name: c.name,
    displayName: c.name,
    ...(c.indexed ? { indexed: true } : {}),
  };
  switch (c.kind) {
    case 'text':
      return { ...base, text: {} };
    case 'note':
      // Plain text: free text is stored as typed, never as HTML (rich text would wrap it).
      return { ...base, text: { allowMultipleLines: true, textType: 'plain' } };
    case 'number':
      return { ...base, number: {} };
    case 'boolean':
      return { ...base, boolean: {} };
    case 'date':
      return { ...base, dateTime: { format: 'dateOnly' } };
    case 'dateTime':
      return { ...base, dateTime: { format: 'dateTime' } };
    case 'choice':
      return {
        ...base,
        choice: {
          choices: [...(c.choices ?? [])],
          displayAs: 'dropDownMenu',
          allowTextEntry: false,
        },
      };
  }
}

/** The kind an existing columnDefinition has, as far as we can tell (null: something else). */
export function kindOfDefinition(def: Record<string, unknown>): ColumnKind | null {
  if (def['choice']) return 'choice';
  if (def['number']) return 'number';
  if (def['boolean']) return 'boolean';
  if (def['dateTime'])
    return (def['dateTime'] as { format?: string }).format === 'dateOnly' ? 'date' : 'dateTime';
  if (def['text'])
    return (def['text'] as { allowMultipleLines?: boolean }).allowMultipleLines ? 'note' : 'text';
  return null;
}

/** `$select` for items: Title plus every column of the list. */
export function selectFor(key: ListKey): string {
  return ['Title', ...LISTS[key].columns.map((c) => c.name)].join(',');
}
