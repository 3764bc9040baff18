/**
 * The audit samples a manager draws (POLICIES.md §7), each as its document sets it:
 *
 * - manchester-cs: "4 x Supervisions of social workers per month to be dip sampled by service
 *   managers" (002 §5.3): 4 held one-to-ones in the manager's tree that month.
 * - telford-sf: "Senior Managers are required to review a sample of 4-8 supervision files in
 *   their service area at least annually" (003 §10 Monitoring): 4 supervision files (people
 *   with a held one-to-one in the supervision year; the latest one shown), up to 8 if the
 *   manager wants more; and the QA table's "Supervision Audits ... 6 monthly: Select 4 random
 *   SF open cases within the Hub" (003 QA framework): 4 open cases per hub (the case worker's
 *   team) in the half-year, so the audit can check each was supervised as the policy says.
 * - the others set no sample: 4 one-to-ones a month, marked as a default.
 *
 * Every sample is random but reproducible: a PRNG seeded from (profile, manager, period)
 * shuffles the population (sorted by id first), so asking twice, or an auditor re-checking
 * later, gets the same files.
 */
import { createHash } from 'node:crypto';
import { addMonthsToMonth, londonDateOf, monthOf, lastOfMonth } from '../policy/calendar';
import type { OrgSnapshot, Session } from '../policy/domain';
import { hierarchyOf } from '../policy/hierarchy';
import type { ProfileId } from '../policy/profile';

export interface AuditRule {
  /** What is sampled: one-to-ones in a month, or supervision files (people) in a year. */
  unit: 'one-to-ones' | 'supervision-files';
  /** How many are drawn (the document's lower bound where it gives a range). */
  size: number;
  /** The document's upper bound where it gives a range (003 §10: 4-8), else = size. */
  maxSize: number;
  /** The period the sample covers: the month asked for, or the supervision year it falls in. */
  period: 'month' | 'year';
  source: string;
  /** Telford's QA table: open cases sampled per hub every six months; null = none. */
  casesPerHub: { size: number; source: string } | null;
}

export const AUDIT_RULES: Partial<Record<ProfileId, AuditRule>> = {
  'manchester-cs': {
    unit: 'one-to-ones',
    size: 4,
    maxSize: 4,
    period: 'month',
    source:
      '002 §5.3 (4 x supervisions of social workers per month dip sampled by service managers)',
    casesPerHub: null,
  },
  'telford-sf': {
    unit: 'supervision-files',
    size: 4,
    maxSize: 8,
    period: 'year',
    source:
      '003 §10 Monitoring (a sample of 4-8 supervision files in their service area at least annually)',
    casesPerHub: {
      size: 4,
      source:
        '003 QA framework, Supervision Audits (6 monthly: select 4 random SF open cases within the Hub)',
    },
  },
};
const DEFAULT_RULE: AuditRule = {
  unit: 'one-to-ones',
  size: 4,
  maxSize: 4,
  period: 'month',
  source: 'not set by this policy; 4 a month (the Manchester dip sample) by default',
  casesPerHub: null,
};

export function auditRuleFor(profileId: ProfileId): AuditRule {
  return AUDIT_RULES[profileId] ?? DEFAULT_RULE;
}

/** mulberry32: small, fast, good enough to pick files; seeded from a SHA-256. */
function prng(seedText: string): () => number {
  let a = createHash('sha256').update(seedText).digest().readUInt32BE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], seed: string): T[] {
  const next = prng(seed);
  // Fisher–Yates.
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool;
}

/** The supervision year (1 April) or half-year (April–September, October–March) of a month. */
function periodOf(month: string, months: 12 | 6): { from: string; to: string } {
  const m = Number(month.slice(5, 7));
  const yearStart = `${m >= 4 ? month.slice(0, 4) : String(Number(month.slice(0, 4)) - 1)}-04`;
  if (months === 12) return { from: yearStart, to: addMonthsToMonth(yearStart, 11) };
  const second = addMonthsToMonth(yearStart, 6);
  const from = month >= second ? second : yearStart;
  return { from, to: addMonthsToMonth(from, 5) };
}

