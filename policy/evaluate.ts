/**
 * evaluate: a snapshot of the organisation, a profile and a day in, every finding as of the end
 * of that day out (CONTRACT.md "Findings"). Pure and deterministic: the same input in any order
 * gives the same output, sorted by due date, kind, staff id and key.
 */
import { defaultCalendar, type WorkingCalendar } from './calendar';
import type { LocalDate, OrgSnapshot, Staff } from './domain';
import type { EvaluationResult, Finding, FindingKind } from './findings';
import type { PolicyProfile } from './profile';
import { routeAroundAbsentSupervisors } from './rules/absent-supervisor-cover';
import { agreementFindings } from './rules/agreement';
import { caseDiscussionFindings } from './rules/case-discussion';
import { buildContext, cmp, type RuleContext } from './rules/context';
import { disagreementOpenFindings } from './rules/disagreement-open';
import { groupSupervisionGapFindings } from './rules/group-supervision-gap';
import { nextSessionFindings } from './rules/next-session';
import { noSupervisorFindings } from './rules/no-supervisor';
import { returnSupervisionFindings } from './rules/return-supervision-due';
import { recordOverdueFindings, signatureOverdueFindings } from './rules/records';
import { sessionTooShortFindings, sessionUnconfirmedFindings } from './rules/sessions';
import { supervisionGapFindings } from './rules/supervision-gap';
import { supervisorAbsentFindings } from './rules/supervisor-absent';
import { triageImbalanceFindings, triageUncoveredFindings } from './rules/triage';
import { annualMinimumFindings, observationDueFindings } from './rules/yearly';

type StaffRule = {
  kinds: FindingKind[];
  run: (ctx: RuleContext, s: Staff) => Finding[];
  /** Also run for leavers (sessions before their last day): paperwork still owed after they go. */
  leavers?: true;
};
type OrgRule = { kinds: FindingKind[]; run: (ctx: RuleContext) => Finding[] };

const STAFF_RULES: StaffRule[] = [
  { kinds: ['session-unconfirmed'], run: sessionUnconfirmedFindings },
  { kinds: ['supervision-gap', 'gap-explained-by-absence'], run: supervisionGapFindings },
  { kinds: ['session-too-short'], run: sessionTooShortFindings },
  { kinds: ['annual-minimum-at-risk'], run: annualMinimumFindings },
  { kinds: ['record-overdue'], run: recordOverdueFindings, leavers: true },
  { kinds: ['signature-overdue'], run: signatureOverdueFindings, leavers: true },
  { kinds: ['agreement-missing', 'agreement-review-due'], run: agreementFindings },
  { kinds: ['observation-due'], run: observationDueFindings },
  { kinds: ['next-session-not-booked'], run: nextSessionFindings },
  { kinds: ['case-discussion-due'], run: caseDiscussionFindings },
  { kinds: ['group-supervision-gap'], run: groupSupervisionGapFindings },
  { kinds: ['disagreement-open'], run: disagreementOpenFindings },
  { kinds: ['return-supervision-due'], run: returnSupervisionFindings },
];

const ORG_RULES: OrgRule[] = [
  { kinds: ['supervisor-absent'], run: supervisorAbsentFindings },
  { kinds: ['triage-uncovered'], run: triageUncoveredFindings },
  { kinds: ['triage-imbalance'], run: triageImbalanceFindings },
  { kinds: ['no-supervisor'], run: noSupervisorFindings },
];

export function compareFindings(a: Finding, b: Finding): number {
  return cmp(a.due, b.due) || cmp(a.kind, b.kind) || cmp(a.staffId, b.staffId) || cmp(a.key, b.key);
}

export function evaluate(
  snapshot: OrgSnapshot,
  profile: PolicyProfile,
  asOf: LocalDate,
  calendar: WorkingCalendar = defaultCalendar,
): EvaluationResult {
  const ctx = buildContext(snapshot, profile, asOf, calendar);
  const on = (kinds: FindingKind[]) => kinds.some((k) => profile.enabled[k]);
  const staffRules = STAFF_RULES.filter((r) => on(r.kinds));
  const all: Finding[] = [];
  for (const s of ctx.subjects) for (const r of staffRules) all.push(...r.run(ctx, s));
  const leaverRules = staffRules.filter((r) => r.leavers);
  for (const s of ctx.leavers) for (const r of leaverRules) all.push(...r.run(ctx, s));
  for (const r of ORG_RULES) if (on(r.kinds)) all.push(...r.run(ctx));
  const routed = routeAroundAbsentSupervisors(
    ctx,
    all.filter((f) => profile.enabled[f.kind]),
  );
  // One finding per key (duplicate rows in a broken import must not double-notify); sorting
  // first, with a full tie-break, keeps which duplicate wins independent of input order.
  routed.sort((a, b) => compareFindings(a, b) || cmp(JSON.stringify(a), JSON.stringify(b)));
  const byKey = new Map<string, Finding>();
  for (const f of routed) if (!byKey.has(f.key)) byKey.set(f.key, f);
  return { asOf, profile: profile.id, findings: [...byKey.values()].sort(compareFindings) };
}
