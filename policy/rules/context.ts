/**
 * Everything the rules read, indexed once per evaluation so that each rule is linear in the
 * size of the organisation (sessions by supervisee, absences by staff, …), plus the helpers
 * they share (in post, absent, escalation, London date of a session).
 */
import { memoOfString } from '../../kernel/memo';
import {
  addDays,
  addMonthsToMonth,
  daysBetween,
  firstOfMonth,
  lastCompletedMonth,
  lastOfMonth,
  monthOf,
  type WorkingCalendar,
} from '../calendar';
import type {
  Absence,
  AgreedAction,
  Agreement,
  CaseRecord,
  LocalDate,
  OrgSnapshot,
  Session,
  Staff,
} from '../domain';
import type { Finding, FindingKind, Severity } from '../findings';
import { Hierarchy } from '../hierarchy';
import { interpretationsOf } from '../interpretations';
import type { FrequencyByStaff, Interpretations, PolicyProfile } from '../profile';
import { cachedLondonDate as londonDate, workingDayMath } from '../london-dates';
import { supervisionYear, type SupervisionYear } from '../supervision-year';

/** The London date of an instant (memoised per hour: London offsets are whole hours). */
export { londonDate };

/**
 * The items by key, each list in input order. Taken a run of equal keys at a time: where rows
 * arrive with a person's together (the embedded store hands sessions over a supervisee at a
 * time: store/schedule-docs.ts compareRows), a run is copied out at its exact size with one
 * map operation, where growing each list an item at a time cost a map lookup per item, in no
 * order the caches could follow, and left a list's outgrown copies behind. Rows in another
 * order (SharePoint's item id order) give runs mostly one row long, which cost what the plain
 * way did. Any order gives the same lists.
 */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  const n = items.length;
  let i = 0;
  while (i < n) {
    const k = key(items[i]!);
    let j = i + 1;
    while (j < n && key(items[j]!) === k) j++;
    const list = map.get(k);
    if (list) for (let x = i; x < j; x++) list.push(items[x]!);
    else map.set(k, items.slice(i, j));
    i = j;
  }
  return map;
}

export function inPostOn(s: Staff, d: LocalDate): boolean {
  return (!s.startDate || s.startDate <= d) && (!s.leftDate || s.leftDate >= d);
}

const monthEnds = memoOfString(lastOfMonth);
/** lastOfMonth, memoised: it is called for every supervisee and month. */
export function monthEnd(month: string): LocalDate {
  return monthEnds(month);
}

const monthStarts = memoOfString(firstOfMonth);
/** firstOfMonth, memoised (one string per month, not one per supervisee and month). */
export function monthStart(month: string): LocalDate {
  return monthStarts(month);
}

const nextMonths = memoOfString((month) => addMonthsToMonth(month, 1));
/** The month after `month` (`YYYY-MM`), memoised: the rules walk the same months per person. */
export function nextMonth(month: string): string {
  return nextMonths(month);
}

export function inPostAllMonth(s: Staff, month: string): boolean {
  return (
    (!s.startDate || s.startDate <= monthStart(month)) &&
    (!s.leftDate || s.leftDate >= monthEnd(month))
  );
}

/** Whether every day from..to (inclusive) is covered by one of the absences. */
export function absentThroughout(abs: readonly Absence[], from: LocalDate, to: LocalDate): boolean {
  // Asked for each person and month: sort a copy only when the list is not already in order.
  const sorted = inOrder(abs, (a, b) => cmp(a.from, b.from));
  let covered = addDays(from, -1);
  for (const a of sorted) {
    if (a.from > addDays(covered, 1)) break;
    if (a.to > covered) covered = a.to;
    if (covered >= to) return true;
  }
  return covered >= to;
}

/** A run of absent days, from..to inclusive. */
export type AbsenceSpan = Pick<Absence, 'from' | 'to'>;

/**
 * Absences joined into spans, sorted by start: overlapping, end to end, or apart only by
 * non-working days (sickness entered a working week at a time is one absence, as is sickness
 * running into leave).
 */
export function absenceSpans(abs: readonly Absence[], calendar: WorkingCalendar): AbsenceSpan[] {
  const sorted = [...abs].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to));
  const out: AbsenceSpan[] = [];
  for (const a of sorted) {
    const last = out[out.length - 1];
    const joins =
      !!last &&
      (a.from <= addDays(last.to, 1) ||
        // A weekend or bank holidays: at most a few days (Easter, Christmas), so look no further.
        (daysBetween(last.to, a.from) <= 6 &&
          !calendar.hasWorkingDaysAfter(last.to, addDays(a.from, -1))));
    if (last && joins) {
      if (a.to > last.to) last.to = a.to;
    } else out.push({ from: a.from, to: a.to });
  }
  return out;
}

