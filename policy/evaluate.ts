/**
 * evaluate: a snapshot of the organisation, a profile and a day in, every finding as of the end
 * of that day out (CONTRACT.md "Findings"). Pure and deterministic: the same input in any order
 * gives the same output, sorted by due date, kind, staff id and key.
 */
import { defaultCalendar, type WorkingCalendar } from './calendar';
import type {
  Absence,
  AgreedAction,
  Agreement,
  CaseRecord,
  LocalDate,
  OrgSnapshot,
  Session,
  Staff,
} from './domain';
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
  const rules = rulesOf(profile);
  const all: Finding[] = [];
  for (const s of ctx.subjects) all.push(...subjectFindings(ctx, rules, s, false));
  for (const s of ctx.leavers) all.push(...subjectFindings(ctx, rules, s, true));
  return finish(ctx, profile, rules, all);
}

interface Rules {
  staff: StaffRule[];
  leaver: StaffRule[];
  org: OrgRule[];
}

function rulesOf(profile: PolicyProfile): Rules {
  const on = (kinds: FindingKind[]) => kinds.some((k) => profile.enabled[k]);
  const staff = STAFF_RULES.filter((r) => on(r.kinds));
  return {
    staff,
    leaver: staff.filter((r) => r.leavers),
    org: ORG_RULES.filter((r) => on(r.kinds)),
  };
}

function subjectFindings(ctx: RuleContext, rules: Rules, s: Staff, leaver: boolean): Finding[] {
  const out: Finding[] = [];
  for (const r of leaver ? rules.leaver : rules.staff) out.push(...r.run(ctx, s));
  return out;
}

/** The organisation-wide rules, the absent-supervisor routing, one finding per key, sorted. */
function finish(
  ctx: RuleContext,
  profile: PolicyProfile,
  rules: Rules,
  all: Finding[],
): EvaluationResult {
  for (const r of rules.org) all.push(...r.run(ctx));
  const routed = routeAroundAbsentSupervisors(
    ctx,
    all.filter((f) => profile.enabled[f.kind]),
  );
  // One finding per key (duplicate rows in a broken import must not double-notify); sorting
  // first, with a full tie-break, keeps which duplicate wins independent of input order.
  routed.sort((a, b) => compareFindings(a, b) || cmp(JSON.stringify(a), JSON.stringify(b)));
  const byKey = new Map<string, Finding>();
  for (const f of routed) if (!byKey.has(f.key)) byKey.set(f.key, f);
  return {
    asOf: ctx.asOf,
    profile: profile.id,
    findings: [...byKey.values()].sort(compareFindings),
  };
}

/**
 * A change to the organisation since the last evaluation: rows added or changed (matched by
 * identity: session and action id, case id, agreement pair, absence staff+from+to) and
 * sessions removed. Staff and rota changes are not deltas: they re-shape the hierarchy and the
 * rota arithmetic, so they take a full evaluation.
 */
export interface OrgDelta {
  sessions?: Session[];
  removedSessionIds?: string[];
  actions?: AgreedAction[];
  absences?: Absence[];
  agreements?: Agreement[];
  cases?: CaseRecord[];
}

/**
 * Evaluation that keeps its indexes (the rule context: sessions by supervisee, absences by
 * staff, ...) and each person's findings between calls, so a small change costs a small
 * fraction of a full evaluation: `update` patches only the index entries the delta touches,
 * re-runs the per-person rules only for the people it concerns, and re-runs the
 * organisation-wide rules (absent supervisors, the triage rota) and the final routing and sort.
 * Pure: no I/O; `update(delta)` gives exactly what `evaluate` gives on the changed snapshot
 * (policy/evaluate-incremental.test.ts checks that on random deltas).
 */
export class IncrementalEvaluator {
  private ctx: RuleContext | null = null;
  private readonly bySubject = new Map<string, Finding[]>();
  private readonly rules: Rules;

  constructor(
    private readonly profile: PolicyProfile,
    private readonly calendar: WorkingCalendar = defaultCalendar,
  ) {
    this.rules = rulesOf(profile);
  }

  /** A full evaluation; its indexes and findings are kept for `update`. */
  evaluate(snapshot: OrgSnapshot, asOf: LocalDate): EvaluationResult {
    const ctx = buildContext(snapshot, this.profile, asOf, this.calendar);
    this.ctx = ctx;
    this.bySubject.clear();
    for (const s of ctx.subjects)
      this.bySubject.set(s.id, subjectFindings(ctx, this.rules, s, false));
    for (const s of ctx.leavers)
      this.bySubject.set(s.id, subjectFindings(ctx, this.rules, s, true));
    return this.result();
  }

  /** The snapshot as it stands after the deltas applied so far. */
  get snapshot(): OrgSnapshot | null {
    return this.ctx?.snapshot ?? null;
  }

  /** Applies `delta` to the kept snapshot and indexes and re-evaluates what it touches. */
  update(delta: OrgDelta): EvaluationResult {
    const prev = this.ctx;
    if (!prev) throw new Error('IncrementalEvaluator.update before evaluate');
    const { ctx, touched } = applyDelta(prev, delta);
    this.ctx = ctx;
    const subjects = new Map(ctx.subjects.map((s) => [s.id, s]));
    const leavers = new Map(ctx.leavers.map((s) => [s.id, s]));
    for (const id of touched) {
      ctx.heldCache.delete(id);
      const s = subjects.get(id) ?? leavers.get(id);
      if (s) this.bySubject.set(id, subjectFindings(ctx, this.rules, s, !subjects.has(id)));
    }
    return this.result();
  }

