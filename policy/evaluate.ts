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
import { coverFrom, routeAroundAbsentSupervisors } from './rules/absent-supervisor-cover';
import { agreementFindings } from './rules/agreement';
import { caseDiscussionFindings } from './rules/case-discussion';
import {
  buildContext,
  cmp,
  firstSessionDays,
  parsedInstant,
  sessionOrder,
  type RuleContext,
} from './rules/context';
import { insertSorted } from '../kernel/insert-sorted';
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

/**
 * The order of the result, total: compareFindings, then the whole finding, so which of two
 * findings with one key wins does not depend on input order.
 */
function totalOrder(a: Finding, b: Finding): number {
  return compareFindings(a, b) || cmp(JSON.stringify(a), JSON.stringify(b));
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
  for (const s of ctx.subjects) runRules(ctx, rules.staff, s, all);
  for (const s of ctx.leavers) runRules(ctx, rules.leaver, s, all);
  const org = orgFindings(ctx, rules);
  for (const f of org) all.push(f);
  const routed = route(ctx, coverFrom(org), all);
  return { asOf: ctx.asOf, profile: profile.id, findings: sortedUnique(routed) };
}

interface Rules {
  staff: StaffRule[];
  leaver: StaffRule[];
  org: OrgRule[];
  profile: PolicyProfile;
}

function rulesOf(profile: PolicyProfile): Rules {
  const on = (kinds: FindingKind[]) => kinds.some((k) => profile.enabled[k]);
  const staff = STAFF_RULES.filter((r) => on(r.kinds));
  return {
    staff,
    leaver: staff.filter((r) => r.leavers),
    org: ORG_RULES.filter((r) => on(r.kinds)),
    profile,
  };
}

/** Runs the rules for one person, appending the findings of enabled kinds to `out`. */
function runRules(ctx: RuleContext, rules: StaffRule[], s: Staff, out: Finding[]): Finding[] {
  const enabled = ctx.profile.enabled;
  for (const r of rules) for (const f of r.run(ctx, s)) if (enabled[f.kind]) out.push(f);
  return out;
}

function subjectFindings(ctx: RuleContext, rules: Rules, s: Staff, leaver: boolean): Finding[] {
  return runRules(ctx, leaver ? rules.leaver : rules.staff, s, []);
}

/** The organisation-wide rules' findings of enabled kinds. */
function orgFindings(ctx: RuleContext, rules: Rules): Finding[] {
  const out: Finding[] = [];
  for (const r of rules.org)
    for (const f of r.run(ctx)) if (ctx.profile.enabled[f.kind]) out.push(f);
  return out;
}

/** The absent-supervisor routing (rules/absent-supervisor-cover.ts) with the cover known. */
function route(ctx: RuleContext, cover: Map<string, string>, findings: Finding[]): Finding[] {
  return cover.size ? routeAroundAbsentSupervisors(ctx, findings, cover) : findings;
}

/** totalOrder for two findings with the same due date and kind. */
function sameDueAndKindOrder(a: Finding, b: Finding): number {
  return (
    cmp(a.staffId, b.staffId) || cmp(a.key, b.key) || cmp(JSON.stringify(a), JSON.stringify(b))
  );
}

/**
 * One finding per key (duplicate rows in a broken import must not double-notify), sorted:
 * sorting first, with the total order, keeps which duplicate wins independent of input order,
 * and what is left after dropping the later duplicates is still in order.
 * Sorted as buckets by due date, then kind (a few hundred days, a dozen kinds), each bucket
 * sorted by the rest: the same order as sorting them all by totalOrder with far fewer string
 * comparisons (sorting was a fifth of a large organisation's evaluation).
 */
