/**
 * "My team": one row per supervisee under the signed-in manager (their whole tree, through
 * supervisor and line-manager links: policy/compliance.ts summariseTeam), and one person's
 * history for the drill-down. Authorisation happens in the routes (tab/access.ts) before
 * these are called; these only shape data.
 */
import { londonDateOf } from '../policy/calendar';
import { isCurrent, summariseSupervisee, type SuperviseeSummary } from '../policy/compliance';
import type { Staff } from '../policy/domain';
import { type Hierarchy, hierarchyOf } from '../policy/hierarchy';
import type { AppContext } from '../usecases/context';
import { loadAndEvaluate, myTeam } from '../usecases/queries';
import { findingView, type FindingView } from './finding-view';

export interface TeamRow {
  staffId: string;
  name: string;
  team: string | null;
  role: Staff['role'];
  supervisorName: string | null;
  lastHeld: string | null;
  nextBooked: string | null;
  nextDue: string;
  monthsWithout: number;
  heldThisYear: number;
  requiredThisYear: number | null;
  recordStatus: SuperviseeSummary['recordStatus'];
  signatureStatus: SuperviseeSummary['signatureStatus'];
  agreement: SuperviseeSummary['agreementDue'];
  observation: SuperviseeSummary['observationDue'];
  rag: SuperviseeSummary['rag'];
  /** The current findings that explain the colour. */
  reasons: FindingView[];
}

export interface TeamView {
  managerId: string;
  managerName: string;
  asOf: string;
  rows: TeamRow[];
  counts: Record<'red' | 'amber' | 'green', number>;
  teams: string[];
  /** Me and the managers in my tree: whose team the view can narrow to. */
  managers: Array<{ id: string; name: string }>;
}

function row(h: Hierarchy, s: SuperviseeSummary, asOf: string): TeamRow {
  const staff = h.get(s.staffId);
  const supervisorId = staff?.supervisorId;
  return {
    staffId: s.staffId,
    name: staff?.name ?? s.staffId,
    team: staff?.team ?? null,
    role: staff?.role ?? 'practitioner',
    supervisorName: supervisorId ? (h.get(supervisorId)?.name ?? supervisorId) : null,
    lastHeld: s.lastHeld,
    nextBooked: s.nextBooked,
    nextDue: s.nextDue,
    monthsWithout: s.monthsWithout,
    heldThisYear: s.heldThisYear,
    requiredThisYear: s.requiredThisYear,
    recordStatus: s.recordStatus,
    signatureStatus: s.signatureStatus,
    agreement: s.agreementDue,
    observation: s.observationDue,
    rag: s.rag,
    reasons: s.openFindings.filter((f) => isCurrent(f, asOf)).map(findingView),
  };
}

/**
 * Null when the manager is not in the staff list. `viewerId`: who is looking (the view may be
 * narrowed to a manager below them; `managers` lists the choices within the viewer's tree).
 */
export async function buildTeamView(
  ctx: AppContext,
  managerId: string,
  viewerId: string = managerId,
): Promise<TeamView | null> {
  const team = await myTeam(ctx, managerId);
  if (!team) return null;
  const { snapshot } = await ctx.source.load();
  const h = hierarchyOf(snapshot.staff);
  const rows = team.team.members.map((m) => row(h, m, team.asOf));
  return {
    managerId,
    managerName: team.manager.name,
    asOf: team.asOf,
    rows,
    counts: team.team.counts,
    teams: [...new Set(rows.map((r) => r.team).filter((t): t is string => !!t))].sort(),
    managers: [viewerId, ...h.treeOf(viewerId)]
      .filter((id) => h.directReports(id).length > 0)
      .map((id) => ({ id, name: h.get(id)?.name ?? id })),
  };
}

export interface HistoryEntry {
  id: string;
  date: string;
  kind: string;
  status: string;
  withName: string;
  plannedMinutes: number | null;
  heldMinutes: number | null;
  recordCompleted: string | null;
  supervisorSigned: boolean;
  superviseeSigned: boolean;
  /** A group session (led by `withName`): the person is recorded in its attendees. */
  attended: boolean | null;
}

export interface PersonHistory {
  staffId: string;
  name: string;
  team: string | null;
  role: Staff['role'];
  asOf: string;
  summary: TeamRow | null;
  sessions: HistoryEntry[];
  agreements: Array<{ supervisorName: string; signedAt: string | null }>;
  findings: FindingView[];
}

/** One person's supervision history (newest first); null when unknown. */
export async function buildHistory(
  ctx: AppContext,
  staffId: string,
): Promise<PersonHistory | null> {
  const { snapshot, asOf, findings } = await loadAndEvaluate(ctx);
  const h = hierarchyOf(snapshot.staff);
  const staff = h.get(staffId);
  if (!staff) return null;
  const nameOf = (id: string) => h.get(id)?.name ?? id;
  const unsupervised = findings.some((f) => f.staffId === staffId && f.kind === 'no-supervisor');
  const summary =
    staff.supervisorId || unsupervised
      ? summariseSupervisee(snapshot, ctx.profile, asOf, staffId, findings, ctx.calendar)
      : null;
  // Their one-to-ones and the group sessions they attended (CONTRACT "Group supervision").
  const sessions = snapshot.sessions
    .filter(
      (s) => s.superviseeId === staffId || (s.kind === 'group' && !!s.attendees?.includes(staffId)),
    )
    .sort((a, b) => b.scheduledStart.localeCompare(a.scheduledStart))
    .map((s): HistoryEntry => ({
      id: s.id,
      date: londonDateOf(s.scheduledStart),
      kind: s.kind,
      status: s.status,
      withName: nameOf(s.supervisorId),
      plannedMinutes: s.plannedMinutes ?? null,
      heldMinutes: s.heldMinutes ?? null,
      recordCompleted: s.recordCompletedAt ? londonDateOf(s.recordCompletedAt) : null,
      supervisorSigned: !!s.supervisorSignedAt,
      superviseeSigned: !!s.superviseeSignedAt,
      attended: s.kind === 'group' ? !!s.attendees?.includes(staffId) : null,
    }));
  return {
    staffId,
    name: staff.name,
    team: staff.team ?? null,
    role: staff.role,
    asOf,
    summary: summary ? row(h, summary, asOf) : null,
    sessions,
    agreements: snapshot.agreements
      .filter((a) => a.superviseeId === staffId)
      .map((a) => ({ supervisorName: nameOf(a.supervisorId), signedAt: a.signedAt ?? null })),
    findings: findings
      .filter((f) => f.staffId === staffId && f.severity !== 'info' && isCurrent(f, asOf))
      .map(findingView),
  };
}
