/**
 * The record form on the tab's wider page (issue 18): the same sections and case entries as
 * the Teams record form card, from the profile's record template; the supervisee's open cases
 * by id with a "discussed" tick; "Save draft" and "Finish" through the SAME use-case as the card
 * (usecases/record-save.ts `saveRecord`, activityId `tab`).
 *
 * Who: the session's supervisor writes; the supervisee and their line chain (anyone above the
 * supervisee in the hierarchy) read; anyone else, or a session that does not exist, gets one
 * and the same 403 with no names, so the API never confirms which sessions exist or whose they
 * are. The use-case checks the writer again on every save.
 */
import { londonDateOf } from '../policy/calendar';
import type { CaseEntry, Instant } from '../policy/domain';
import type { OutboundMessage } from '../ports/notifier';
import { signRequestMessages } from '../present/sign-actions';
import type { AppContext } from '../usecases/context';
import { saveRecord } from '../usecases/record-save';
import { requestReads } from '../usecases/scoped-reads';
import { loadSession, nameOf } from '../usecases/session-scope';
import { TAB_ACTIVITY_ID, type ActionOutcome } from './actions';

const NOT_YOURS = {
  status: 403 as const,
  code: 'outside-tree',
  message: 'Only the supervisor, the supervisee and their line managers can open this record.',
};

export interface RecordFormView {
  sessionId: string;
  /** London date of the session. */
  date: string;
  supervisor: { id: string; name: string };
  supervisee: { id: string; name: string };
  /** The caller may write (the session's supervisor, on a held session). */
  canEdit: boolean;
  /** Why not, when the caller could otherwise write (e.g. the session is not held yet). */
  readOnlyReason: string | null;
  template: {
    name: string;
    sections: Array<{ id: string; heading: string; required: boolean; words: string | null }>;
    discussionPrompts: string[];
    riskScale: { min: number; max: number; question: string } | null;
    significantDecision: boolean;
  };
  record: {
    sections: Record<string, string>;
    cases: CaseEntry[];
    nextSessionAt: Instant | null;
    status: 'draft' | 'final';
    updatedAt: Instant;
  } | null;
  /** The supervisee's open cases, by id only (never a name). */
  openCases: Array<{ caseId: string; category: string; lastDiscussedAt: string | null }>;
  /** Who an action can be given to. */
  owners: Array<{ id: string; name: string }>;
}

export type FormAnswer =
  { ok: true; view: RecordFormView } | { ok: false; status: 403; code: string; message: string };

export async function recordFormView(
  ctx: AppContext,
  userId: string,
  sessionId: string,
): Promise<FormAnswer> {
  const scope = await loadSession(ctx, sessionId);
  if (!scope) return { ok: false, ...NOT_YOURS };
  const s = scope.session;
  const h = scope.hierarchy;
  const party = userId === s.supervisorId || userId === s.superviseeId;
  if (!party && !(h.get(userId) && h.isInTree(userId, s.superviseeId)))
    return { ok: false, ...NOT_YOURS };
  const isSupervisor = userId === s.supervisorId;
  const cases = (await requestReads(ctx).casesOf(s.superviseeId))
    .filter((c) => !c.closedAt)
    .sort((a, b) => a.caseId.localeCompare(b.caseId));
  const t = scope.template;
  const r = scope.record?.value ?? null;
  const readOnlyReason = !isSupervisor
    ? null
    : s.status !== 'held'
      ? 'Only a held session has a record: confirm it as held first.'
      : null;
  return {
    ok: true,
    view: {
      sessionId: s.id,
      date: londonDateOf(s.scheduledStart),
      supervisor: { id: s.supervisorId, name: nameOf(h, s.supervisorId) },
      supervisee: { id: s.superviseeId, name: nameOf(h, s.superviseeId) },
      canEdit: isSupervisor && readOnlyReason === null,
      readOnlyReason,
      template: {
        name: t.name,
        sections: t.sections.map((x) => ({
          id: x.id,
          heading: x.heading,
          required: x.required,
          words: x.words ?? null,
        })),
        discussionPrompts: t.caseEntry.discussionPrompts,
        riskScale: t.caseEntry.riskScale
          ? {
              min: t.caseEntry.riskScale.min,
              max: t.caseEntry.riskScale.max,
              question: t.caseEntry.riskScale.question,
            }
          : null,
        significantDecision: t.caseEntry.fields.includes('significantDecision'),
      },
      record: r
        ? {
            sections: r.sections,
            cases: r.cases,
            nextSessionAt: r.nextSessionAt ?? null,
            status: r.status,
            updatedAt: r.updatedAt,
          }
        : null,
      openCases: cases.map((c) => ({
        caseId: c.caseId,
        category: c.category,
        lastDiscussedAt: c.lastDiscussedAt ?? null,
      })),
      owners: [s.supervisorId, s.superviseeId].map((id) => ({ id, name: nameOf(h, id) })),
    },
  };
}

