/**
 * The dip sample of supervision files a manager audits (POLICIES.md §7): Manchester service
 * managers dip-sample 4 supervisions a month (002 §5.3); Telford's supervision audits take
 * 4 random files (003 QA table). The profiles do not carry this yet, so the sizes live here,
 * each with its source; profiles without an audit rule get the Manchester size, marked as a
 * default.
 *
 * The sample is random but reproducible: a PRNG seeded from (profile, manager, month) shuffles
 * the month's held one-to-ones in the manager's tree (sorted by id first), so asking twice, or
 * an auditor re-checking later, gets the same files.
 */
import { createHash } from 'node:crypto';
import { londonDateOf, monthOf } from '../policy/calendar';
import type { OrgSnapshot, Session } from '../policy/domain';
import { hierarchyOf } from '../policy/hierarchy';
import type { ProfileId } from '../policy/profile';

export interface AuditRule {
  perMonth: number;
  source: string;
}

export const AUDIT_RULES: Partial<Record<ProfileId, AuditRule>> = {
  'manchester-cs': { perMonth: 4, source: '002 §5.3 (service managers dip-sample 4 a month)' },
  'telford-sf': { perMonth: 4, source: '003 QA table (supervision audits: 4 random files)' },
};
const DEFAULT_RULE: AuditRule = {
  perMonth: 4,
  source: 'not set by this policy; 4 a month (the Manchester dip sample) by default',
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

export interface AuditSample {
  month: string;
  seed: string;
  rule: AuditRule;
  /** How many held one-to-ones in the tree that month the sample was drawn from. */
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
}

export function auditSample(
  snapshot: OrgSnapshot,
  profileId: ProfileId,
  managerId: string,
  month: string,
): AuditSample {
  const h = hierarchyOf(snapshot.staff);
  const tree = new Set(h.treeOf(managerId));
  const population: Session[] = snapshot.sessions
    .filter(
      (s) =>
        s.kind === 'one-to-one' &&
        s.status === 'held' &&
        tree.has(s.superviseeId) &&
        monthOf(londonDateOf(s.scheduledStart)) === month,
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rule = auditRuleFor(profileId);
  const seed = `${profileId}|${managerId}|${month}`;
  const next = prng(seed);
  // Fisher–Yates, then the first perMonth.
  const pool = [...population];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const nameOf = (id: string) => h.get(id)?.name ?? id;
  return {
    month,
    seed,
    rule,
    population: population.length,
    picked: pool
      .slice(0, rule.perMonth)
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
  };
}
