/**
 * Erasing one member of staff from the embedded organisation data and the state store
 * (`supervision-bot erase --staff <id>`), for a data-protection request or a leaver past the
 * retention period (docs/data-protection.md says when and what the organisation decides).
 *
 * What goes:
 * - their staff row (name, email, role, team, dates);
 * - the rows that are about them: sessions and agreements where they are the supervisee, their
 *   absences, the actions they own or that came from their sessions, the confirmation notes of
 *   their sessions;
 * - their Teams conversation reference, and every state entry that names them (sent-message
 *   ledger, outbox, escalation answers, triage requests, pending SharePoint writes), by key
 *   segment or by a value anywhere in the entry;
 * - their name on a triage rota day is taken off (the day becomes uncovered, and is reported).
 *
 * What stays, and is reported so an administrator can act on it:
 * - other people's records that name them as the other party (sessions they supervised, staff
 *   rows naming them as supervisor or line manager, case records naming them as worker):
 *   those are the other person's or the child's record; reassign them (import) and run again;
 * - signature audit entries they made, unless `includeAudit`: the audit is the organisation's
 *   evidence of who signed what, kept for AUDIT_RETENTION_YEARS and pruned after.
 *
 * Dry run by default in the CLI: the plan is computed the same way and nothing is written.
 */
import type { Json, KvStore } from '../ports/kv-store';
import { NAMESPACES, SIGNATURES_NAMESPACE } from './schedule-docs';

export interface EraseItem {
  namespace: string;
  key: string;
  /** For `kept`: the field that names the person. */
  field?: string;
}

export interface ErasePlan {
  staffId: string;
  /** True when the person had a staff row. */
  found: boolean;
  deleted: EraseItem[];
  /** Entries changed in place (rota days with the person taken off). */
  updated: EraseItem[];
  /** Other people's records that still name the person. */
  kept: EraseItem[];
  /** Signature audit entries made by the person and left in place. */
  auditKept: number;
}

/** State namespaces whose entries are deleted when they name the person anywhere. */
export const STATE_NAMESPACES = [
  'ledger',
  'outbox',
  'escalation.state',
  'triage.requests',
  'graph.pending',
  // The embedded store's secondary indexes (store/org-index.ts): their keys carry staff ids.
  'org.index',
] as const;
const CONV_REFS_NS = 'conv.refs';
const CONFIRMATIONS_NS = 'supervision.confirmations';

type Doc = Record<string, Json>;

const field = (v: Json, name: string): unknown =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Doc)[name] : undefined;

/** True when `id` is a `|`-separated segment of `key`, or any string anywhere in `value`. */
export function mentions(key: string, value: Json, id: string): boolean {
  if (key.split('|').includes(id)) return true;
  const walk = (v: Json): boolean => {
    if (typeof v === 'string') return v === id || v.split('|').includes(id);
    if (Array.isArray(v)) return v.some(walk);
    if (v && typeof v === 'object') return Object.values(v).some(walk);
    return false;
  };
  return walk(value);
}

export async function erasePerson(
  kv: KvStore,
  staffId: string,
  options: { dryRun: boolean; includeAudit?: boolean },
): Promise<ErasePlan> {
  const plan: ErasePlan = {
    staffId,
    found: false,
    deleted: [],
    updated: [],
    kept: [],
    auditKept: 0,
  };
  const writes: Array<() => Promise<unknown>> = [];
  const del = (namespace: string, key: string) => {
    plan.deleted.push({ namespace, key });
    writes.push(() => kv.delete(namespace, key));
  };
  const keep = (namespace: string, key: string, f: string) =>
    plan.kept.push({ namespace, key, field: f });

  for (const e of await kv.list(NAMESPACES.staff)) {
    if (e.key === staffId) {
      plan.found = true;
      del(NAMESPACES.staff, e.key);
    } else {
      for (const f of ['supervisorId', 'lineManagerId'])
        if (field(e.value, f) === staffId) keep(NAMESPACES.staff, e.key, f);
    }
  }

  const ownSessions = new Set<string>();
  for (const e of await kv.list(NAMESPACES.sessions)) {
    if (field(e.value, 'superviseeId') === staffId) {
      ownSessions.add(String(field(e.value, 'id') ?? e.key));
      del(NAMESPACES.sessions, e.key);
    } else if (field(e.value, 'supervisorId') === staffId) {
      keep(NAMESPACES.sessions, e.key, 'supervisorId');
    }
  }
  for (const e of await kv.list(NAMESPACES.agreements)) {
    if (field(e.value, 'superviseeId') === staffId) del(NAMESPACES.agreements, e.key);
    else if (field(e.value, 'supervisorId') === staffId)
      keep(NAMESPACES.agreements, e.key, 'supervisorId');
  }
  for (const e of await kv.list(NAMESPACES.absences)) {
    if (field(e.value, 'staffId') === staffId) del(NAMESPACES.absences, e.key);
  }
  for (const e of await kv.list(NAMESPACES.actions)) {
    const session = field(e.value, 'sessionId');
    if (field(e.value, 'ownerId') === staffId || ownSessions.has(String(session)))
      del(NAMESPACES.actions, e.key);
  }
  for (const e of await kv.list(NAMESPACES.rota)) {
    if (field(e.value, 'memberId') !== staffId) continue;
    const rest = { ...(e.value as Doc) };
    delete rest.memberId;
    plan.updated.push({ namespace: NAMESPACES.rota, key: e.key, field: 'memberId' });
    writes.push(() => kv.replace(NAMESPACES.rota, e.key, rest, e.etag));
  }
  for (const e of await kv.list(NAMESPACES.cases)) {
    if (field(e.value, 'workerId') === staffId) keep(NAMESPACES.cases, e.key, 'workerId');
  }

  if (await kv.get(CONV_REFS_NS, staffId)) del(CONV_REFS_NS, staffId);
  for (const e of await kv.list(CONFIRMATIONS_NS)) {
    if (ownSessions.has(e.key) || mentions(e.key, e.value, staffId)) del(CONFIRMATIONS_NS, e.key);
  }
  for (const ns of STATE_NAMESPACES) {
    for (const e of await kv.list(ns)) if (mentions(e.key, e.value, staffId)) del(ns, e.key);
  }
  for (const e of await kv.list(SIGNATURES_NAMESPACE)) {
    if (field(e.value, 'signerId') !== staffId) continue;
    if (options.includeAudit) del(SIGNATURES_NAMESPACE, e.key);
    else plan.auditKept++;
  }

  if (!options.dryRun) for (const w of writes) await w();
  return plan;
}
