/**
 * Pieces several profiles share: the record-template agenda (002 App. E, 003 App. B) and the
 * default set of enabled finding kinds.
 */
import { FINDING_KINDS, type FindingKind } from '../findings';
import type { AsyeRule, PrepItem, Sourced } from '../profile';

/**
 * The national ASYE framework's cadence, which the contract applies in every profile: weekly for
 * six weeks, fortnightly to six months, then the profile's own rule.
 */
export function asyeNational(source: string): Sourced<AsyeRule> {
  return {
    value: { firstDays: 42, firstIntervalDays: 7, untilMonths: 6, thenIntervalDays: 14 },
    source,
  };
}

/** Every finding kind on except the ones listed. */
export function enabledExcept(...off: FindingKind[]): Record<FindingKind, boolean> {
  const out = {} as Record<FindingKind, boolean>;
  for (const k of FINDING_KINDS) out[k] = !off.includes(k);
  return out;
}

/** The agenda sections of the supervision record templates, with the template cited. */
export function standardAgenda(source: string): PrepItem[] {
  return [
    { id: 'wellbeing', text: 'Health and wellbeing', source },
    { id: 'timesheet-leave', text: 'Timesheet, TOIL and annual leave', source },
    { id: 'review-actions', text: 'Review of actions agreed at the last supervision', source },
    { id: 'learning-development', text: 'Learning and development', source },
    { id: 'caseload', text: 'Caseload management (case holders)', source },
    {
      id: 'case-discussion',
      text: "Case discussion: what are we worried about, what's working well, what needs to happen",
      source,
    },
    { id: 'aob', text: 'Any other business', source },
  ];
}

/** Both parties review the actions agreed last time (every document asks for this). */
export const REVIEW_ACTIONS_ITEM = (source: string): PrepItem => ({
  id: 'open-actions',
  text: 'Check progress on the actions agreed at the last supervision',
  source,
});
