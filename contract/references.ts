/**
 * Cross-table checks: ids unique, every reference pointing at something that exists.
 *
 * What happens to an offending row depends on what it would cost to lose it:
 * - a row that cannot mean anything without its reference (a session with an unknown
 *   supervisee, an action on an unknown session, a duplicate id) is dropped;
 * - an optional reference on an otherwise good row is cleared and the row kept: a staff
 *   member whose supervisorId is mistyped stays in the organisation (dropping them would
 *   also drop every session and everyone they supervise), a cancelled session whose
 *   rescheduledToId points nowhere is still a cancellation, and a rota day whose member is
 *   unknown is simply uncovered.
 * Messages never carry ids (in SharePoint mode they can be UPNs, i.e. email addresses).
 */
import type { OrgSnapshot, RotaDay } from '../policy/domain';
import type { LoadResult } from './load-result';
import { defaultFileNames, type TableName } from './columns';
import type { RowProblem } from './problems';
import { rowOf, rowProblem, setRowOf } from './row-origin';

const CLEARED = 'the reference was ignored and the row kept';

/** Copies an item without one field, keeping its row origin. */
function without<T extends object>(item: T, key: keyof T): T {
  const copy = { ...item };
  delete copy[key];
  const row = rowOf(item);
  if (row !== undefined) setRowOf(copy, row);
  return copy;
}

export function resolveReferences(
  snapshot: OrgSnapshot,
  fileNames: Partial<Record<TableName, string>> = {},
): LoadResult {
  const files = { ...defaultFileNames(), ...fileNames };
  const problems: RowProblem[] = [];
  // Items built in code (not parsed from rows) are labelled by their position, as CSV would.
  for (const table of Object.values(snapshot) as object[][]) {
    table.forEach((item, i) => {
      if (rowOf(item) === undefined) setRowOf(item, i + 2);
    });
  }
  const at = (item: object, index: number): number | string => rowOf(item) ?? index + 2;
  const report = (
    table: TableName,
    item: object,
    index: number,
    column: string | null,
    code: string,
    what: string,
    outcome?: string,
  ): void => {
    problems.push(rowProblem(files[table], at(item, index), column, code, what, outcome));
  };

  /** Keeps the first item of each key; reports the others. */
  function unique<T extends object>(
    table: TableName,
    items: T[],
    keyOf: (t: T) => string,
    column: string,
  ): T[] {
    const seen = new Set<string>();
    return items.filter((item, i) => {
      const key = keyOf(item);
      if (!seen.has(key)) {
        seen.add(key);
        return true;
      }
      report(table, item, i, column, 'duplicate-id', `repeats the ${column} of an earlier row`);
      return false;
    });
  }

  const staffIds = new Set(snapshot.staff.map((s) => s.id));
  const staff = unique('staff', snapshot.staff, (s) => s.id, 'id').map((s, i) => {
    let out = s;
    for (const key of ['supervisorId', 'lineManagerId'] as const) {
      const ref = out[key];
      if (ref === undefined) continue;
      if (ref === s.id) {
        report('staff', s, i, key, 'self-reference', 'names the person themselves', CLEARED);
        out = without(out, key);
      } else if (!staffIds.has(ref)) {
        report(
          'staff',
          s,
          i,
          key,
          'unknown-staff',
          'refers to a staff id not in the staff list',
          CLEARED,
        );
        out = without(out, key);
      }
    }
    return out;
  });
  const known = (id: string): boolean => staffIds.has(id);
  const unknownStaff = 'refers to a staff id not in the staff list';

  /** Drops items whose required staff references are unknown. */
  function requireStaff<T extends object>(
    table: TableName,
    items: T[],
    keys: Array<keyof T & string>,
  ): T[] {
    return items.filter((item, i) => {
      for (const key of keys) {
        const ref = item[key];
        // A group session's blank superviseeId (rows.ts allows it for groups only).
        if (ref === '' && key === 'superviseeId') continue;
        if (typeof ref === 'string' && !known(ref)) {
          report(table, item, i, key, 'unknown-staff', unknownStaff);
          return false;
        }
      }
      return true;
    });
  }

  const sessionsKept = requireStaff(
    'sessions',
    unique('sessions', snapshot.sessions, (s) => s.id, 'id'),
    ['superviseeId', 'supervisorId'],
  );
  const sessionIds = new Set(sessionsKept.map((s) => s.id));
  const sessions = sessionsKept.map((s0, i) => {
    // An unknown attendee is reported and left out; the session and the others stand.
    let s = s0;
    if (s.attendees?.some((a) => !known(a))) {
      report('sessions', s, i, 'attendees', 'unknown-staff', unknownStaff, 'that id was ignored');
      const copy = { ...s, attendees: s.attendees.filter(known) };
      setRowOf(copy, rowOf(s) ?? i + 2);
      s = copy;
    }
    if (s.rescheduledToId === undefined) return s;
    if (s.rescheduledToId === s.id || !sessionIds.has(s.rescheduledToId)) {
      report(
        'sessions',
        s,
        i,
        'rescheduledToId',
        'unknown-session',
        'does not name another session',
        CLEARED,
      );
      return without(s, 'rescheduledToId');
    }
    return s;
  });

  const agreements = requireStaff('agreements', snapshot.agreements, [
    'superviseeId',
    'supervisorId',
  ]);
  const absences = requireStaff('absences', snapshot.absences, ['staffId']);
  // One row per date. When a date has several, the first that names a known member wins, so
  // a stray blank row above the real one never hides cover (as rotaByDate does).
  const covers = (r: RotaDay): boolean => r.memberId !== undefined && known(r.memberId);
  const rowForDate = new Map<string, number>();
  snapshot.rota.forEach((r, i) => {
    const kept = rowForDate.get(r.date);
    if (kept === undefined || (!covers(snapshot.rota[kept]!) && covers(r)))
      rowForDate.set(r.date, i);
  });
  const rotaKept = snapshot.rota.filter((r, i) => {
    if (rowForDate.get(r.date) === i) return true;
    report('rota', r, i, 'date', 'duplicate-id', 'repeats the date of another row');
    return false;
  });
  const rota = rotaKept.map((r, i) => {
    if (r.memberId === undefined || known(r.memberId)) return r;
    report('rota', r, i, 'memberId', 'unknown-staff', unknownStaff, 'the day counts as uncovered');
    return without(r, 'memberId');
  });
  const actions = requireStaff(
    'actions',
    unique('actions', snapshot.actions, (a) => a.id, 'id').filter((a, i) => {
      if (sessionIds.has(a.sessionId)) return true;
      report(
        'actions',
        a,
        i,
        'sessionId',
        'unknown-session',
        'refers to a session not in the sessions list',
      );
      return false;
    }),
    ['ownerId'],
  );
  const cases = requireStaff(
    'cases',
    unique('cases', snapshot.cases, (c) => c.caseId, 'caseId'),
    ['workerId'],
  );

  return {
    snapshot: {
      staff,
      sessions,
      agreements,
      absences,
      rota,
      actions,
      cases,
      records: snapshot.records,
    },
    problems,
  };
}

/** The reference problems of a snapshot (resolveReferences also returns the cleaned snapshot). */
export function validateReferences(
  snapshot: OrgSnapshot,
  fileNames: Partial<Record<TableName, string>> = {},
): RowProblem[] {
  return resolveReferences(snapshot, fileNames).problems;
}