function sortedUnique(findings: readonly Finding[]): Finding[] {
  const byDue = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    let byKind = byDue.get(f.due);
    if (!byKind) byDue.set(f.due, (byKind = new Map()));
    const list = byKind.get(f.kind);
    if (list) list.push(f);
    else byKind.set(f.kind, [f]);
  }
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const due of [...byDue.keys()].sort(cmp)) {
    const byKind = byDue.get(due)!;
    for (const kind of [...byKind.keys()].sort(cmp)) {
      const list = byKind.get(kind)!;
      if (list.length > 1) list.sort(sameDueAndKindOrder);
      for (const f of list)
        if (!seen.has(f.key)) {
          seen.add(f.key);
          out.push(f);
        }
    }
  }
  return out;
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
 * The rows of one table of the snapshot, by identity, changed in place: the index by identity
 * is built on the first change, and the array the rules or a caller see is rebuilt only when
 * asked for after a change (never changed once handed out). Rows sharing an identity (a
 * broken import) are kept together and replaced together, as a full re-read would.
 */
class Rows<T> {
  private byKey: Map<string, T | T[]> | null = null;
  private list: T[] | null;

  constructor(
    private readonly base: readonly T[],
    private readonly keyOf: (t: T) => string,
  ) {
    this.list = base as T[];
  }

  private index(): Map<string, T | T[]> {
    if (!this.byKey) {
      const m = new Map<string, T | T[]>();
      for (const x of this.base) {
        const k = this.keyOf(x);
        const had = m.get(k);
        if (had === undefined) m.set(k, x);
        else if (Array.isArray(had)) had.push(x);
        else m.set(k, [had, x]);
      }
      this.byKey = m;
    }
    return this.byKey;
  }

  /** The rows with this identity (usually one, or none). */
  get(key: string): T[] {
    const had = this.index().get(key);
    return had === undefined ? [] : Array.isArray(had) ? had : [had];
  }

  /** Replaces every row with this identity by `row` (or removes them when null). */
  set(key: string, row: T | null): void {
    const m = this.index();
    if (row === null) m.delete(key);
    else m.set(key, row);
    this.list = null;
  }

  rows(): T[] {
    if (!this.list) {
      const out: T[] = [];
      for (const x of this.index().values()) {
        if (Array.isArray(x)) out.push(...x);
        else out.push(x);
      }
      this.list = out;
    }
    return this.list;
  }
}

const absenceKey = (a: Absence) => `${a.staffId}|${a.from}|${a.to}`;
const agreementKey = (a: Agreement) => `${a.superviseeId}|${a.supervisorId}`;

/** The snapshot's tables, kept by identity between deltas. */
class LiveSnapshot {
  readonly sessions: Rows<Session>;
  readonly actions: Rows<AgreedAction>;
  readonly absences: Rows<Absence>;
  readonly agreements: Rows<Agreement>;
  readonly cases: Rows<CaseRecord>;

  constructor(private readonly base: OrgSnapshot) {
    this.sessions = new Rows(base.sessions, (s) => s.id);
    this.actions = new Rows(base.actions, (a) => a.id);
    this.absences = new Rows(base.absences, absenceKey);
    this.agreements = new Rows(base.agreements, agreementKey);
    this.cases = new Rows(base.cases, (c) => c.caseId);
  }

  /** A snapshot object for the rules: each table read as it stands when read. */
  view(): OrgSnapshot {
    const { sessions, actions, absences, agreements, cases } = this;
    return {
      ...this.base,
      get sessions() {
        return sessions.rows();
      },
      get actions() {
        return actions.rows();
      },
      get absences() {
        return absences.rows();
      },
      get agreements() {
        return agreements.rows();
      },
      get cases() {
        return cases.rows();
      },
    };
  }

  /** A plain copy, as it stands now (later deltas do not change it). */
  copy(): OrgSnapshot {
    return {
      ...this.base,
      sessions: this.sessions.rows(),
      actions: this.actions.rows(),
      absences: this.absences.rows(),
      agreements: this.agreements.rows(),
      cases: this.cases.rows(),
    };
  }
}

/** Removes `x` (by identity) from the list in `map` under `key`. */
function removeFrom<T>(map: Map<string, T[]>, key: string, x: T): void {
  const list = map.get(key);
  if (!list) return;
  const i = list.indexOf(x);
  if (i < 0) return;
  if (list.length === 1) map.delete(key);
  else list.splice(i, 1);
}

