/**
 * Saving the structured supervision record (issue 18): "Save draft" or "Finish", from the
 * record form card or the tab. The supervisor only, on a held session.
 *
 * Saving
 * - writes the record (ETag-checked; a lost race re-reads and re-decides, so a double submit of
 *   the same form writes once and a second press finds nothing to change);
 * - sets each discussed case's `lastDiscussedAt` to the session's date (never backwards), so
 *   `case-discussion-due` stops for it;
 * - sets the session's `significantDecision` when any case entry made one (Islington's 24
 *   hours rule reads it), and clears it when the record's own entries no longer do;
 * - books the next session when the record gives its date (created once, moved while it is
 *   still only scheduled);
 * - voids signatures made on other content (the hash covers the whole record).
 * A draft leaves `recordCompletedAt` unset, so the deadline rules keep counting; finishing sets
 * it and asks both parties to sign.
 *
 * Answers a typed outcome (usecases/outcome.ts); the edges render it (present/record-actions.ts).
 */
import { londonDateOf } from '../policy/calendar';
import type {
  CaseEntry,
  CaseRecord,
  Instant,
  Session,
  SessionRecord,
  SupervisionRecord,
} from '../policy/domain';
import { CASE_ID, checkRecord, type RecordIssue } from '../policy/record';
import { hasRecordWriter, type RecordWriter, type Versioned } from '../ports/schedule';
import type { AppContext } from './context';
import { done, invalid, notFound, refused, unavailable, type Outcome } from './outcome';
import { canonicalJsonOf, structuredContent } from './record-hash';
import { voidStale, writeSession } from './record-writes';
import { requestReads } from './scoped-reads';
import { loadSession, nameOf, nowIso, type SessionScope } from './session-scope';
import { unsignedRequests, type SignRequest } from './sign-record';
import { currentHash, type Party, type SignState } from './signatures';

export const SAVE_VERBS = { draft: 'record.save-draft', finish: 'record.finish' } as const;

export interface SaveRecordCommand {
  userId: string;
  sessionId: string;
  /** true: "Finish" (required sections must be there); false: "Save draft". */
  finish: boolean;
  sections: Record<string, string>;
  /** An action's `ownerId` may be given as the side, `supervisor` or `supervisee`. */
  cases: CaseEntry[];
  nextSessionAt?: Instant;
  /** The card (or `tab`) acted on, recorded with any signature this save voids. */
  activityId: string;
}

export interface RecordSaved {
  scope: SessionScope;
  sign: SignState;
  /** created / changed: the record was written; unchanged: it already said this. */
  saved: 'created' | 'changed' | 'unchanged';
  /** This save finished the record (first time). */
  finished: boolean;
  /** Sign cards to send: on finishing, or when a finished record changed. */
  requests: SignRequest[];
  /** Signatures voided because the content changed. */
  voided: Party[];
  /** Cases whose `lastDiscussedAt` this save moved. */
  discussed: string[];
  /** The next session booked or moved by this save. */
  booked: Session | null;
  /** The child-name guard's warnings (never block). */
  warnings: RecordIssue[];
  /** A follow-on that could not be written yet (press again); the record itself is saved. */
  problem?: string;
  /** The supervisee's cases as they stand after saving (the form lists the open ones). */
  cases: CaseRecord[];
}

export type SaveRecordOutcome = Outcome<RecordSaved>;

const GONE = notFound('That session no longer exists in the supervision list.');
const BUSY = unavailable(
  'The supervision record could not be saved just now; please try again in a minute.',
);

/** The id of the session a record books: one per record, so saving again never books twice. */
export function nextSessionId(sessionId: string): string {
  return `${sessionId}-next`;
}

function sameContent(session: Session, a: SupervisionRecord, b: SupervisionRecord): boolean {
  return (
    a.status === b.status &&
    canonicalJsonOf(structuredContent(session, a, [])) ===
      canonicalJsonOf(structuredContent(session, b, []))
  );
}

