/**
 * What changed between two loads of the organisation, as an OrgDelta for the incremental
 * evaluator, found without reading every row: the embedded store keeps its rows between loads
 * (store/kept-tables.ts), so an unchanged row is the very same object in both snapshots, and
 * each table is in one strict order. Two cursors walk each table's old and new arrays; where
 * the objects are the same both move on (a pointer comparison), and only where they differ
 * does the order say which row went and which came.
 *
 * Pure: the order is handed in by whoever knows the source's order (bot/main.ts passes the
 * embedded store's). A snapshot from a source that does not keep its rows or its order is
 * simply never turned into a delta: the caller evaluates afresh.
 */
import type { OrgSnapshot } from './domain';
import type { OrgDelta } from './evaluate';

type Table = keyof OrgSnapshot;
type RowOf<T extends Table> = OrgSnapshot[T][number];

/** The source's strict order of a table's rows (no two rows equal: the last key is the id). */
export type RowOrder = <T extends Table>(table: T, a: RowOf<T>, b: RowOf<T>) => number;

/** Tables a delta carries (policy/evaluate.ts OrgDelta); a change to any other is no delta. */
const CARRIED = ['sessions', 'actions', 'absences', 'agreements', 'cases'] as const;
const UNCARRIED = ['staff', 'rota', 'records'] as const satisfies ReadonlyArray<
  Exclude<Table, (typeof CARRIED)[number]>
>;

/** Whether every table of the snapshot is in the order, strictly (checked once per full load). */
export function inOrder(snapshot: OrgSnapshot, order: RowOrder): boolean {
  for (const table of [...CARRIED, ...UNCARRIED]) {
    const rows = snapshot[table] as ReadonlyArray<RowOf<typeof table>>;
    for (let i = 1; i < rows.length; i++)
      if (order(table, rows[i - 1]!, rows[i]!) >= 0) return false;
  }
  return true;
}

/**
 * The delta from `prev` to `next`, or null when there is none to give: a row of a table the
 * delta does not carry changed (staff, rota, records), a row other than a session went, more
 * than `limit` rows changed, or `next` is not in the order where it differs. `prev` must be in
 * the order (`inOrder`, or an earlier `next` this accepted); `next` then is wherever it is the
 * same as `prev`, so only the rows around a difference are checked.
 */
export function deltaBetween(
  prev: OrgSnapshot,
  next: OrgSnapshot,
  order: RowOrder,
  limit: number,
): OrgDelta | null {
  for (const table of UNCARRIED) if (!sameRows(prev[table], next[table])) return null;
  const delta: OrgDelta = {};
  let budget = limit;
  for (const table of CARRIED) {
    const diff = walk(table, prev[table], next[table], order, budget);
    if (!diff) return null;
    budget -= diff.came.length + diff.went.length;
    if (table === 'sessions') {
      const came = diff.came as OrgSnapshot['sessions'];
      const stays = new Set(came.map((s) => s.id));
      const went = (diff.went as OrgSnapshot['sessions']).map((s) => s.id);
      if (came.length) delta.sessions = came;
      // A session moved in the order (its start or supervisee changed) went and came again.
      const removed = went.filter((id) => !stays.has(id));
      if (removed.length) delta.removedSessionIds = removed;
    } else {
      // The evaluator takes new and changed rows of these tables, not removals. A changed row
      // keeps its place in the order (the order ends with the row's key), so it never shows
      // here as one that went.
      if (diff.went.length) return null;
      if (diff.came.length) (delta as Record<string, unknown>)[table] = diff.came;
    }
  }
  return delta;
}

function sameRows(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The rows that came (new or changed) and went, or null (past the limit, or out of order). */
function walk<T extends Table>(
  table: T,
  prev: ReadonlyArray<RowOf<T>>,
  next: ReadonlyArray<RowOf<T>>,
  order: RowOrder,
  limit: number,
): { came: Array<RowOf<T>>; went: Array<RowOf<T>> } | null {
  const came: Array<RowOf<T>> = [];
  const went: Array<RowOf<T>> = [];
  let i = 0;
  let j = 0;
  /** Whether next[j - 1] is a row that came: the row after it must be checked against it. */
  let afterNew = false;
  // next[j] is placed: it follows next[j - 1] in the order (checked only where next differs).
  const placed = (isNew: boolean): boolean => {
    const ok = j === 0 || !(isNew || afterNew) || order(table, next[j - 1]!, next[j]!) < 0;
    afterNew = isNew;
    j++;
    return ok;
  };
  while (i < prev.length || j < next.length) {
    if (i < prev.length && j < next.length && prev[i] === next[j]) {
      i++;
      if (!placed(false)) return null;
      continue;
    }
    const c = j >= next.length ? -1 : i >= prev.length ? 1 : order(table, prev[i]!, next[j]!);
    if (c < 0) went.push(prev[i++]!);
    else {
      came.push(next[j]!);
      if (c === 0) i++;
      if (!placed(true)) return null;
    }
    if (came.length + went.length > limit) return null;
  }
  return { came, went };
}
