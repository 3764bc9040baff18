/**
 * Secondary indexes over the embedded organisation data, so one request (a card press, one
 * person's `next`) reads what it touches instead of the whole organisation.
 *
 * Namespace `org.index`, one empty entry per (index, value, row): `sessions.supervisee|<staff>|<session>`,
 * `sessions.supervisor|…`, `actions.session|<session>|<action>`, `actions.owner|<staff>|<action>`,
 * `cases.worker|<staff>|<case>`, `staff.supervisor|<manager>|<staff>`, `staff.line|<manager>|<staff>`.
 * A lookup is one prefix listing.
 *
 * Why this is safe without transactions (the KvStore port has none):
 * - writers add a row's index entries **before** the row itself, so a row that exists is always
 *   findable (a crash in between leaves only an entry pointing at nothing);
 * - a lookup re-reads every row it found and keeps it only if the row still has that value, so
 *   an entry left behind (a row deleted, or its supervisor changed) is ignored, never trusted.
 * Stores written before the index existed are indexed once, on first use (`ensureIndexes`,
 * marked by a `~built` entry).
 */
import type { AgreedAction, CaseRecord, Session, Staff } from '../policy/domain';
import type { KvStore } from '../ports/kv-store';
import { keyOf, NAMESPACES, validateDoc } from './schedule-docs';

export const INDEX_NAMESPACE = 'org.index';
/** v2 added the staff indexes: a store built at v1 is indexed again (entries are idempotent). */
const BUILT_KEY = '~built|v2';

/** The tables with indexes: one list for the type, the check and the first-use build. */
const INDEXED_TABLES = ['sessions', 'actions', 'cases', 'staff'] as const;
type IndexedTable = (typeof INDEXED_TABLES)[number];
type RowOf<T extends IndexedTable> = T extends 'sessions'
  ? Session
  : T extends 'actions'
    ? AgreedAction
    : T extends 'staff'
      ? Staff
      : CaseRecord;

interface IndexDef<T extends IndexedTable> {
  table: T;
  tag: string;
  valueOf(row: RowOf<T>): string | undefined;
}

export const ORG_INDEXES = {
  sessionsBySupervisee: {
    table: 'sessions',
    tag: 'sessions.supervisee',
    valueOf: (s: Session) => s.superviseeId,
  } satisfies IndexDef<'sessions'>,
  sessionsBySupervisor: {
    table: 'sessions',
    tag: 'sessions.supervisor',
    valueOf: (s: Session) => s.supervisorId,
  } satisfies IndexDef<'sessions'>,
  actionsBySession: {
    table: 'actions',
    tag: 'actions.session',
    valueOf: (a: AgreedAction) => a.sessionId,
  } satisfies IndexDef<'actions'>,
  actionsByOwner: {
    table: 'actions',
    tag: 'actions.owner',
    valueOf: (a: AgreedAction) => a.ownerId,
  } satisfies IndexDef<'actions'>,
  casesByWorker: {
    table: 'cases',
    tag: 'cases.worker',
    valueOf: (c: CaseRecord) => c.workerId,
  } satisfies IndexDef<'cases'>,
  staffBySupervisor: {
    table: 'staff',
    tag: 'staff.supervisor',
    valueOf: (s: Staff) => s.supervisorId,
  } satisfies IndexDef<'staff'>,
  staffByLineManager: {
    table: 'staff',
    tag: 'staff.line',
    valueOf: (s: Staff) => s.lineManagerId,
  } satisfies IndexDef<'staff'>,
} as const;

const DEFS = Object.values(ORG_INDEXES) as ReadonlyArray<IndexDef<IndexedTable>>;

export function isIndexedTable(table: string): table is IndexedTable {
  return (INDEXED_TABLES as readonly string[]).includes(table);
}

/** The index keys a row has (one per index on its table that has a value). */
export function indexKeysOf(table: IndexedTable, row: unknown): string[] {
  const rowKey = keyOf(table, row as never);
  const keys: string[] = [];
  for (const def of DEFS) {
    if (def.table !== table) continue;
    const value = def.valueOf(row as never);
    if (value) keys.push(`${def.tag}|${value}|${rowKey}`);
  }
  return keys;
}

/** Adds a row's index entries (before the row is written: see the header). */
export async function indexRow(kv: KvStore, table: IndexedTable, row: unknown): Promise<void> {
  for (const key of indexKeysOf(table, row)) await kv.insert(INDEX_NAMESPACE, key, {});
}

/** The rows an index lists for `value`, each re-read and kept only if it still matches. */
export async function lookup<T extends IndexedTable>(
  kv: KvStore,
  def: IndexDef<T>,
  value: string,
): Promise<Array<RowOf<T>>> {
  const prefix = `${def.tag}|${value}|`;
  const entries = await kv.list(INDEX_NAMESPACE, prefix);
  const rows = await Promise.all(
    entries.map(async (e) => {
      const rowKey = e.key.slice(prefix.length);
      const doc = await kv.get(NAMESPACES[def.table], rowKey);
      if (!doc) return null;
      const checked = validateDoc(def.table, rowKey, doc.value);
      if (!checked.ok) return null;
      const row = checked.row as RowOf<T>;
      return def.valueOf(row) === value ? row : null;
    }),
  );
  return rows.filter((r): r is Awaited<RowOf<T>> => r !== null) as Array<RowOf<T>>;
}

/** SqliteKv's synchronous transaction (one commit for many writes). */
interface Transactional {
  transaction<T>(fn: () => T): T;
}

/**
 * Indexes every stored row once, for a store written before the indexes existed (or by an
 * import that did not index). Idempotent and safe to race: entries are inserted if absent.
 */
export async function ensureIndexes(kv: KvStore): Promise<void> {
  if (await kv.get(INDEX_NAMESPACE, BUILT_KEY)) return;
  const keys: string[] = [];
  for (const table of INDEXED_TABLES) {
    for (const entry of await kv.list(NAMESPACES[table])) {
      const checked = validateDoc(table, entry.key, entry.value);
      if (checked.ok) keys.push(...indexKeysOf(table, checked.row));
    }
  }
  if (typeof (kv as Partial<Transactional>).transaction === 'function') {
    const pending = (kv as unknown as Transactional).transaction(() =>
      keys.map((k) => kv.insert(INDEX_NAMESPACE, k, {})),
    );
    await Promise.all(pending);
  } else {
    for (let i = 0; i < keys.length; i += 16)
      await Promise.all(keys.slice(i, i + 16).map((k) => kv.insert(INDEX_NAMESPACE, k, {})));
  }
  await kv.upsert(INDEX_NAMESPACE, BUILT_KEY, { version: 2 });
}
