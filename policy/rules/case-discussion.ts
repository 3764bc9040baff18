/**
 * case-discussion-due (CONTRACT "Readings settled": Case categories): an open case not
 * discussed in supervision within the profile's case cadence. Cases are named by case-system id
 * only.
 *
 * A case's labels (`cases.category`, `;`-separated, policy/case-labels.ts) select the cadence
 * rules that apply; the case takes the soonest due date among them. The `*` rule is the
 * default for a case whose labels match no rule in force from allocation (unknown labels are
 * reported by the row validation and ignored here).
 */
import { addDays, addMonths } from '../calendar';
import { parseCaseLabels } from '../case-labels';
import type { CaseRecord, LocalDate, Staff } from '../domain';
import type { Finding } from '../findings';
import type { CaseCadenceRule, PolicyProfile } from '../profile';
import { cmp, escalateAfterGrace, heldDays, inOrder, make, type RuleContext } from './context';

/** The cadence rules that apply to a case with these labels (see the module comment). */
/**
 * cadencesFor, per profile and category: a council's cases carry a handful of distinct
 * categories, and parsing the labels afresh for each of a hundred thousand cases was a quarter
 * of what a large organisation's evaluation allocated.
 */
const cadenceMemo = new WeakMap<PolicyProfile, Map<string, readonly CaseCadenceRule[]>>();

export function cadencesFor(profile: PolicyProfile, category: string): readonly CaseCadenceRule[] {
  let byCategory = cadenceMemo.get(profile);
  if (!byCategory) cadenceMemo.set(profile, (byCategory = new Map()));
  let rules = byCategory.get(category);
  if (rules === undefined) {
    rules = cadencesOf(profile, category);
    if (byCategory.size >= 10_000) byCategory.clear();
    byCategory.set(category, rules);
  }
  return rules;
}

function cadencesOf(profile: PolicyProfile, category: string): CaseCadenceRule[] {
  const { labels } = parseCaseLabels(category);
  const matched = profile.caseCadence.filter((r) =>
    r.categories.some((x) => (labels as string[]).includes(x.trim().toLowerCase())),
  );
  // A rule that only starts after some months open (Durham IFST, Family Centre) leaves the
  // default in force until then; the soonest due date picks whichever binds.
  const fromAllocation = matched.some((r) => r.openOverMonths === undefined);
  const defaults = fromAllocation
    ? []
    : profile.caseCadence.filter((r) => r.categories.includes('*'));
  return [...matched, ...defaults];
}

export function isOpenOn(c: CaseRecord, d: LocalDate): boolean {
  return c.openedAt <= d && (!c.closedAt || c.closedAt > d);
}

/** One rule's due date for a case; null when nothing is due under it yet. */
function dueUnder(
  rule: CaseCadenceRule,
  c: CaseRecord,
  heldDays: readonly LocalDate[],
): LocalDate | null {
  let due: LocalDate | null;
  const every = rule.every;
  if (every.unit === 'held-one-to-one') {
    // 004: every open case at each held one-to-one: the first held one-to-one the case was
    // open on, after its last discussion (a discussion on that day counts).
    due =
      inOrder(heldDays, cmp).find(
        (h) => isOpenOn(c, h) && (c.lastDiscussedAt === undefined || h > c.lastDiscussedAt),
      ) ?? null;
  } else if (c.lastDiscussedAt === undefined && rule.firstWithinDays !== undefined) {
    due = addDays(c.openedAt, rule.firstWithinDays);
  } else {
    const base = c.lastDiscussedAt ?? c.openedAt;
    due = every.unit === 'days' ? addDays(base, every.count) : addMonths(base, every.count);
  }
  if (due === null || rule.openOverMonths === undefined) return due;
  // The rule is in force only once the case is open more than N months: not due before then.
  const from = addMonths(c.openedAt, rule.openOverMonths);
  return due < from ? from : due;
}

/**
 * The day by which the case must next be discussed, with the rule that sets it; null when no
 * rule applies. `heldDays` are the worker's held one-to-one days (for a `held-one-to-one` rule).
 */
export function caseDiscussionDue(
  profile: PolicyProfile,
  c: CaseRecord,
  heldDays: readonly LocalDate[] = [],
): { due: LocalDate; rule: CaseCadenceRule } | null {
  let best: { due: LocalDate; rule: CaseCadenceRule } | null = null;
  for (const rule of cadencesFor(profile, c.category)) {
    const due = dueUnder(rule, c, heldDays);
    if (due !== null && (best === null || due < best.due)) best = { due, rule };
  }
  return best;
}

export function caseDiscussionFindings(ctx: RuleContext, staff: Staff): Finding[] {
  const out: Finding[] = [];
  const cases = ctx.casesByWorker.get(staff.id) ?? [];
  if (cases.length === 0) return out;
  const held = heldDays(ctx, staff.id);
  for (const c of cases) {
    if (!isOpenOn(c, ctx.asOf)) continue;
    const d = caseDiscussionDue(ctx.profile, c, held);
    // Raised from the day after the due day.
    if (!d || ctx.asOf <= d.due) continue;
    const since = c.lastDiscussedAt
      ? `since ${c.lastDiscussedAt}`
      : `since it was opened on ${c.openedAt}`;
    const when =
      d.rule.every.unit === 'held-one-to-one'
        ? `it was due at the one-to-one on ${d.due}`
        : `it was due by ${d.due}`;
    out.push(
      make('case-discussion-due', {
        staffId: staff.id,
        notify: staff.supervisorId ?? null,
        escalateTo: escalateAfterGrace(ctx, staff.id, d.due),
        due: d.due,
        detail: `case ${c.caseId} has not been discussed in supervision ${since}; ${when}`,
        source: d.rule.source,
        severity: 'warning',
        key: `case-discussion-due|${c.caseId}|${c.lastDiscussedAt ?? `opened-${c.openedAt}`}`,
        facts: { caseId: c.caseId, category: c.category },
      }),
    );
  }
  return out;
}
