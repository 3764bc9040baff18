/**
 * Renders the notifications the scheduler owns: the L0 escalation reminder, the managers'
 * digest and the admins' data-problems digest. Supervision and triage kinds are rendered by
 * their owners (present/render-notification.ts, present/triage-notifications.ts).
 */
import { adminProblemsCard } from '../cards/digest-admin-problems';
import { digestCard, digestShownItems } from '../cards/digest-card';
import { escalationReminderCard } from '../cards/escalation-card';
import { findingLabel, type EscalationItemView } from '../cards/escalation-kit';
import type { RowProblem } from '../contract/problems';
import { londonDateOf } from '../policy/calendar';
import type { OrgSnapshot } from '../policy/domain';
import type { Finding } from '../policy/findings';
import type { PlannedNotification } from '../ports/planned';
import type { Rendered } from '../delivery/deliver-one';

export type { Rendered };

export interface OwnRenderInput {
  snapshot: OrgSnapshot;
  findings: Map<string, Finding>;
  problems: RowProblem[];
  tabUrl?: string;
}

/** Admins see at most this many problem locations in the card. */
const MAX_PROBLEM_LINES = 20;

function nameOf(snapshot: OrgSnapshot, id: string | null | undefined): string | undefined {
  if (!id) return undefined;
  return snapshot.staff.find((s) => s.id === id)?.name ?? id;
}

function itemView(snapshot: OrgSnapshot, f: Finding, level: number): EscalationItemView {
  const actor = nameOf(snapshot, f.notify);
  return {
    findingKey: f.key,
    kind: f.kind,
    aboutName: nameOf(snapshot, f.staffId) ?? 'the team',
    ...(actor ? { actorName: actor } : {}),
    detail: f.detail,
    due: f.due,
    level,
    ...(f.sessionId ? { sessionId: f.sessionId } : {}),
  };
}

/** Null when the notification no longer applies (its findings have gone). */
export function renderOwn(p: PlannedNotification, input: OwnRenderInput): Rendered | null {
  const { snapshot, findings } = input;
  if (p.kind === 'escalation') {
    const f = findings.get(p.findingKeys?.[0] ?? '');
    if (!f) return null;
    return {
      card: escalationReminderCard(itemView(snapshot, f, p.level ?? 0)),
      summary: `${findingLabel(f.kind)}: action needed`,
    };
  }
  if (p.kind === 'digest') {
    const keys = p.findingKeys ?? [];
    const escalationKeys = p.escalationKeys ?? [];
    const listed = keys
      .map((k, i) => {
        const f = findings.get(k);
        const ek = escalationKeys[i];
        if (!f || !ek) return null;
        return { ek, view: itemView(snapshot, f, Number(ek.slice(ek.lastIndexOf('|L') + 2))) };
      })
      .filter((x): x is { ek: string; view: EscalationItemView } => x !== null);
    if (listed.length === 0) return null;
    const items = listed.map((x) => x.view);
    return {
      card: digestCard({
        day: londonDateOf(p.notBefore),
        items,
        ...(input.tabUrl ? { tabUrl: input.tabUrl } : {}),
      }),
      summary: `${items.length} supervision escalation(s) need you`,
      delivers: digestShownItems(listed).map((x) => x.ek),
    };
  }
  if (p.kind === 'admin-problems') {
    const counts = new Map<string, number>();
    for (const pr of input.problems) counts.set(pr.code, (counts.get(pr.code) ?? 0) + 1);
    if (input.problems.length === 0) return null;
    return {
      card: adminProblemsCard({
        day: londonDateOf(p.notBefore),
        total: input.problems.length,
        byCode: [...counts.entries()].sort((a, b) => b[1] - a[1]),
        lines: input.problems
          .slice(0, MAX_PROBLEM_LINES)
          .map((pr) => ({ file: pr.file, row: pr.row, column: pr.column, code: pr.code })),
      }),
      summary: `${input.problems.length} data problem(s) skipped`,
    };
  }
  return null;
}
