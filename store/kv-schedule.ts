/**
 * The embedded organisation data: ScheduleSource + ScheduleWriter over any KvStore (SQLite
 * on one machine, Azure Tables when scaled out). Versions are the KV etags, so every write
 * the use-cases make is conditional exactly as it is against SharePoint (If-Match).
 *
 * Layout (store/schedule-docs.ts): `org.staff`, `org.sessions`, `org.agreements`
 * (superviseeId|supervisorId), `org.absences` (staffId|from|to), `org.rota` (date),
 * `org.actions`, `org.cases`, and the append-only `audit.signatures`, keyed
 * `${sessionId}|${entry.id}` so one session's signatures are a prefix listing.
 */
import { errorCode } from '../kernel/errors';
import type {
  AgreedAction,
  CaseRecord,
  LocalDate,
  OrgSnapshot,
  RotaDay,
  Session,
  SessionRecord,
  Staff,
} from '../policy/domain';
import { emptySnapshot } from '../policy/domain';
import type { Json, KvStore, KvWrite } from '../ports/kv-store';
import type {
  LoadResult,
  RecordWriter,
  ScheduleSource,
  ScheduleWriter,
  ScopedReads,
  SignatureEntry,
  Versioned,
  WriteResult,
} from '../ports/schedule';
import { canonical, NAMESPACES, SIGNATURES_NAMESPACE, TABLES, validateDoc } from './schedule-docs';
import { KeptTables } from './kept-tables';
import { ensureIndexes, indexRow, lookup, ORG_INDEXES } from './org-index';

export { importSnapshot } from './import-snapshot';

export class KvSchedule implements ScheduleSource, ScheduleWriter, RecordWriter, ScopedReads {
  private indexed: Promise<void> | null = null;
  private readonly kept: KeptTables;
  constructor(private readonly kv: KvStore) {
    this.kept = new KeptTables(kv);
  }

  /** Rows read from the store by the loads so far (bench/tick-load.ts prints it). */
  get rowsRead(): number {
    return this.kept.rowsRead;
  }

  /** Indexes a store written before the indexes existed, once per process (store/org-index.ts). */
  private ready(): Promise<void> {
    this.indexed ??= ensureIndexes(this.kv).catch((err: unknown) => {
      this.indexed = null;
      throw err;
    });
    return this.indexed;
  }

  async staffByIds(ids: readonly string[]): Promise<Staff[]> {
    return this.rowsByKeys('staff', ids);
  }

  async staffReportingTo(managerId: string): Promise<Staff[]> {
    await this.ready();
    const [bySupervisor, byLine] = await Promise.all([
      lookup(this.kv, ORG_INDEXES.staffBySupervisor, managerId),
      lookup(this.kv, ORG_INDEXES.staffByLineManager, managerId),
    ]);
    return bySupervisor.concat(byLine.filter((s) => s.supervisorId !== managerId));
  }

  async sessionsByIds(ids: readonly string[]): Promise<Session[]> {
    return this.rowsByKeys('sessions', ids);
  }

  async sessionsOf(staffId: string, side: 'supervisee' | 'supervisor'): Promise<Session[]> {
    await this.ready();
    return lookup(
      this.kv,
      side === 'supervisee' ? ORG_INDEXES.sessionsBySupervisee : ORG_INDEXES.sessionsBySupervisor,
      staffId,
    );
  }

  async actionsOfSessions(sessionIds: readonly string[]): Promise<AgreedAction[]> {
    await this.ready();
    const lists = await Promise.all(
      [...new Set(sessionIds)].map((id) => lookup(this.kv, ORG_INDEXES.actionsBySession, id)),
    );
    return lists.flat();
  }

  async actionsOwnedBy(staffId: string): Promise<AgreedAction[]> {
    await this.ready();
    return lookup(this.kv, ORG_INDEXES.actionsByOwner, staffId);
  }

  async casesOf(workerId: string): Promise<CaseRecord[]> {
    await this.ready();
    return lookup(this.kv, ORG_INDEXES.casesByWorker, workerId);
  }

  private async rowsByKeys<T extends 'staff' | 'sessions'>(
    table: T,
    keys: readonly string[],
  ): Promise<Array<OrgSnapshot[T][number]>> {
    const rows = await Promise.all(
      [...new Set(keys)].map(async (key) => {
        const entry = await this.kv.get(NAMESPACES[table], key);
        if (!entry) return null;
        const checked = validateDoc(table, key, entry.value);
        return checked.ok ? checked.row : null;
      }),
    );
    return rows.filter((r): r is NonNullable<typeof r> => r !== null);
  }

