/**
 * "My supervision": the JSON the tab's first view shows, for the signed-in person only.
 * Built on usecases/queries.ts (the same read side as the chat commands) plus the prep
 * prompt and, for each record waiting for my signature, its content and hash so that the
 * signature made in the tab covers exactly what the page showed (as the sign card does).
 */
import { londonDateOf } from '../policy/calendar';
import type { Session } from '../policy/domain';
import { type Hierarchy, hierarchyOf } from '../policy/hierarchy';
import { prepFor } from '../policy/prep';
import { supervisionYear } from '../policy/supervision-year';
import type { AppContext } from '../usecases/context';
import { mySupervision } from '../usecases/queries';
import { recordText } from '../policy/record';
import { recordTemplateOf } from '../policy/record-templates';
import { hashOfRecord } from '../usecases/signatures';
import { findingView, type FindingView } from './finding-view';

export interface SessionBrief {
  id: string;
  date: string;
  start: string;
  kind: Session['kind'];
  withId: string;
  withName: string;
  plannedMinutes: number | null;
}

export interface AwaitingSignature {
  sessionId: string;
  date: string;
  role: 'supervisor' | 'supervisee';
  otherName: string;
  heldMinutes: number | null;
  summary: string;
  actions: Array<{ text: string; ownerName: string; due: string | null }>;
  contentHash: string;
}

export interface MyView {
  me: { id: string; name: string; role: string; team: string | null };
  asOf: string;
  next: SessionBrief | null;
  nextAsSupervisor: SessionBrief | null;
  prepare: {
    items: string[];
    openActions: Array<{ text: string; due: string | null }>;
    casesDue: Array<{ caseId: string; reason: string }>;
  } | null;
  year: { start: string; held: number; required: number | null; rag: string } | null;
  awaitingSignature: AwaitingSignature[];
  /** Held one-to-ones I lead whose record is not finished (newest first, at most 10): the form. */
  recordsToWrite: Array<{ sessionId: string; date: string; withName: string; draft: boolean }>;
  openActions: Array<{ id: string; text: string; due: string | null; overdue: boolean }>;
  findings: FindingView[];
  /** Whether anyone reports to me (shows the "My team" view). */
  hasTeam: boolean;
}

function brief(h: Hierarchy, s: Session, otherId: string): SessionBrief {
  return {
    id: s.id,
    date: londonDateOf(s.scheduledStart),
    start: s.scheduledStart,
    kind: s.kind,
    withId: otherId,
    withName: h.get(otherId)?.name ?? otherId,
    plannedMinutes: s.plannedMinutes ?? null,
  };
}

/** Null when the user is not in the staff list. */
export async function buildMyView(ctx: AppContext, userId: string): Promise<MyView | null> {
  const mine = await mySupervision(ctx, userId);
  if (!mine) return null;
  const { snapshot } = await ctx.source.load();
  const h = hierarchyOf(snapshot.staff);
  const nameOf = (id: string) => h.get(id)?.name ?? id;
  const prep = mine.next
    ? prepFor(snapshot, ctx.profile, mine.next.id, mine.asOf, 'supervisee', ctx.calendar)
    : null;
  const awaiting = mine.awaitingMySignature
    .slice()
    .sort((a, b) => a.scheduledStart.localeCompare(b.scheduledStart))
    .map((s): AwaitingSignature => {
      const actions = snapshot.actions.filter((a) => a.sessionId === s.id);
      // The structured record when there is one: the page shows and signs what the card does.
      const record = snapshot.records.find((r) => r.sessionId === s.id) ?? null;
      const role = s.superviseeId === userId && !s.superviseeSignedAt ? 'supervisee' : 'supervisor';
      return {
        sessionId: s.id,
        date: londonDateOf(s.scheduledStart),
        role,
        otherName: nameOf(role === 'supervisee' ? s.supervisorId : s.superviseeId),
        heldMinutes: s.heldMinutes ?? null,
        summary: record
          ? recordText(record, recordTemplateOf(ctx.profile))
          : (s.recordSummary ?? ''),
        actions: actions.map((a) => ({
          text: a.text,
          ownerName: nameOf(a.ownerId),
          due: a.due ?? null,
        })),
        contentHash: hashOfRecord(s, actions, record),
      };
    });
  return {
    me: { id: mine.me.id, name: mine.me.name, role: mine.me.role, team: mine.me.team ?? null },
    asOf: mine.asOf,
    next: mine.next ? brief(h, mine.next, mine.next.supervisorId) : null,
    nextAsSupervisor: mine.nextAsSupervisor
      ? brief(h, mine.nextAsSupervisor, mine.nextAsSupervisor.superviseeId)
      : null,
    prepare: prep
      ? {
          items: prep.items.map((i) => i.text),
          openActions: prep.openActions.map((a) => ({ text: a.text, due: a.due ?? null })),
          casesDue: prep.casesDue,
        }
      : null,
    year: mine.summary
      ? {
          start: supervisionYear(mine.asOf, ctx.profile.yearStart.value).start,
          held: mine.summary.heldThisYear,
          required: mine.summary.requiredThisYear,
          rag: mine.summary.rag,
        }
      : null,
    awaitingSignature: awaiting,
    recordsToWrite: snapshot.sessions
      .filter((s) => s.supervisorId === userId && s.status === 'held' && !s.recordCompletedAt)
      .sort((a, b) => b.scheduledStart.localeCompare(a.scheduledStart))
      .slice(0, 10)
      .map((s) => ({
        sessionId: s.id,
        date: londonDateOf(s.scheduledStart),
        withName: nameOf(s.superviseeId),
        draft: snapshot.records.some((r) => r.sessionId === s.id),
      })),
    openActions: mine.openActions.map((a) => ({
      id: a.id,
      text: a.text,
      due: a.due ?? null,
      overdue: !!a.due && a.due < mine.asOf,
    })),
    findings: mine.findings.map((f) => findingView(f)),
    hasTeam: h.treeOf(userId).length > 0,
  };
}