  private result(): EvaluationResult {
    const ctx = this.ctx!;
    const all: Finding[] = [];
    for (const list of this.bySubject.values()) for (const f of list) all.push(f);
    return finish(ctx, this.profile, this.rules, all);
  }
}

const sessionOrder = (a: Session, b: Session) =>
  cmp(a.scheduledStart, b.scheduledStart) || cmp(a.id, b.id);

/**
 * A new rule context with the delta applied: the snapshot's changed tables and the index
 * entries of the people concerned are replaced (copy on write: the old context, and a snapshot
 * a caller still holds, are left as they were). Returns the staff ids whose findings may change.
 */
function applyDelta(
  prev: RuleContext,
  delta: OrgDelta,
): { ctx: RuleContext; touched: Set<string> } {
  const touched = new Set<string>();
  const snapshot: OrgSnapshot = { ...prev.snapshot };
  const ctx: RuleContext = { ...prev, snapshot, heldCache: new Map(prev.heldCache) };

  const removed = new Set(delta.removedSessionIds ?? []);
  const changed = new Map((delta.sessions ?? []).map((x) => [x.id, x]));
  if (removed.size || changed.size) {
    const sessionById = new Map(prev.sessionById);
    const bySupervisee = new Map(prev.sessionsBySupervisee);
    const drop = (id: string) => {
      const old = sessionById.get(id);
      if (!old) return;
      sessionById.delete(id);
      touched.add(old.superviseeId);
      bySupervisee.set(
        old.superviseeId,
        (bySupervisee.get(old.superviseeId) ?? []).filter((x) => x.id !== id),
      );
    };
    for (const id of removed) drop(id);
    for (const [id, x] of changed) {
      drop(id);
      sessionById.set(id, x);
      touched.add(x.superviseeId);
      bySupervisee.set(
        x.superviseeId,
        [...(bySupervisee.get(x.superviseeId) ?? []), x].sort(sessionOrder),
      );
    }
    snapshot.sessions = [
      ...prev.snapshot.sessions.filter((x) => !removed.has(x.id) && !changed.has(x.id)),
      ...changed.values(),
    ];
    ctx.sessionById = sessionById;
    ctx.sessionsBySupervisee = bySupervisee;
  }
  if (delta.actions?.length) {
    const ids = new Set(delta.actions.map((a) => a.id));
    snapshot.actions = [...prev.snapshot.actions.filter((a) => !ids.has(a.id)), ...delta.actions];
    const bySession = new Map(prev.actionsBySession);
    for (const a of prev.snapshot.actions)
      if (ids.has(a.id))
        bySession.set(
          a.sessionId,
          (bySession.get(a.sessionId) ?? []).filter((b) => b.id !== a.id),
        );
    for (const a of delta.actions) {
      bySession.set(a.sessionId, [...(bySession.get(a.sessionId) ?? []), a]);
      const s = ctx.sessionById.get(a.sessionId);
      if (s) touched.add(s.superviseeId);
    }
    ctx.actionsBySession = bySession;
  }
  if (delta.absences?.length) {
    const keyOf = (a: Absence) => `${a.staffId}|${a.from}|${a.to}`;
    const keys = new Set(delta.absences.map(keyOf));
    snapshot.absences = [
      ...prev.snapshot.absences.filter((a) => !keys.has(keyOf(a))),
      ...delta.absences,
    ];
    const byStaff = new Map(prev.absencesByStaff);
    for (const a of delta.absences) {
      byStaff.set(a.staffId, [
        ...(byStaff.get(a.staffId) ?? []).filter((b) => keyOf(b) !== keyOf(a)),
        a,
      ]);
      // Their own gaps, and their supervisees' (an absent supervisor's cover).
      touched.add(a.staffId);
      for (const r of ctx.hierarchy.directReports(a.staffId)) touched.add(r);
    }
    ctx.absencesByStaff = byStaff;
  }
  if (delta.agreements?.length) {
    const keyOf = (a: Agreement) => `${a.superviseeId}|${a.supervisorId}`;
    const keys = new Set(delta.agreements.map(keyOf));
    snapshot.agreements = [
      ...prev.snapshot.agreements.filter((a) => !keys.has(keyOf(a))),
      ...delta.agreements,
    ];
    const bySupervisee = new Map(prev.agreementsBySupervisee);
    for (const a of delta.agreements) {
      bySupervisee.set(a.superviseeId, [
        ...(bySupervisee.get(a.superviseeId) ?? []).filter((b) => keyOf(b) !== keyOf(a)),
        a,
      ]);
      touched.add(a.superviseeId);
    }
    ctx.agreementsBySupervisee = bySupervisee;
  }
  if (delta.cases?.length) {
    const ids = new Set(delta.cases.map((c) => c.caseId));
    snapshot.cases = [...prev.snapshot.cases.filter((c) => !ids.has(c.caseId)), ...delta.cases];
    const byWorker = new Map(prev.casesByWorker);
    for (const c of prev.snapshot.cases)
      if (ids.has(c.caseId)) {
        byWorker.set(
          c.workerId,
          (byWorker.get(c.workerId) ?? []).filter((d) => d.caseId !== c.caseId),
        );
        touched.add(c.workerId);
      }
    for (const c of delta.cases) {
      byWorker.set(c.workerId, [...(byWorker.get(c.workerId) ?? []), c]);
      touched.add(c.workerId);
    }
    ctx.casesByWorker = byWorker;
  }
  return { ctx, touched };
}