function appendTo<T>(map: Map<string, T[]>, key: string, x: T): void {
  const list = map.get(key);
  if (list) list.push(x);
  else map.set(key, [x]);
}

const ORG = '\u0000org';

/**
 * Evaluation that keeps its indexes (the rule context: sessions by supervisee, absences by
 * staff, ...), each person's findings and the sorted result between calls, so a small change
 * costs a small fraction of a full evaluation: `update` patches, in place, only the index
 * entries the delta touches, re-runs the per-person rules only for the people it concerns,
 * re-runs the organisation-wide rules only when absences change (the only delta they read),
 * and merges the changed findings into the kept sorted result instead of sorting it all again.
 * Pure: no I/O; `update(delta)` gives exactly what `evaluate` gives on the changed snapshot
 * (policy/evaluate-incremental.test.ts checks that on random deltas). The caller's snapshot is
 * never changed.
 */
export class IncrementalEvaluator {
  private ctx: RuleContext | null = null;
  private live: LiveSnapshot | null = null;
  private readonly rules: Rules;
  private subjects = new Map<string, { s: Staff; leaver: boolean }>();
  /** Findings per person (and under ORG, the organisation-wide rules'), before routing... */
  private readonly raw = new Map<string, Finding[]>();
  /** ... and after (the same lists while no supervisor is absent). */
  private readonly routed = new Map<string, Finding[]>();
  /** Who arranges cover for each absent supervisor (from the ORG findings). */
  private cover = new Map<string, string>();
  /** Routed findings by key: usually one; more when duplicate rows give one key twice. */
  private byKey = new Map<string, Finding | Finding[]>();
  /** The result: the first finding of each key in the total order, sorted. */
  private result: Finding[] = [];

  constructor(
    private readonly profile: PolicyProfile,
    private readonly calendar: WorkingCalendar = defaultCalendar,
  ) {
    this.rules = rulesOf(profile);
  }

  /** A full evaluation; its indexes and findings are kept for `update`. */
  evaluate(snapshot: OrgSnapshot, asOf: LocalDate): EvaluationResult {
    this.live = new LiveSnapshot(snapshot);
    const ctx = buildContext(this.live.view(), this.profile, asOf, this.calendar);
    this.ctx = ctx;
    this.subjects = new Map();
    for (const s of ctx.subjects) this.subjects.set(s.id, { s, leaver: false });
    for (const s of ctx.leavers) this.subjects.set(s.id, { s, leaver: true });
    this.rebuild();
    return this.output();
  }

  /** The snapshot as it stands after the deltas applied so far (a copy: later deltas leave it). */
  get snapshot(): OrgSnapshot | null {
    return this.live?.copy() ?? null;
  }

  /** Applies `delta` to the kept snapshot and indexes and re-evaluates what it touches. */
  update(delta: OrgDelta): EvaluationResult {
    const ctx = this.ctx;
    if (!ctx) throw new Error('IncrementalEvaluator.update before evaluate');
    const change = applyDelta(ctx, this.live!, delta);
    if (change.everyone) {
      this.rebuild();
      return this.output();
    }
    for (const id of change.touched) ctx.heldCache.delete(id);
    const changed: string[] = [];
    for (const id of change.touched) {
      const subject = this.subjects.get(id);
      if (!subject) continue;
      this.raw.set(id, subjectFindings(ctx, this.rules, subject.s, subject.leaver));
      changed.push(id);
    }
    if (change.absences) {
      const org = orgFindings(ctx, this.rules);
      this.raw.set(ORG, org);
      const cover = coverFrom(org);
      if (!sameMap(cover, this.cover)) {
        // Whose findings go to someone else has changed: route them all again.
        this.cover = cover;
        this.sortAll();
        return this.output();
      }
      changed.push(ORG);
    }
    let consistent = true;
    for (const id of changed)
      consistent = this.replaceGroup(id, route(ctx, this.cover, this.raw.get(id)!)) && consistent;
    // Cannot happen while the kept result and the candidates agree; should it, sort afresh
    // rather than answer wrongly.
    if (!consistent) this.sortAll();
    return this.output();
  }

