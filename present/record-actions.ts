/**
 * The record form card (cards/record-form-card.ts) at the edge: its inputs become the typed
 * command of usecases/record-save.ts ("Save draft" / "Finish"), and the outcome becomes the
 * updated form plus the sign cards to send, rendered from the outcome (the form lists the
 * supervisee's cases the outcome carries).
 */
import {
  formIds,
  recordFormCard,
  RECORD_FORM_VERBS,
  type RecordFormView,
} from '../cards/record-form-card';
import type { CardJson } from '../cards/card-kit';
import { londonDateOf, londonInstant, parseLocalDate } from '../policy/calendar';
import type { CaseEntry, CaseRecord, RecordAction } from '../policy/domain';
import { interpretationsOf } from '../policy/interpretations';
import { recordFromSummary } from '../policy/record';
import { recordTemplateOf } from '../policy/record-templates';
import { recordDeadline } from '../policy/rules/records';
import type { AppContext } from '../usecases/context';
import type { CardActionHandler } from './card-types';
import { saveRecord, type SaveRecordCommand } from '../usecases/record-save';
import { requestReads } from '../usecases/scoped-reads';
import { input, nameOf, todayOf, type SessionScope } from '../usecases/session-scope';
import { refusalResult } from './card-result';
import { signRequestMessages } from './sign-actions';

/** What the form's inputs say, as the use-case's command (without who and where). */
export function recordFormOf(
  data: Record<string, unknown>,
  sectionIds: readonly string[],
): Pick<SaveRecordCommand, 'sections' | 'cases' | 'nextSessionAt'> | { error: string } {
  const sections: Record<string, string> = {};
  for (const id of sectionIds) {
    const v = input(data, formIds.section(id));
    if (v) sections[id] = v;
  }
  const cases: CaseEntry[] = [];
  for (const key of Object.keys(data)) {
    const m = /^case:(.+):discussed$/.exec(key);
    if (!m || String(data[key]) !== 'true') continue;
    const caseId = m[1]!;
    const field = (f: Parameters<typeof formIds.caseField>[1]) =>
      input(data, formIds.caseField(caseId, f));
    const entry: CaseEntry = {
      caseId,
      discussion: field('discussion') ?? '',
      decision: field('decision') ?? '',
      actions: [],
      significantDecision: field('significant') === 'true',
    };
    const scale = field('scale');
    if (scale !== undefined) {
      const n = Number(scale);
      if (!Number.isInteger(n)) return { error: `Case ${caseId}: the scale is a whole number.` };
      entry.riskScale = n;
    }
    const text = field('actionText');
    if (text) {
      const action: RecordAction = { text, ownerId: field('actionOwner') ?? 'supervisee' };
      const due = field('actionDue');
      if (due) action.dueDate = due;
      entry.actions.push(action);
    }
    cases.push(entry);
  }
  const date = input(data, 'nextDate');
  const out: Pick<SaveRecordCommand, 'sections' | 'cases' | 'nextSessionAt'> = { sections, cases };
  if (date) {
    const time = input(data, 'nextTime') ?? '10:00';
    if (!parseLocalDate(date) || !/^\d{2}:\d{2}$/.test(time))
      return { error: 'The next supervision date or time is not valid.' };
    out.nextSessionAt = londonInstant(date, time);
  }
  return out;
}

/** The form for one viewer, from a scope and the supervisee's cases (read when not given). */
export async function recordFormCardFor(
  ctx: AppContext,
  scope: SessionScope,
  viewerId: string,
  notice?: RecordFormView['notice'],
  cases?: readonly CaseRecord[],
): Promise<CardJson> {
  const { session, hierarchy: h, template } = scope;
  // An old single-summary record is offered in the form as its sections (policy/record.ts).
  const record =
    scope.record?.value ??
    (session.recordSummary ? recordFromSummary(session, template) : undefined);
  const theirs = cases ?? (await requestReads(ctx).casesOf(session.superviseeId));
  const inRecord = new Set(record?.cases.map((c) => c.caseId));
  const listed = theirs
    .filter((c) => !c.closedAt || inRecord.has(c.caseId))
    .sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0))
    .map((c) => ({
      caseId: c.caseId,
      category: c.category,
      ...(c.lastDiscussedAt ? { lastDiscussedAt: c.lastDiscussedAt } : {}),
    }));
  const next = record?.nextSessionAt;
  return recordFormCard({
    sessionId: session.id,
    superviseeName: nameOf(h, session.superviseeId),
    supervisorName: nameOf(h, session.supervisorId),
    supervisorId: session.supervisorId,
    heldDate: londonDateOf(session.scheduledStart),
    template: {
      name: template.name,
      sections: template.sections,
      discussionPrompts: template.caseEntry.discussionPrompts,
      riskScale: template.caseEntry.fields.includes('riskScale')
        ? template.caseEntry.riskScale
        : null,
      significantDecision: template.caseEntry.fields.includes('significantDecision'),
    },
    cases: listed,
    ...(record ? { record } : {}),
    ...(next ? { next: { date: londonDateOf(next), time: londonTime(next) } } : {}),
    dueBy: recordDeadline(
      {
        profile: ctx.profile,
        interp: interpretationsOf(ctx.profile),
        addWorkingDays: (d, n) => ctx.calendar.addWorkingDays(d, n),
      },
      session,
    ),
    ...(session.recordCompletedAt ? { completedAt: session.recordCompletedAt } : {}),
    canEdit: viewerId === session.supervisorId,
    today: todayOf(ctx),
    ...(notice ? { notice } : {}),
  });
}

function londonTime(at: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(at));
}

function saveVerb(finish: boolean): CardActionHandler {
  return async (ctx, req) => {
    // Every section id the form can carry: the profile's template's.
    const form = recordFormOf(
      req.data,
      recordTemplateOf(ctx.profile).sections.map((s) => s.id),
    );
    if ('error' in form) return { kind: 'invalid', message: form.error };
    const o = await saveRecord(ctx, {
      userId: req.userId,
      sessionId: input(req.data, 'sessionId') ?? '',
      finish,
      ...form,
      activityId: req.activityId,
    });
    if (o.code !== 'done') return refusalResult(o);
    const v = o.value;
    const said = v.finished
      ? 'Finished: sent to you both for signature.'
      : v.voided.length
        ? 'Saved. The record changed, so both are asked to sign again.'
        : v.saved === 'unchanged'
          ? 'Nothing changed.'
          : finish
            ? 'Saved: sent to you both for signature.'
            : 'Draft saved. The record is due by the date shown; finish it when it is complete.';
    const warning = v.warnings[0]?.message;
    const message = [said, v.problem, warning].filter(Boolean).join(' ');
    const card = await recordFormCardFor(
      ctx,
      v.scope,
      req.userId,
      { message, tone: v.problem ? 'attention' : warning ? 'warning' : 'good' },
      v.cases,
    );
    return {
      kind: 'card',
      card,
      messages: signRequestMessages(ctx, v.sign, v.requests),
      ...(v.problem ? { transient: true } : {}),
    };
  };
}

export const recordActions: Record<string, CardActionHandler> = {
  [RECORD_FORM_VERBS.draft]: saveVerb(false),
  [RECORD_FORM_VERBS.finish]: saveVerb(true),
};
