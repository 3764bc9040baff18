/**
 * Who supervises and who line-manages whom, and where a finding goes when it goes up a level.
 *
 * A blank lineManagerId means the supervisor is also the line manager (CONTRACT.md staff).
 * Escalation goes to the supervisee's line manager when that is someone other than the
 * supervisor, otherwise to the supervisor's own line manager (CONTRACT.md "Findings"; 003 §12).
 * Every walk up the tree is cycle-safe: bad data (A supervises B supervises A) must not hang.
 */
import type { Staff } from './domain';

export class Hierarchy {
  private readonly byId = new Map<string, Staff>();
  private readonly reports = new Map<string, string[]>();

  constructor(staff: readonly Staff[]) {
    for (const s of staff) if (!this.byId.has(s.id)) this.byId.set(s.id, s);
    for (const s of this.byId.values()) {
      for (const boss of new Set([s.supervisorId, this.lineManagerOf(s.id)])) {
        if (!boss || boss === s.id) continue;
        const list = this.reports.get(boss);
        if (list) list.push(s.id);
        else this.reports.set(boss, [s.id]);
      }
    }
    for (const list of this.reports.values()) list.sort();
  }

  get(staffId: string): Staff | undefined {
    return this.byId.get(staffId);
  }

  all(): Staff[] {
    return [...this.byId.values()];
  }

  supervisorOf(staffId: string): string | null {
    return this.byId.get(staffId)?.supervisorId || null;
  }

  /** The line manager; blank lineManagerId = the supervisor. */
  lineManagerOf(staffId: string): string | null {
    const s = this.byId.get(staffId);
    if (!s) return null;
    return s.lineManagerId || s.supervisorId || null;
  }

  /** Where a finding about `staffId` (a supervisee) goes when it is escalated. */
  escalationTarget(staffId: string): string | null {
    const supervisor = this.supervisorOf(staffId);
    const line = this.lineManagerOf(staffId);
    if (line && line !== supervisor) return line;
    if (!supervisor) return null;
    const up = this.lineManagerOf(supervisor);
    return up && up !== supervisor && up !== staffId ? up : null;
  }

  /** The next level above `managerId` (their line manager), for a second escalation. */
  nextLevelUp(managerId: string): string | null {
    const up = this.lineManagerOf(managerId);
    return up && up !== managerId ? up : null;
  }

  /** Everyone whose supervisor or line manager is `managerId`, sorted. */
  directReports(managerId: string): string[] {
    return [...(this.reports.get(managerId) ?? [])];
  }

  /** Whether `managerId` is above `staffId` through supervisor or line-manager links. */
  isInTree(managerId: string, staffId: string): boolean {
    if (managerId === staffId) return false;
    const seen = new Set<string>([staffId]);
    const queue = [staffId];
    while (queue.length) {
      const cur = queue.shift()!;
      for (const up of [this.supervisorOf(cur), this.lineManagerOf(cur)]) {
        if (!up || seen.has(up)) continue;
        if (up === managerId) return true;
        seen.add(up);
        queue.push(up);
      }
    }
    return false;
  }

  /** Everyone below `managerId` (not including them), sorted by id. */
  treeOf(managerId: string): string[] {
    const seen = new Set<string>([managerId]);
    const queue = [managerId];
    while (queue.length) {
      const cur = queue.shift()!;
      for (const r of this.reports.get(cur) ?? []) {
        if (seen.has(r)) continue;
        seen.add(r);
        queue.push(r);
      }
    }
    seen.delete(managerId);
    return [...seen].sort();
  }
}

const built = new WeakMap<readonly Staff[], Hierarchy>();

/**
 * The hierarchy of a staff list, indexed once per list and then shared. A loaded snapshot is
 * never mutated (each load builds new arrays), and one tick renders thousands of cards from the
 * same snapshot: indexing the whole staff list per card cost ~25 ms a card at 10,000 staff.
 */
export function hierarchyOf(staff: readonly Staff[]): Hierarchy {
  let h = built.get(staff);
  if (!h) {
    h = new Hierarchy(staff);
    built.set(staff, h);
  }
  return h;
}

/* Function forms for one-off lookups (shared index per staff list, see hierarchyOf). */
export const supervisorOf = (staff: readonly Staff[], id: string) =>
  hierarchyOf(staff).supervisorOf(id);
export const lineManagerOf = (staff: readonly Staff[], id: string) =>
  hierarchyOf(staff).lineManagerOf(id);
export const escalationTarget = (staff: readonly Staff[], id: string) =>
  hierarchyOf(staff).escalationTarget(id);
export const nextLevelUp = (staff: readonly Staff[], id: string) =>
  hierarchyOf(staff).nextLevelUp(id);
export const isInTree = (staff: readonly Staff[], managerId: string, id: string) =>
  hierarchyOf(staff).isInTree(managerId, id);
export const directReports = (staff: readonly Staff[], id: string) =>
  hierarchyOf(staff).directReports(id);
export const treeOf = (staff: readonly Staff[], id: string) => hierarchyOf(staff).treeOf(id);