export function isAbsentOn(abs: readonly AbsenceSpan[], d: LocalDate): boolean {
  return abs.some((a) => a.from <= d && a.to >= d);
}

export interface RuleContext {
  snapshot: OrgSnapshot;
  profile: PolicyProfile;
  asOf: LocalDate;
  calendar: WorkingCalendar;
  hierarchy: Hierarchy;
  interp: Interpretations;
  year: SupervisionYear;
  /**
   * Sessions per supervisee, sorted by start then id; under '' the group sessions entered
   * without a supervisee, in no particular order (read only as a whole).
   */
  sessionsBySupervisee: Map<string, Session[]>;
  /** The first session row of each id (built on first use: no rule reads it). */
  sessionById: Map<string, Session>;
  absencesByStaff: Map<string, Absence[]>;
  agreementsBySupervisee: Map<string, Agreement[]>;
  casesByWorker: Map<string, CaseRecord[]>;
  /** Agreed actions per session (built on first use: no rule reads it). */
  actionsBySession: Map<string, AgreedAction[]>;
  /** Staff who have a supervisor and are in post at the end of asOf, sorted by id. */
  subjects: Staff[];
  /**
   * Staff who had a supervisor and left before asOf, sorted by id: only the paperwork of their
   * sessions (records, signatures) is still chased; it stays owed after they go.
   */
  leavers: Staff[];
  /** calendar.addWorkingDays, memoised for this evaluation (the same few hundred days recur). */
  addWorkingDays(d: LocalDate, n: number): LocalDate;
  /**
   * The months the monthly rules look at: from the first month of the lookback window to the
   * last completed month (the same for everyone, so worked out once).
   */
  lookback: { windowStart: string; lastDone: string };
  /** The days either side of asOf (a written date within them may be asOf in London). */
  asOfBefore: LocalDate;
  asOfAfter: LocalDate;
  /** Held one-to-ones up to asOf of the last supervisee asked about (see heldHistory). */
  heldCache: Map<string, HeldHistory>;
  /**
   * Facts about all the sessions at once, computed on first use (see sessionFacts). Kept with
   * the context, so an evaluator that keeps its context between deltas must clear what a
   * delta invalidates (IncrementalEvaluator does).
   */
  derived: DerivedFacts;
}

export interface DerivedFacts {
  /** The London date of the earliest parseable session start, earliest as text. */
  firstStartByText?: LocalDate | null;
  /** The London date of the earliest parseable session start, earliest in time. */
  firstStartByTime?: LocalDate | null;
  /** The earliest start as text, and the earliest in ms, that those dates come from. */
  firstStartText?: string | null;
  firstStartMs?: number | null;
  /** The months in which each person attended a held group session, distinct and in order. */
  attended?: Map<string, string[]>;
}

const sessionOrder = (a: Session, b: Session) =>
  cmp(a.scheduledStart, b.scheduledStart) || cmp(a.id, b.id);

/** Whether the list is already in `order` (a linear check). */
function isInOrder<T>(list: readonly T[], order: (a: T, b: T) => number): boolean {
  for (let i = 1; i < list.length; i++) if (order(list[i - 1]!, list[i]!) > 0) return false;
  return true;
}

/**
 * Sorts in place, cheaply when the list is nearly in order already, as a supervisee's sessions
 * are: in order from the embedded store (each person's by start), nearly so when rows come in
 * id order (the one-to-ones by date, then a few observations or group sessions whose ids sort
 * after them). Insertion sort moves each element only past
 * those it belongs before, and allocates nothing: Array.prototype.sort copied every list into
 * a work array, a tenth of what an evaluation of a large organisation allocated. Past `n * 4`
 * moves the list is not nearly sorted and is handed to Array.prototype.sort. Both are stable,
 * so the result is the same either way.
 */
export function sortIfNeeded<T>(list: T[], order: (a: T, b: T) => number): void {
  let moves = 0;
  const budget = list.length * 4;
  for (let i = 1; i < list.length; i++) {
    const x = list[i]!;
    let j = i - 1;
    if (order(list[j]!, x) <= 0) continue;
    do {
      list[j + 1] = list[j]!;
      j--;
      moves++;
    } while (j >= 0 && order(list[j]!, x) > 0 && moves < budget);
    list[j + 1] = x;
    if (moves >= budget) {
      list.sort(order);
      return;
    }
  }
}

/**
 * The list itself when already in order, else a sorted copy: for lists that are shared (kept
 * in the context) or the caller's, asked about many times and usually in order already.
 */
export function inOrder<T>(list: readonly T[], order: (a: T, b: T) => number): readonly T[] {
  return isInOrder(list, order) ? list : [...list].sort(order);
}

/**
 * Distinct months (`YYYY-MM`) in order: the list itself when it already is (gathered from
 * sessions in date order, it usually is), else a sorted copy without repeats.
 */