export interface AuditSample {
  month: string;
  /** The months the sample covers, inclusive (`YYYY-MM`), and a label for people. */
  period: { from: string; to: string; label: string };
  seed: string;
  rule: AuditRule;
  /** How many one-to-ones (or supervision files) in the tree the sample was drawn from. */
  population: number;
  picked: Array<{
    sessionId: string;
    date: string;
    superviseeId: string;
    superviseeName: string;
    supervisorName: string;
    heldMinutes: number | null;
    recordCompleted: boolean;
    signedByBoth: boolean;
  }>;
  /** Telford's QA sample: open cases per hub (by case-system id only). */
  cases: Array<{ hub: string; caseId: string; workerName: string; lastDiscussedAt: string | null }>;
}

export function auditSample(
  snapshot: OrgSnapshot,
  profileId: ProfileId,
  managerId: string,
  month: string,
): AuditSample {
  const h = hierarchyOf(snapshot.staff);
  const tree = new Set(h.treeOf(managerId));
  const rule = auditRuleFor(profileId);
  const period = rule.period === 'month' ? { from: month, to: month } : periodOf(month, 12);
  const held: Session[] = snapshot.sessions
    .filter((s) => {
      if (s.kind !== 'one-to-one' || s.status !== 'held' || !tree.has(s.superviseeId)) return false;
      const m = monthOf(londonDateOf(s.scheduledStart));
      return m >= period.from && m <= period.to;
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // A supervision file is a person's: their latest held one-to-one in the period stands for it.
  let population = held;
  if (rule.unit === 'supervision-files') {
    const latest = new Map<string, Session>();
    for (const s of held) {
      const cur = latest.get(s.superviseeId);
      if (!cur || s.scheduledStart > cur.scheduledStart) latest.set(s.superviseeId, s);
    }
    population = [...latest.values()].sort((a, b) =>
      a.superviseeId < b.superviseeId ? -1 : a.superviseeId > b.superviseeId ? 1 : 0,
    );
  }
  const periodKey = rule.period === 'month' ? month : `${period.from}..${period.to}`;
  const seed = `${profileId}|${managerId}|${periodKey}`;
  const nameOf = (id: string) => h.get(id)?.name ?? id;
  return {
    month,
    period: {
      ...period,
      label: rule.period === 'month' ? month : `supervision year ${period.from} to ${period.to}`,
    },
    seed,
    rule,
    population: population.length,
    picked: shuffled(population, seed)
      .slice(0, rule.size)
      .sort((a, b) => a.scheduledStart.localeCompare(b.scheduledStart))
      .map((s) => ({
        sessionId: s.id,
        date: londonDateOf(s.scheduledStart),
        superviseeId: s.superviseeId,
        superviseeName: nameOf(s.superviseeId),
        supervisorName: nameOf(s.supervisorId),
        heldMinutes: s.heldMinutes ?? null,
        recordCompleted: !!s.recordCompletedAt,
        signedByBoth: !!s.supervisorSignedAt && !!s.superviseeSignedAt,
      })),
    cases: rule.casesPerHub ? caseSample(snapshot, tree, rule.casesPerHub.size, month, seed) : [],
  };
}

/** Per hub (the worker's team), `size` cases open at some point in the half-year of `month`. */
function caseSample(
  snapshot: OrgSnapshot,
  tree: Set<string>,
  size: number,
  month: string,
  seed: string,
): AuditSample['cases'] {
  const half = periodOf(month, 6);
  const from = `${half.from}-01`;
  const to = lastOfMonth(half.to);
  const staff = new Map(snapshot.staff.map((s) => [s.id, s]));
  const byHub = new Map<string, typeof snapshot.cases>();
  for (const c of snapshot.cases) {
    if (!tree.has(c.workerId) || c.openedAt > to || (c.closedAt && c.closedAt < from)) continue;
    const hub = staff.get(c.workerId)?.team ?? '(no hub)';
    const list = byHub.get(hub) ?? [];
    list.push(c);
    byHub.set(hub, list);
  }
  const out: AuditSample['cases'] = [];
  for (const hub of [...byHub.keys()].sort()) {
    const pool = byHub.get(hub)!.sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
    for (const c of shuffled(pool, `${seed}|${half.from}|${hub}`).slice(0, size))
      out.push({
        hub,
        caseId: c.caseId,
        workerName: staff.get(c.workerId)?.name ?? c.workerId,
        lastDiscussedAt: c.lastDiscussedAt ?? null,
      });
  }
  return out;
}