export interface SaveInput {
  finish: boolean;
  sections: Record<string, string>;
  cases: CaseEntry[];
  nextSessionAt?: Instant;
}

const bad = (message: string): ActionOutcome => ({ status: 400, code: 'bad-request', message });

/** The body as the page sends it, checked for shape (the use-case checks the content). */
export function parseSaveBody(b: Record<string, unknown>): SaveInput | ActionOutcome {
  const sections: Record<string, string> = {};
  if (!b.sections || typeof b.sections !== 'object' || Array.isArray(b.sections))
    return bad('sections must be an object of section id → text.');
  for (const [k, v] of Object.entries(b.sections as Record<string, unknown>)) {
    if (typeof v !== 'string') return bad(`section ${k} must be text.`);
    sections[k] = v;
  }
  if (!Array.isArray(b.cases)) return bad('cases must be a list.');
  const cases: CaseEntry[] = [];
  for (const c of b.cases as unknown[]) {
    const x = (c ?? {}) as Record<string, unknown>;
    if (typeof x.caseId !== 'string' || !x.caseId.trim()) return bad('each case needs its id.');
    const actions = Array.isArray(x.actions) ? (x.actions as Array<Record<string, unknown>>) : [];
    const risk = x.riskScale;
    if (risk !== undefined && risk !== null && typeof risk !== 'number')
      return bad('riskScale must be a number.');
    cases.push({
      caseId: x.caseId.trim(),
      discussion: typeof x.discussion === 'string' ? x.discussion : '',
      decision: typeof x.decision === 'string' ? x.decision : '',
      ...(typeof risk === 'number' ? { riskScale: risk } : {}),
      actions: actions
        .filter((a) => typeof a?.text === 'string' && a.text.trim() !== '')
        .map((a) => ({
          text: String(a.text).trim(),
          ownerId: String(a.ownerId ?? ''),
          ...(typeof a.dueDate === 'string' && a.dueDate ? { dueDate: a.dueDate } : {}),
        })),
      significantDecision: x.significantDecision === true,
    });
  }
  const next = typeof b.nextSessionAt === 'string' && b.nextSessionAt ? b.nextSessionAt : null;
  if (next !== null && Number.isNaN(Date.parse(next)))
    return bad('nextSessionAt must be a date and time.');
  return {
    finish: b.finish === true,
    sections,
    cases,
    ...(next ? { nextSessionAt: new Date(next).toISOString() } : {}),
  };
}

/** Save draft / Finish from the tab: the use-case's outcome as an HTTP answer. */
export async function saveFromTab(
  ctx: AppContext,
  userId: string,
  sessionId: string,
  input: SaveInput,
): Promise<ActionOutcome & { warnings?: string[] }> {
  // Outside the line chain: the same 403 as for a session that does not exist.
  const view = await recordFormView(ctx, userId, sessionId);
  if (!view.ok) return view;
  const o = await saveRecord(ctx, {
    userId,
    sessionId,
    finish: input.finish,
    sections: input.sections,
    cases: input.cases,
    ...(input.nextSessionAt ? { nextSessionAt: input.nextSessionAt } : {}),
    activityId: TAB_ACTIVITY_ID,
  });
  switch (o.code) {
    case 'done': {
      const d = o.value;
      const messages: OutboundMessage[] = signRequestMessages(ctx, d.sign, d.requests);
      const what = d.finished
        ? 'Record finished: both of you are asked to sign.'
        : d.saved === 'unchanged'
          ? 'Nothing changed since the last save.'
          : d.scope.session.recordCompletedAt
            ? 'Record saved.'
            : 'Draft saved. The record is not finished yet.';
      return {
        status: 200,
        message: d.problem ? `${what} ${d.problem}` : what,
        messages,
        warnings: d.warnings.map((w) => w.message),
      };
    }
    case 'refused':
      return { status: 403, code: 'refused', message: o.reason };
    case 'not-found':
      return { ...NOT_YOURS };
    case 'invalid':
      return { status: 400, code: o.why ?? 'invalid', message: o.reason };
    case 'unavailable':
      return { status: 503, code: 'unavailable', message: o.reason };
  }
}