  /**
   * The whole organisation, each table in the store's order (compareRows). After the first
   * load, only rows written since are read again (store/kept-tables.ts); the rows are shared
   * between loads, frozen.
   */
  async load(): Promise<LoadResult> {
    const snapshot = emptySnapshot();
    // Tables are read in parallel (seven round-trips on Azure), problems kept in table order.
    const perTable = await Promise.all(
      TABLES.map(async (table) => {
        const { rows, problems } = await this.kept.load(table);
        (snapshot[table] as unknown[]) = rows;
        return problems;
      }),
    );
    return { snapshot, problems: perTable.flat() };
  }

  async getSession(id: string): Promise<Versioned<Session> | null> {
    return this.getRow('sessions', id);
  }

  async updateSession(
    id: string,
    patch: Partial<Session>,
    ifVersion: string,
  ): Promise<WriteResult<Session>> {
    if (patch.id !== undefined && patch.id !== id) return invalid('a session id cannot change');
    return this.patchRow('sessions', id, patch, ifVersion);
  }

  async createSession(session: Session): Promise<WriteResult<Session>> {
    const checked = validateDoc('sessions', session.id, session);
    if (!checked.ok) return invalid(checked.message);
    return guard(async () => {
      await this.ready();
      await indexRow(this.kv, 'sessions', checked.row);
      const w = await this.kv.insert(NAMESPACES.sessions, session.id, toJson(checked.row));
      if (w.ok) return { ok: true, value: checked.row, version: w.etag };
      // Idempotent on id: a retried create of the same session succeeds.
      const existing = await this.getRow('sessions', session.id);
      if (existing && canonical(existing.value) === canonical(checked.row)) {
        return { ok: true, value: existing.value, version: existing.version };
      }
      return conflict(`session ${session.id} already exists with different content`);
    });
  }

  async upsertActions(actions: AgreedAction[]): Promise<WriteResult> {
    for (const action of actions) {
      const checked = validateDoc('actions', action.id, action);
      if (!checked.ok) return invalid(`action ${action.id}: ${checked.message}`);
    }
    return guard(async () => {
      const etags: string[] = [];
      for (const action of actions) {
        const current = await this.kv.get(NAMESPACES.actions, action.id);
        if (current && canonical(current.value) === canonical(action)) {
          etags.push(current.etag);
          continue;
        }
        // Unconditional: the action's id is its identity and the latest text wins.
        await this.ready();
        await indexRow(this.kv, 'actions', action);
        etags.push((await this.kv.upsert(NAMESPACES.actions, action.id, toJson(action))).etag);
      }
      return { ok: true, value: undefined, version: etags.join(',') };
    });
  }

  async appendSignature(entry: SignatureEntry): Promise<WriteResult> {
    if (!entry.id || !entry.sessionId) return invalid('a signature needs an id and a session id');
    if (entry.decision === 'disagreed' && !entry.comment?.trim()) {
      return invalid('a disagreement must carry a comment');
    }
    const key = signatureKey(entry.sessionId, entry.id);
    return guard(async () => {
      const w = await this.kv.insert(SIGNATURES_NAMESPACE, key, toJson(entry));
      if (w.ok) return { ok: true, value: undefined, version: w.etag };
      // Idempotent on id: the first entry stands (its `at` is the moment of signing).
      const existing = await this.kv.get(SIGNATURES_NAMESPACE, key);
      if (!existing) return conflict('signature entry vanished while appending');
      const prior = existing.value as unknown as SignatureEntry;
      const same =
        prior.signerId === entry.signerId &&
        prior.decision === entry.decision &&
        prior.contentHash === entry.contentHash &&
        prior.signerRole === entry.signerRole;
      return same
        ? { ok: true, value: undefined, version: existing.etag }
        : conflict(`signature ${entry.id} already recorded with different content`);
    });
  }

  async listSignatures(sessionId: string): Promise<SignatureEntry[]> {
    const entries = await this.kv.list(SIGNATURES_NAMESPACE, `${sessionId}|`);
    return entries
      .map((e) => e.value as unknown as SignatureEntry)
      .filter((s) => s && s.sessionId === sessionId)
      .sort((a, b) =>
        a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      );
  }

  /**
   * Entries are keyed `session|entry`, so each session's trail is one indexed prefix read (a
   * whole-namespace scan would read years of audit); a few run at once.
   */
  async listSignaturesFor(sessionIds: readonly string[]): Promise<Map<string, SignatureEntry[]>> {
    const ids = [...new Set(sessionIds)];
    const out = new Map<string, SignatureEntry[]>();
    for (let i = 0; i < ids.length; i += 8) {
      const chunk = ids.slice(i, i + 8);
      const lists = await Promise.all(chunk.map((id) => this.listSignatures(id)));
      chunk.forEach((id, j) => out.set(id, lists[j]!));
    }
    return out;
  }