  private output(): EvaluationResult {
    const ctx = this.ctx!;
    return { asOf: ctx.asOf, profile: this.profile.id, findings: this.result.slice() };
  }

  /** Every person's rules and the organisation-wide rules on the kept context, then sortAll. */
  private rebuild(): void {
    const ctx = this.ctx!;
    ctx.heldCache.clear();
    this.raw.clear();
    for (const [id, { s, leaver }] of this.subjects)
      this.raw.set(id, subjectFindings(ctx, this.rules, s, leaver));
    const org = orgFindings(ctx, this.rules);
    this.raw.set(ORG, org);
    this.cover = coverFrom(org);
    this.sortAll();
  }

  /** Routes every kept list, indexes the findings by key and sorts the result afresh. */
  private sortAll(): void {
    const ctx = this.ctx!;
    const all: Finding[] = [];
    this.routed.clear();
    for (const [id, list] of this.raw) {
      const r = route(ctx, this.cover, list);
      this.routed.set(id, r);
      for (const f of r) all.push(f);
    }
    this.byKey = new Map();
    for (const f of all) this.addCandidate(f);
    this.result = sortedUnique(all);
  }

  private addCandidate(f: Finding): void {
    const had = this.byKey.get(f.key);
    if (had === undefined) this.byKey.set(f.key, f);
    else if (Array.isArray(had)) had.push(f);
    else this.byKey.set(f.key, [had, f]);
  }

  private removeCandidate(f: Finding): void {
    const had = this.byKey.get(f.key);
    if (had === f) this.byKey.delete(f.key);
    else if (Array.isArray(had)) {
      const i = had.indexOf(f);
      if (i >= 0) had.splice(i, 1);
      if (had.length === 1) this.byKey.set(f.key, had[0]!);
      else if (!had.length) this.byKey.delete(f.key);
    }
  }

  /** The winner of a key: its first finding in the total order. */
  private winner(key: string): Finding | undefined {
    const had = this.byKey.get(key);
    if (!Array.isArray(had)) return had;
    let best: Finding | undefined;
    for (const f of had) if (!best || totalOrder(f, best) < 0) best = f;
    return best;
  }

  /** Swaps one group's routed findings for new ones, keeping the sorted result right. */
  private replaceGroup(id: string, next: Finding[]): boolean {
    const prev = this.routed.get(id) ?? [];
    this.routed.set(id, next);
    const keys = new Set<string>();
    for (const f of prev) keys.add(f.key);
    for (const f of next) keys.add(f.key);
    const before = new Map<string, Finding | undefined>();
    for (const k of keys) before.set(k, this.winner(k));
    for (const f of prev) this.removeCandidate(f);
    for (const f of next) this.addCandidate(f);
    for (const k of keys) {
      const was = before.get(k);
      const now = this.winner(k);
      if (was === now) continue;
      if (was && !this.removeResult(was)) return false;
      if (now) insertSorted(this.result, now, totalOrder);
    }
    return true;
  }

  /** False when `f` is not in the kept result (the caller sorts afresh). */
  private removeResult(f: Finding): boolean {
    const list = this.result;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareFindings(list[mid]!, f) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length && compareFindings(list[i]!, f) === 0; i++)
      if (list[i] === f) {
        list.splice(i, 1);
        return true;
      }
    return false;
  }
}

