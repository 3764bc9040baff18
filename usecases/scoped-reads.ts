/**
 * What one request reads: a session's neighbourhood (its two people, their line managers, its
 * agreed actions) or one supervisee's history (for a prep card), through the source's
 * index-backed `ScopedReads` (ports/schedule.ts). A source without them is loaded whole, once
 * for the request (`requestReads`), so a press never reads the organisation twice.
 */
import {
  emptySnapshot,
  type AgreedAction,
  type CaseRecord,
  type OrgSnapshot,
  type Session,
  type Staff,
} from '../policy/domain';
import { hasScopedReads, type ScopedReads } from '../ports/schedule';
import type { AppContext } from './context';

/** ScopedReads answered from one snapshot (loaded on first use). */
export class SnapshotReads implements ScopedReads {
  private loaded: Promise<OrgSnapshot> | null = null;
  constructor(private readonly load: () => Promise<OrgSnapshot>) {}

  private snapshot(): Promise<OrgSnapshot> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  async staffByIds(ids: readonly string[]): Promise<Staff[]> {
    const want = new Set(ids);
    return (await this.snapshot()).staff.filter((s) => want.has(s.id));
  }
  async staffReportingTo(managerId: string): Promise<Staff[]> {
    return (await this.snapshot()).staff.filter(
      (s) => s.supervisorId === managerId || s.lineManagerId === managerId,
    );
  }
  async sessionsByIds(ids: readonly string[]): Promise<Session[]> {
    const want = new Set(ids);
    return (await this.snapshot()).sessions.filter((s) => want.has(s.id));
  }
  async sessionsOf(staffId: string, side: 'supervisee' | 'supervisor'): Promise<Session[]> {
    const field = side === 'supervisee' ? 'superviseeId' : 'supervisorId';
    return (await this.snapshot()).sessions.filter((s) => s[field] === staffId);
  }
  async actionsOfSessions(sessionIds: readonly string[]): Promise<AgreedAction[]> {
    const want = new Set(sessionIds);
    return (await this.snapshot()).actions.filter((a) => want.has(a.sessionId));
  }
  async actionsOwnedBy(staffId: string): Promise<AgreedAction[]> {
    return (await this.snapshot()).actions.filter((a) => a.ownerId === staffId);
  }
  async casesOf(workerId: string): Promise<CaseRecord[]> {
    return (await this.snapshot()).cases.filter((c) => c.workerId === workerId);
  }
}

/** The reads for one request: the source's own, or one whole load shared by the request. */
export function requestReads(ctx: AppContext): ScopedReads {
  return hasScopedReads(ctx.source)
    ? ctx.source
    : new SnapshotReads(async () => (await ctx.source.load()).snapshot);
}

/**
 * Staff rows for these ids plus their line managers (a blank lineManagerId means the
 * supervisor, CONTRACT.md staff), which confirmersOf / escalation targets need.
 */
export async function peopleAround(reads: ScopedReads, ids: readonly string[]): Promise<Staff[]> {
  const wanted = [...new Set(ids.filter(Boolean))];
  const first = await reads.staffByIds(wanted);
  const have = new Set(first.map((s) => s.id));
  const up = first
    .flatMap((s) => [s.lineManagerId, s.supervisorId])
    .filter((id): id is string => !!id && !have.has(id));
  return up.length ? [...first, ...(await reads.staffByIds([...new Set(up)]))] : first;
}

/** A session's neighbourhood: its people (and theirs), its agreed actions and their owners. */
export async function sessionNeighbourhood(
  reads: ScopedReads,
  session: Session,
): Promise<{ staff: Staff[]; actions: AgreedAction[] }> {
  const [actions, people] = await Promise.all([
    reads.actionsOfSessions([session.id]),
    peopleAround(reads, [session.supervisorId, session.superviseeId]),
  ]);
  const known = new Set(people.map((p) => p.id));
  const owners = [...new Set(actions.map((a) => a.ownerId))].filter((id) => id && !known.has(id));
  const staff = owners.length ? [...people, ...(await reads.staffByIds(owners))] : people;
  return { staff, actions };
}

/**
 * What prepFor reads about one session (policy/prep.ts): the supervisee's sessions (the
 * previous one with this supervisor), their agreed actions, the supervisee's cases, and the
 * people to name. A snapshot of that slice only.
 */
export async function supervisionSlice(reads: ScopedReads, session: Session): Promise<OrgSnapshot> {
  const [history, cases, near] = await Promise.all([
    reads.sessionsOf(session.superviseeId, 'supervisee'),
    reads.casesOf(session.superviseeId),
    sessionNeighbourhood(reads, session),
  ]);
  const sessions = history.some((s) => s.id === session.id)
    ? history.map((s) => (s.id === session.id ? session : s))
    : [...history, session];
  const previousIds = sessions
    .filter((s) => s.id !== session.id && s.status === 'held')
    .map((s) => s.id);
  const actions = [...near.actions, ...(await reads.actionsOfSessions(previousIds))];
  const known = new Set(near.staff.map((s) => s.id));
  const owners = [...new Set(actions.map((a) => a.ownerId))].filter((id) => id && !known.has(id));
  const staff = owners.length ? [...near.staff, ...(await reads.staffByIds(owners))] : near.staff;
  return {
    ...emptySnapshot(),
    staff,
    sessions: sessions.sort((a, b) =>
      a.scheduledStart < b.scheduledStart ? -1 : a.scheduledStart > b.scheduledStart ? 1 : 0,
    ),
    actions: dedupeById(actions),
    cases,
  };
}

function dedupeById<T extends { id: string }>(xs: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const x of xs) if (!seen.has(x.id)) seen.set(x.id, x);
  return [...seen.values()];
}