  async getRotaDay(date: LocalDate): Promise<Versioned<RotaDay> | null> {
    return this.getRow('rota', date);
  }

  async updateRotaDay(
    date: LocalDate,
    patch: Partial<RotaDay>,
    ifVersion: string,
  ): Promise<WriteResult<RotaDay>> {
    if (patch.date !== undefined && patch.date !== date)
      return invalid('a rota date cannot change');
    return this.patchRow('rota', date, patch, ifVersion);
  }

  async getRecord(sessionId: string): Promise<Versioned<SessionRecord> | null> {
    return this.getRow('records', sessionId);
  }

  async putRecord(
    record: SessionRecord,
    ifVersion: string | null,
  ): Promise<WriteResult<SessionRecord>> {
    const checked = validateDoc('records', record.sessionId, record);
    if (!checked.ok) return invalid(checked.message);
    const key = record.sessionId;
    return guard(async () => {
      const w: KvWrite =
        ifVersion === null
          ? await this.kv.insert(NAMESPACES.records, key, toJson(checked.row))
          : await this.kv.replace(NAMESPACES.records, key, toJson(checked.row), ifVersion);
      if (w.ok) return { ok: true, value: checked.row, version: w.etag };
      return ifVersion !== null && w.reason === 'not-found'
        ? notFound(`record ${key} not found`)
        : conflict(`record ${key} changed since it was read`);
    });
  }

  async getCase(caseId: string): Promise<Versioned<CaseRecord> | null> {
    return this.getRow('cases', caseId);
  }

  async updateCase(
    caseId: string,
    patch: Partial<CaseRecord>,
    ifVersion: string,
  ): Promise<WriteResult<CaseRecord>> {
    if (patch.caseId !== undefined && patch.caseId !== caseId)
      return invalid('a case id cannot change');
    if (patch.workerId !== undefined) return invalid("a case's worker is not changed here");
    return this.patchRow('cases', caseId, patch, ifVersion);
  }

  private async getRow<T extends 'sessions' | 'rota' | 'cases' | 'records'>(
    table: T,
    key: string,
  ): Promise<Versioned<OrgSnapshot[T][number]> | null> {
    const entry = await this.kv.get(NAMESPACES[table], key);
    if (!entry) return null;
    const checked = validateDoc(table, key, entry.value);
    // A damaged document cannot be edited safely through the bot; load() reports it.
    return checked.ok ? { value: checked.row, version: entry.etag } : null;
  }

  private async patchRow<T extends 'sessions' | 'rota' | 'cases'>(
    table: T,
    key: string,
    patch: Partial<OrgSnapshot[T][number]>,
    ifVersion: string,
  ): Promise<WriteResult<OrgSnapshot[T][number]>> {
    return guard(async () => {
      const current = await this.kv.get(NAMESPACES[table], key);
      if (!current) return notFound(`${table} ${key} not found`);
      if (current.etag !== ifVersion) return conflict(`${table} ${key} changed since it was read`);
      const merged = { ...(current.value as object), ...patch };
      const checked = validateDoc(table, key, merged);
      if (!checked.ok) return invalid(checked.message);
      // A patch may move a session to other people: their index entries go in first.
      if (table === 'sessions' && ('superviseeId' in patch || 'supervisorId' in patch)) {
        await this.ready();
        await indexRow(this.kv, 'sessions', checked.row);
      }
      const w: KvWrite = await this.kv.replace(
        NAMESPACES[table],
        key,
        toJson(checked.row),
        ifVersion,
      );
      if (w.ok) return { ok: true, value: checked.row, version: w.etag };
      return w.reason === 'not-found'
        ? notFound(`${table} ${key} not found`)
        : conflict(`${table} ${key} changed since it was read`);
    });
  }
}

export function signatureKey(sessionId: string, entryId: string): string {
  return `${sessionId}|${entryId}`;
}

/** Drops undefined fields (cleared by a patch) so the stored JSON is what was meant. */
function toJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

/** A store that is down after its own retries is `unavailable`: kept pending, retried later. */
async function guard<T>(fn: () => Promise<WriteResult<T>>): Promise<WriteResult<T>> {
  try {
    return await fn();
  } catch (err) {
    return {
      ok: false,
      code: 'unavailable',
      message: `state store unavailable (${errorCode(err, 'error')})`,
    };
  }
}

function conflict(message: string): { ok: false; code: 'conflict'; message: string } {
  return { ok: false, code: 'conflict', message };
}
function notFound(message: string): { ok: false; code: 'not-found'; message: string } {
  return { ok: false, code: 'not-found', message };
}
function invalid(message: string): { ok: false; code: 'invalid'; message: string } {
  return { ok: false, code: 'invalid', message };
}