function sameMap(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** What a delta changed: whose findings, whether absences (the org rules' input) changed. */
interface Change {
  touched: Set<string>;
  absences: boolean;
  /** Something every person's findings read has changed (the first session on record). */
  everyone: boolean;
}

/**
 * Applies the delta, in place, to the live tables and the context's indexes. Returns the staff
 * ids whose findings may change.
 */
function applyDelta(ctx: RuleContext, live: LiveSnapshot, delta: OrgDelta): Change {
  const change: Change = { touched: new Set(), absences: false, everyone: false };
  const touched = change.touched;
  const removed = delta.removedSessionIds ?? [];
  const changed = delta.sessions ?? [];
  if (removed.length || changed.length) {
    const moved: Session[] = [];
    const bySupervisee = ctx.sessionsBySupervisee;
    const drop = (id: string) => {
      for (const old of live.sessions.get(id)) {
        removeFrom(bySupervisee, old.superviseeId, old);
        moved.push(old);
      }
      live.sessions.set(id, null);
    };
    for (const id of removed) drop(id);
    // The last row given for an id is the one that stands.
    const last = new Map(changed.map((x) => [x.id, x]));
    for (const [id, x] of last) {
      drop(id);
      live.sessions.set(id, x);
      const list = bySupervisee.get(x.superviseeId);
      if (list) insertSorted(list, x, sessionOrder);
      else bySupervisee.set(x.superviseeId, [x]);
      moved.push(x);
    }
    let groups = false;
    for (const s of moved) {
      touched.add(s.superviseeId);
      if (s.kind === 'group') {
        groups = true;
        for (const a of s.attendees ?? []) touched.add(a);
      }
    }
    if (groups) ctx.derived.attended = undefined;
    if (firstSessionMayMove(ctx, moved)) {
      const before = firstSessionDays(ctx);
      ctx.derived.firstStartByText = undefined;
      ctx.derived.firstStartByTime = undefined;
      const after = firstSessionDays(ctx);
      if (before.byText !== after.byText || before.byTime !== after.byTime) change.everyone = true;
    }
  }
  if (delta.actions?.length) {
    // No rule reads agreed actions; the tables are kept so the snapshot stays right.
    const last = new Map(delta.actions.map((a) => [a.id, a]));
    for (const [id, a] of last) {
      live.actions.set(id, a);
      for (const s of live.sessions.get(a.sessionId)) touched.add(s.superviseeId);
    }
  }
  if (delta.absences?.length) {
    change.absences = true;
    for (const a of delta.absences) {
      const key = absenceKey(a);
      for (const old of live.absences.get(key)) removeFrom(ctx.absencesByStaff, old.staffId, old);
      live.absences.set(key, a);
      appendTo(ctx.absencesByStaff, a.staffId, a);
      // Their own gaps, and their supervisees' (an absent supervisor's cover).
      touched.add(a.staffId);
      for (const r of ctx.hierarchy.directReports(a.staffId)) touched.add(r);
    }
  }
  if (delta.agreements?.length) {
    for (const a of delta.agreements) {
      const key = agreementKey(a);
      for (const old of live.agreements.get(key))
        removeFrom(ctx.agreementsBySupervisee, old.superviseeId, old);
      live.agreements.set(key, a);
      appendTo(ctx.agreementsBySupervisee, a.superviseeId, a);
      touched.add(a.superviseeId);
    }
  }
  if (delta.cases?.length) {
    for (const c of delta.cases) {
      for (const old of live.cases.get(c.caseId)) {
        removeFrom(ctx.casesByWorker, old.workerId, old);
        touched.add(old.workerId);
      }
      live.cases.set(c.caseId, c);
      appendTo(ctx.casesByWorker, c.workerId, c);
      touched.add(c.workerId);
    }
  }
  return change;
}

/** Whether a session added or removed could be (or have been) the first on record. */
function firstSessionMayMove(ctx: RuleContext, moved: readonly Session[]): boolean {
  const d = ctx.derived;
  if (d.firstStartText === undefined || d.firstStartMs === undefined) return false; // not computed
  for (const s of moved) {
    const ms = parsedInstant(s.scheduledStart);
    if (Number.isNaN(ms)) continue;
    if (d.firstStartText === null || d.firstStartMs === null) return true;
    if (s.scheduledStart <= d.firstStartText || ms <= d.firstStartMs) return true;
  }
  return false;
}