export async function saveRecord(
  ctx: AppContext,
  cmd: SaveRecordCommand,
): Promise<SaveRecordOutcome> {
  if (!hasRecordWriter(ctx.writer))
    return unavailable('This data source does not keep structured records yet.', 'no-records');
  const writer = ctx.writer;
  const scope = await loadSession(ctx, cmd.sessionId);
  if (!scope) return GONE;
  const s = scope.session;
  if (cmd.userId !== s.supervisorId)
    return refused(
      `Only ${nameOf(scope.hierarchy, s.supervisorId)} (the supervisor) can write this record.`,
    );
  if (s.status !== 'held')
    return invalid('Only a held session has a record: confirm it as held first.', 'not-held');

  // Only the supervisee's cases can be discussed in their supervision (and only those have a
  // `lastDiscussedAt` to move).
  const theirCases = new Map(
    (await requestReads(ctx).casesOf(s.superviseeId)).map((c) => [c.caseId, c]),
  );
  const sections: Record<string, string> = {};
  for (const [id, text] of Object.entries(cmd.sections)) {
    const t = text.replace(/\r\n?/g, '\n').trim();
    if (t) sections[id] = t;
  }
  const before = scope.record?.value ?? null;
  const finalNow = cmd.finish || before?.status === 'final' || !!s.recordCompletedAt;
  const side = (id: string) =>
    id === 'supervisor' ? s.supervisorId : id === 'supervisee' ? s.superviseeId : id;
  const record: SessionRecord = {
    sessionId: s.id,
    sections,
    cases: cmd.cases.map((c) => ({
      ...c,
      actions: c.actions.map((a) => ({ ...a, ownerId: side(a.ownerId) })),
    })),
    ...(cmd.nextSessionAt ? { nextSessionAt: cmd.nextSessionAt } : {}),
    status: finalNow ? 'final' : 'draft',
    updatedAt: nowIso(ctx),
  };
  const staff = scope.hierarchy.all();
  const check = checkRecord(record, scope.template, {
    staffNames: staff.map((p) => p.name),
    staffIds: new Set([s.supervisorId, s.superviseeId, ...staff.map((p) => p.id)]),
  });
  // (Only well-formed ids are named back: a malformed one may be a name, checkRecord says so.)
  const unknown = cmd.cases
    .filter((c) => CASE_ID.test(c.caseId) && !theirCases.has(c.caseId))
    .map((c) => c.caseId);
  if (unknown.length)
    check.errors.push({
      code: 'unknown-case',
      field: 'cases',
      message: `Not a case of ${nameOf(scope.hierarchy, s.superviseeId)}: ${unknown.join(', ')}.`,
    });
  if (check.errors.length)
    return invalid(check.errors.map((e) => e.message).join(' '), 'record-invalid');

  // The record, ETag-checked; a lost race re-reads and decides again.
  let current: Versioned<SessionRecord> | null = scope.record;
  let saved: RecordSaved['saved'] = 'unchanged';
  for (let attempt = 0; ; attempt++) {
    if (current && sameContent(s, current.value, record)) break;
    const res = await writer.putRecord(record, current?.version ?? null);
    if (res.ok) {
      saved = current ? 'changed' : 'created';
      current = { value: res.value, version: res.version };
      break;
    }
    if (res.code === 'invalid') return invalid(res.message, 'record-invalid');
    if (res.code !== 'conflict' || attempt >= 3) {
      ctx.logger.warn('record.save-failed', { sessionId: s.id, code: res.code });
      return BUSY;
    }
    current = await writer.getRecord(s.id);
  }
  const wasDraft = !s.recordCompletedAt;
  // The session: completion, significant decision.
  const anySignificant = record.cases.some((c) => c.significantDecision);
  const recordHadOne = !!before?.cases.some((c) => c.significantDecision);
  let wonCompletion = false;
  const written = await writeSession(ctx, { ...scope, record: current }, (cur) => {
    const patch: Partial<Session> = {};
    wonCompletion = cmd.finish && !cur.recordCompletedAt;
    if (wonCompletion) patch.recordCompletedAt = nowIso(ctx);
    if (anySignificant && !cur.significantDecision) patch.significantDecision = true;
    if (!anySignificant && recordHadOne && cur.significantDecision)
      patch.significantDecision = undefined;
    return Object.keys(patch).length ? patch : null;
  });
  if (written === 'gone') return GONE;
  if (written === 'busy') return BUSY;
  const after0: SessionScope = { ...written, record: current };
  const { hash } = currentHash(after0);
  const voiding = await voidStale(ctx, after0, hash, cmd.activityId);
  if (voiding.scope === 'gone') return GONE;
  if (voiding.scope === 'busy') return BUSY;
  const after: SessionScope = { ...voiding.scope, record: current };

  const problems: string[] = [];
  const discussed = await markDiscussed(ctx, writer, after.session, record.cases, theirCases);
  if (typeof discussed === 'string') problems.push(discussed);
  const booked = record.nextSessionAt
    ? await bookNext(ctx, after.session, record.nextSessionAt)
    : null;
  if (typeof booked === 'string') problems.push(booked);

  // Sign requests: on finishing, or when a finished record's content changed.
  const requests: SignRequest[] = [];
  let entries: SignState['entries'] = [];
  const finishedRecordChanged = !wasDraft && saved !== 'unchanged';
  if (wonCompletion || finishedRecordChanged || voiding.voided.length > 0) {
    entries = await ctx.writer.listSignatures(s.id);
    requests.push(
      ...unsignedRequests(
        entries,
        after.session,
        hash,
        wonCompletion,
        wonCompletion
          ? 'A supervision record is ready for your signature.'
          : 'A supervision record changed and needs your signature again.',
      ),
    );
  }
  if (saved !== 'unchanged' || wonCompletion)
    ctx.logger.info('record.saved', {
      sessionId: s.id,
      saved,
      finished: wonCompletion,
      cases: record.cases.length,
      voided: voiding.voided.length,
    });
  if (check.warnings.length) ctx.logger.info('record.name-warning', { sessionId: s.id });
  return done({
    scope: after,
    sign: { scope: after, entries },
    saved,
    finished: wonCompletion,
    requests,
    voided: voiding.voided,
    discussed: typeof discussed === 'string' ? [] : discussed,
    booked: typeof booked === 'string' ? null : booked,
    warnings: check.warnings,
    ...(problems.length ? { problem: problems.join(' ') } : {}),
    cases: [...theirCases.values()].map((c) =>
      typeof discussed !== 'string' && discussed.includes(c.caseId)
        ? { ...c, lastDiscussedAt: londonDateOf(after.session.scheduledStart) }
        : c,
    ),
  });
}

