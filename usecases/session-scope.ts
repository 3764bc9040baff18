/**
 * What every session use-case needs to know about one session: the versioned session itself
 * (read through the writer, so the version is the one to write against), the people around it
 * and its agreed actions; plus small shared helpers (names, who may confirm, input parsing).
 */
import { londonDateOf } from '../policy/calendar';
import type {
  AgreedAction,
  LocalDate,
  OrgSnapshot,
  Session,
  SessionRecord,
  Staff,
} from '../policy/domain';
import { type Hierarchy, hierarchyOf } from '../policy/hierarchy';
import { recordTemplateOf, type RecordTemplate } from '../policy/record-templates';
import { hasRecordWriter, type ScopedReads, type Versioned } from '../ports/schedule';
import type { AppContext } from './context';
import { requestReads, sessionNeighbourhood } from './scoped-reads';

export interface SessionScope {
  /**
   * The people around the session only (its two people, their line managers, the owners of
   * its actions: usecases/scoped-reads.ts), never the whole organisation.
   */
  hierarchy: Hierarchy;
  entry: Versioned<Session>;
  session: Session;
  /** Agreed actions of this session. */
  actions: AgreedAction[];
  /**
   * The structured record with its version (issue 18); null when the session has none yet (its
   * old `recordSummary`, if any, is the record) or the source keeps no records.
   */
  record: Versioned<SessionRecord> | null;
  /** The profile's record template, to read and show the record by its headings. */
  template: RecordTemplate;
}

/** The session's structured record, when the source keeps records. */
export async function readRecord(
  ctx: AppContext,
  sessionId: string,
): Promise<Versioned<SessionRecord> | null> {
  return hasRecordWriter(ctx.writer) ? ctx.writer.getRecord(sessionId) : null;
}

/**
 * The whole organisation, for the few answers that are about many sessions at once (what is
 * waiting for this person to confirm or sign, the role tips). A press on a card never uses it:
 * it loads only the session's neighbourhood (`loadSession`).
 */
export async function loadSnapshot(
  ctx: AppContext,
): Promise<{ snapshot: OrgSnapshot; hierarchy: Hierarchy }> {
  const { snapshot } = await ctx.source.load();
  return { snapshot, hierarchy: hierarchyOf(snapshot.staff) };
}

/**
 * The session (read through the writer, so its version is the one to write against) and its
 * neighbourhood, through index-backed reads: a press costs what it touches, whatever the
 * organisation's size.
 */
export async function loadSession(
  ctx: AppContext,
  sessionId: string,
): Promise<SessionScope | null> {
  const entry = await ctx.writer.getSession(sessionId);
  if (!entry) return null;
  const reads = requestReads(ctx);
  const near = await sessionNeighbourhood(reads, entry.value);
  // A group session's card offers the leader's team to tick as attending (usecases/
  // confirm-state.ts groupChoices), and names whoever it already records as attending.
  const staff =
    entry.value.kind === 'group' ? await groupStaff(reads, entry.value, near.staff) : near.staff;
  return {
    hierarchy: hierarchyOf(staff),
    entry,
    session: entry.value,
    actions: near.actions,
    record: await readRecord(ctx, sessionId),
    template: recordTemplateOf(ctx.profile),
  };
}

/** The session's people, the leader's team and the recorded attendees, each once. */
async function groupStaff(
  reads: ScopedReads,
  session: Session,
  near: readonly Staff[],
): Promise<Staff[]> {
  const [team, attending] = await Promise.all([
    reads.staffReportingTo(session.supervisorId),
    reads.staffByIds(session.attendees ?? []),
  ]);
  const byId = new Map<string, Staff>();
  for (const s of [...near, ...team, ...attending]) if (!byId.has(s.id)) byId.set(s.id, s);
  return [...byId.values()];
}

/** Re-reads the session and its actions after a write (or a lost race), keeping the people. */
export async function reloadSession(
  ctx: AppContext,
  scope: SessionScope,
): Promise<SessionScope | null> {
  const entry = await ctx.writer.getSession(scope.session.id);
  if (!entry) return null;
  return {
    ...scope,
    entry,
    session: entry.value,
    actions: await requestReads(ctx).actionsOfSessions([scope.session.id]),
    record: await readRecord(ctx, scope.session.id),
  };
}

/** A colleague's name for a card; the id when unknown (never an email). */
export function nameOf(h: Hierarchy, id: string | undefined | null): string {
  if (!id) return 'someone';
  return h.get(id)?.name ?? id;
}

/**
 * Who may confirm: the supervisor, the supervisor's line manager, and the supervisee's line
 * manager. The last matters where they differ (a practice supervisor who is not the line
 * manager): the contract sends the `session-unconfirmed` escalation to the supervisee's line
 * manager then (`escalateTo`, policy/hierarchy.ts `escalationTarget`), and whoever is asked to
 * sort out an unconfirmed session must be able to confirm it. Never the supervisee.
 */
export function confirmersOf(h: Hierarchy, session: Session): string[] {
  const ids = [
    session.supervisorId,
    h.lineManagerOf(session.supervisorId),
    h.lineManagerOf(session.superviseeId),
  ];
  return [...new Set(ids.filter((x): x is string => !!x && x !== session.superviseeId))];
}

/**
 * Who sees the confirm card update in place (its refresh userIds): the supervisee and everyone
 * who may confirm, so no confirmer is left looking at buttons for an answer already given.
 */
export function confirmAudience(h: Hierarchy, session: Session): string[] {
  // A group session's superviseeId is blank: nobody to add.
  return [
    ...new Set([session.supervisorId, session.superviseeId, ...confirmersOf(h, session)]),
  ].filter((id) => !!id);
}

export function roleIn(session: Session, userId: string): 'supervisor' | 'supervisee' | null {
  if (userId === session.supervisorId) return 'supervisor';
  if (userId === session.superviseeId) return 'supervisee';
  return null;
}

export function todayOf(ctx: AppContext): LocalDate {
  return londonDateOf(ctx.clock.now());
}

export function nowIso(ctx: AppContext): string {
  return ctx.clock.now().toISOString();
}

export const KIND_LABELS: Record<Session['kind'], string> = {
  'one-to-one': 'One-to-one supervision',
  group: 'Group supervision',
  observation: 'Observation of practice',
  'ad-hoc': 'Ad-hoc supervision',
};

/** A trimmed string input from card data ('' and non-strings are absent). */
export function input(data: Record<string, unknown>, key: string): string | undefined {
  const v = data[key];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}
