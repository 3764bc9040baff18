/**
 * The read side shared by commands, cards and the tab: my supervision, my team (only the
 * people under me), my open actions. Everything is computed from one snapshot evaluated as of
 * today in London, so the chat and the tab always agree.
 */
import { londonDateOf } from '../policy/calendar';
import type { AgreedAction, LocalDate, OrgSnapshot, Session, Staff } from '../policy/domain';
import { evaluate } from '../policy/evaluate';
import type { Finding } from '../policy/findings';
import {
  summariseSupervisee,
  summariseTeam,
  type SuperviseeSummary,
  type TeamSummary,
} from '../policy/compliance';
import { hierarchyOf } from '../policy/hierarchy';
import type { ScopedReads } from '../ports/schedule';
import type { AppContext } from './context';
import { requestReads } from './scoped-reads';
import { todayOf } from './session-scope';

/** What `next` and `actions` show: my sessions and actions, no policy evaluation. */
export interface MyPlans {
  me: Staff;
  asOf: LocalDate;
  /** My next one-to-one as a supervisee, from now. */
  next: Session | null;
  /** My next one-to-one as a supervisor, from now. */
  nextAsSupervisor: Session | null;
  openActions: AgreedAction[];
  /** Completed records still waiting for my signature. */
  awaitingMySignature: Session[];
}

export interface MySupervision extends MyPlans {
  /** Null for someone nobody supervises (e.g. the top of the tree). */
  summary: SuperviseeSummary | null;
  findings: Finding[];
}

export interface MyTeam {
  manager: Staff;
  asOf: LocalDate;
  team: TeamSummary;
  names: Record<string, string>;
}

/** Open actions owned by `userId`, soonest due first. */
export function openActions(
  snapshot: Pick<OrgSnapshot, 'actions'>,
  userId: string,
  asOf: LocalDate,
): AgreedAction[] {
  return snapshot.actions
    .filter((a) => a.ownerId === userId && (!a.doneAt || a.doneAt > asOf))
    .sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.id.localeCompare(b.id));
}

function nextOneToOne(
  snapshot: Pick<OrgSnapshot, 'sessions'>,
  nowIso: string,
  match: (s: Session) => boolean,
): Session | null {
  return (
    snapshot.sessions
      .filter(
        (s) =>
          s.kind === 'one-to-one' &&
          s.status === 'scheduled' &&
          s.scheduledStart >= nowIso &&
          match(s),
      )
      .sort((a, b) => a.scheduledStart.localeCompare(b.scheduledStart))[0] ?? null
  );
}

export async function loadAndEvaluate(ctx: AppContext) {
  const { snapshot } = await ctx.source.load();
  const asOf = todayOf(ctx);
  const result = evaluate(snapshot, ctx.profile, asOf, ctx.calendar);
  return { snapshot, asOf, findings: result.findings };
}

function awaitingSignatureOf(sessions: readonly Session[], userId: string): Session[] {
  return sessions.filter(
    (s) =>
      s.recordCompletedAt &&
      ((s.superviseeId === userId && !s.superviseeSignedAt) ||
        (s.supervisorId === userId && !s.supervisorSignedAt)),
  );
}

/**
 * My sessions and open actions through index-backed reads (usecases/scoped-reads.ts): the
 * cost of one person, whatever the size of the organisation. Null when not in the staff list.
 */
export async function myPlans(
  ctx: AppContext,
  userId: string,
  reads: ScopedReads = requestReads(ctx),
): Promise<MyPlans | null> {
  const [people, asSupervisee, asSupervisor, owned] = await Promise.all([
    reads.staffByIds([userId]),
    reads.sessionsOf(userId, 'supervisee'),
    reads.sessionsOf(userId, 'supervisor'),
    reads.actionsOwnedBy(userId),
  ]);
  const me = people[0];
  if (!me) return null;
  const asOf = todayOf(ctx);
  const now = ctx.clock.now().toISOString();
  const mine = [...asSupervisee, ...asSupervisor.filter((s) => s.superviseeId !== userId)];
  return {
    me,
    asOf,
    next: nextOneToOne({ sessions: asSupervisee }, now, () => true),
    nextAsSupervisor: nextOneToOne({ sessions: asSupervisor }, now, () => true),
    openActions: openActions({ actions: owned }, userId, asOf),
    awaitingMySignature: awaitingSignatureOf(
      mine.sort(
        (a, b) => a.scheduledStart.localeCompare(b.scheduledStart) || a.id.localeCompare(b.id),
      ),
      userId,
    ),
  };
}

/** Null when the user is not in the staff list. */
export async function mySupervision(
  ctx: AppContext,
  userId: string,
): Promise<MySupervision | null> {
  const { snapshot, asOf, findings } = await loadAndEvaluate(ctx);
  const me = snapshot.staff.find((s) => s.id === userId);
  if (!me) return null;
  const now = ctx.clock.now().toISOString();
  // Nobody supervising them (no-supervisor, 003 §6) is a breach of their own: their summary
  // shows it red rather than leaving them out.
  const unsupervised = findings.some((f) => f.staffId === userId && f.kind === 'no-supervisor');
  const summary =
    me.supervisorId || unsupervised
      ? summariseSupervisee(snapshot, ctx.profile, asOf, userId, findings, ctx.calendar)
      : null;
  return {
    me,
    asOf,
    summary,
    next: nextOneToOne(snapshot, now, (s) => s.superviseeId === userId),
    nextAsSupervisor: nextOneToOne(snapshot, now, (s) => s.supervisorId === userId),
    openActions: openActions(snapshot, userId, asOf),
    awaitingMySignature: awaitingSignatureOf(snapshot.sessions, userId),
    findings: findings.filter((f) => f.staffId === userId && f.severity !== 'info'),
  };
}

/** Null when the user is not in the staff list; an empty team when nobody reports to them. */
export async function myTeam(ctx: AppContext, userId: string): Promise<MyTeam | null> {
  const { snapshot, asOf, findings } = await loadAndEvaluate(ctx);
  const h = hierarchyOf(snapshot.staff);
  const manager = h.get(userId);
  if (!manager) return null;
  // summariseTeam walks only `userId`'s own tree (supervisor and line-manager links).
  const team = summariseTeam(snapshot, ctx.profile, asOf, userId, findings, ctx.calendar);
  const names: Record<string, string> = {};
  for (const m of team.members) names[m.staffId] = h.get(m.staffId)?.name ?? m.staffId;
  return { manager, asOf, team, names };
}

export function sessionDay(s: Session): LocalDate {
  return londonDateOf(s.scheduledStart);
}