export function distinctInOrder(months: string[]): string[] {
  for (let i = 1; i < months.length; i++)
    if (months[i - 1]! >= months[i]!) return [...new Set(months)].sort();
  return months;
}

export { sessionOrder };

export function buildContext(
  snapshot: OrgSnapshot,
  profile: PolicyProfile,
  asOf: LocalDate,
  calendar: WorkingCalendar,
): RuleContext {
  const hierarchy = new Hierarchy(snapshot.staff);
  const sessionsBySupervisee = groupBy(snapshot.sessions, (s) => s.superviseeId);
  // Not the group sessions entered without a supervisee (under ''): no rule reads that list
  // in order, and in a large organisation it is a hundred thousand sessions to sort.
  for (const [id, list] of sessionsBySupervisee) if (id !== '') sortIfNeeded(list, sessionOrder);
  const supervised = hierarchy
    .all()
    .filter((s) => !!s.supervisorId && s.supervisorId !== s.id)
    .sort((a, b) => cmp(a.id, b.id));
  const subjects = supervised.filter((s) => inPostOn(s, asOf));
  const leavers = supervised.filter((s) => !!s.leftDate && s.leftDate < asOf);
  const interp = interpretationsOf(profile);
  // Indexes no rule reads (prep and the incremental evaluator do) are built on first use.
  let sessionById: Map<string, Session> | undefined;
  let actionsBySession: Map<string, AgreedAction[]> | undefined;
  return {
    snapshot,
    profile,
    asOf,
    calendar,
    hierarchy,
    interp,
    year: supervisionYear(asOf, profile.yearStart.value),
    sessionsBySupervisee,
    get sessionById() {
      if (!sessionById) {
        sessionById = new Map();
        for (const s of snapshot.sessions) if (!sessionById.has(s.id)) sessionById.set(s.id, s);
      }
      return sessionById;
    },
    set sessionById(m: Map<string, Session>) {
      sessionById = m;
    },
    absencesByStaff: groupBy(snapshot.absences, (a) => a.staffId),
    agreementsBySupervisee: groupBy(snapshot.agreements, (a) => a.superviseeId),
    casesByWorker: groupBy(snapshot.cases, (c) => c.workerId),
    get actionsBySession() {
      return (actionsBySession ??= groupBy(snapshot.actions, (a) => a.sessionId));
    },
    set actionsBySession(m: Map<string, AgreedAction[]>) {
      actionsBySession = m;
    },
    subjects,
    leavers,
    addWorkingDays: workingDayMath(calendar).add,
    lookback: {
      windowStart: addMonthsToMonth(monthOf(asOf), -interp.lookbackMonths),
      lastDone: lastCompletedMonth(asOf),
    },
    asOfBefore: addDays(asOf, -1),
    asOfAfter: addDays(asOf, 1),
    heldCache: new Map(),
    derived: {},
  };
}

/**
 * The London dates of the earliest session start, as text and in time (two rules read the
 * organisation's first session; each kept its own notion of "earliest"), in one pass.
 */
export function firstSessionDays(ctx: RuleContext): {
  byText: LocalDate | null;
  byTime: LocalDate | null;
} {
  const d = ctx.derived;
  if (d.firstStartByText === undefined || d.firstStartByTime === undefined) {
    let text: string | null = null;
    let time: { ms: number; at: string } | null = null;
    // Every session is in exactly one supervisee's list; "earliest" does not depend on order.
    for (const list of ctx.sessionsBySupervisee.values())
      for (const s of list) {
        const at = s.scheduledStart;
        const ms = parsedInstant(at);
        if (Number.isNaN(ms)) continue;
        if (text === null || at < text) text = at;
        if (time === null || ms < time.ms) time = { ms, at };
      }
    d.firstStartByText = text === null ? null : londonDate(text);
    d.firstStartByTime = time === null ? null : londonDate(time.at);
    d.firstStartText = text;
    d.firstStartMs = time === null ? null : time.ms;
  }
  return { byText: d.firstStartByText, byTime: d.firstStartByTime };
}