/** Each discussed case's `lastDiscussedAt` moved to the session's date (never backwards). */
async function markDiscussed(
  ctx: AppContext,
  writer: RecordWriter,
  session: Session,
  cases: readonly CaseEntry[],
  known: ReadonlyMap<string, CaseRecord>,
): Promise<string[] | string> {
  const date = londonDateOf(session.scheduledStart);
  const moved: string[] = [];
  for (const entry of cases) {
    if (!known.has(entry.caseId)) continue;
    for (let attempt = 0; attempt < 4; attempt++) {
      const cur = await writer.getCase(entry.caseId);
      if (!cur || (cur.value.lastDiscussedAt ?? '') >= date) break;
      const r = await writer.updateCase(entry.caseId, { lastDiscussedAt: date }, cur.version);
      if (r.ok) {
        moved.push(entry.caseId);
        break;
      }
      if (r.code !== 'conflict') {
        ctx.logger.warn('record.case-write-failed', { sessionId: session.id, code: r.code });
        return 'The record is saved, but the cases could not be marked as discussed yet; please press the button again in a minute.';
      }
    }
  }
  return moved;
}

/** The next session the record books: created once, moved while still only scheduled. */
async function bookNext(
  ctx: AppContext,
  session: Session,
  start: Instant,
): Promise<Session | null | string> {
  const id = nextSessionId(session.id);
  const existing = await ctx.writer.getSession(id);
  if (existing) {
    if (existing.value.scheduledStart === start || existing.value.status !== 'scheduled')
      return null;
    const r = await ctx.writer.updateSession(id, { scheduledStart: start }, existing.version);
    if (r.ok) return r.value;
    ctx.logger.warn('record.next-session-failed', { sessionId: session.id, code: r.code });
    return 'The record is saved, but the next session could not be moved yet; please press the button again in a minute.';
  }
  // Already booked by hand at that time: nothing to add.
  const theirs = await requestReads(ctx).sessionsOf(session.superviseeId, 'supervisee');
  if (theirs.some((x) => x.scheduledStart === start && x.status === 'scheduled')) return null;
  const next: Session = {
    id,
    superviseeId: session.superviseeId,
    supervisorId: session.supervisorId,
    kind: session.kind === 'group' ? 'group' : 'one-to-one',
    scheduledStart: start,
    status: 'scheduled',
    ...(session.plannedMinutes !== undefined ? { plannedMinutes: session.plannedMinutes } : {}),
  };
  const r = await ctx.writer.createSession(next);
  if (r.ok) return r.value;
  ctx.logger.warn('record.next-session-failed', { sessionId: session.id, code: r.code });
  return 'The record is saved, but the next session could not be booked yet; please press the button again in a minute.';
}