const parsedInstants = memoOfString(Date.parse, 100_000);
/** Date.parse, memoised by the string (the same starts recur). */
export function parsedInstant(at: string): number {
  return parsedInstants(at);
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The profile's frequency rule for a member of staff: first match wins. */
export function frequencyFor(profile: PolicyProfile, s: Staff): FrequencyByStaff {
  for (const f of profile.frequency) {
    if (f.match.roles && !f.match.roles.includes(s.role)) continue;
    if (f.match.caseHolding !== undefined && f.match.caseHolding !== s.caseHolding) continue;
    if (f.match.employment !== undefined && f.match.employment !== s.employment) continue;
    return f;
  }
  // A profile must end with a catch-all; should an override forget it, monthly is the floor.
  return {
    match: {},
    rule: { type: 'calendar-month', toleratedMissedMonths: 0 },
    source: 'default',
  };
}

/**
 * A supervisee's held one-to-ones on or before asOf, as their London dates in session order
 * (the rules read only the days: no object per session), with the months they fall in, built
 * the first time a rule asks for them.
 */
export interface HeldHistory {
  /** The London date of each held one-to-one up to asOf, in session order. */
  days: LocalDate[];
  /** The distinct months (`YYYY-MM`) of `days`, in order. */
  months?: string[];
}

/**
 * Where heldHistory and heldMonths gather a person's days or months before copying them out at
 * their exact size: grown an item at a time, each person's lists left their outgrown copies
 * behind (a sixth of what an evaluation allocated). Only ever used inside one call.
 */
const scratch: string[] = [];

/** The held one-to-ones of a supervisee up to asOf, memoised for the evaluation. */
export function heldHistory(ctx: RuleContext, staffId: string): HeldHistory {
  const cached = ctx.heldCache.get(staffId);
  if (cached) return cached;
  let n = 0;
  for (const s of ctx.sessionsBySupervisee.get(staffId) ?? []) {
    if (s.kind !== 'one-to-one' || s.status !== 'held') continue;
    const day = londonDate(s.scheduledStart);
    if (day <= ctx.asOf) scratch[n++] = day;
  }
  const history: HeldHistory = { days: scratch.slice(0, n) };
  // Only the last person's is kept: the rules for one person run one after another, and a
  // history kept for everyone (a million entries) outlived the young generation, which made
  // the garbage collector copy it twice, a fifth of a large organisation's evaluation.
  ctx.heldCache.clear();
  ctx.heldCache.set(staffId, history);
  return history;
}

/** The London dates of a supervisee's held one-to-ones up to asOf, in session order. */
export function heldDays(ctx: RuleContext, staffId: string): readonly LocalDate[] {
  return heldHistory(ctx, staffId).days;
}

/**
 * The calendar months (`YYYY-MM`) with a held one-to-one up to asOf, distinct and in order (a
 * sorted list, not a set: the rules walk months in order, and a set per supervisee was a tenth
 * of what a large organisation's evaluation allocated).
 */
export function heldMonths(ctx: RuleContext, staffId: string): readonly string[] {
  const h = heldHistory(ctx, staffId);
  if (!h.months) {
    let n = 0;
    for (const d of h.days) {
      const m = monthOfDay(d);
      if (n === 0 || scratch[n - 1] !== m) scratch[n++] = m;
    }
    h.months = distinctInOrder(scratch.slice(0, n));
  }
  return h.months;
}

const monthOfDays = memoOfString((d) => d.slice(0, 7), 100_000);
/** monthOf, memoised: the same few hundred days recur for every supervisee. */
export function monthOfDay(d: LocalDate): string {
  return monthOfDays(d);
}

/** Held one-to-ones of a supervisee, with their London dates, on or before `upTo`. */
export function heldOneToOnes(
  ctx: RuleContext,
  staffId: string,
  upTo: LocalDate = ctx.asOf,
): Array<{ s: Session; day: LocalDate }> {
  // Not through heldHistory: no rule asks for the sessions themselves (prep, compliance and
  // next-due do, for one person), so the history keeps only their days.
  const out: Array<{ s: Session; day: LocalDate }> = [];
  for (const s of ctx.sessionsBySupervisee.get(staffId) ?? []) {
    if (s.kind !== 'one-to-one' || s.status !== 'held') continue;
    const day = londonDate(s.scheduledStart);
    if (day <= upTo) out.push({ s, day });
  }
  return out;
}

/** The escalation target once `due` plus the grace has passed, else null. */
export function escalateAfterGrace(
  ctx: RuleContext,
  staffId: string,
  due: LocalDate,
): string | null {
  const at = ctx.addWorkingDays(due, ctx.profile.escalation.value.graceWorkingDays);
  return ctx.asOf > at ? ctx.hierarchy.escalationTarget(staffId) : null;
}

export function make(
  kind: FindingKind,
  fields: {
    staffId: string;
    sessionId?: string | null;
    notify: string | null;
    escalateTo?: string | null;
    due: LocalDate;
    detail: string;
    source: string;
    severity: Severity;
    key: string;
    facts?: Finding['facts'];
  },
): Finding {
  const f: Finding = {
    kind,
    staffId: fields.staffId,
    sessionId: fields.sessionId ?? null,
    notify: fields.notify,
    escalateTo: fields.escalateTo ?? null,
    due: fields.due,
    detail: fields.detail,
    source: fields.source,
    severity: fields.severity,
    key: fields.key,
  };
  if (fields.facts) f.facts = fields.facts;
  return f;
}
