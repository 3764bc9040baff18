/** Shropshire Council, Targeted Early Help Supervision Guidance (Nov 2021), seed 001. */
import type { CaseCadenceRule, PolicyProfile } from '../profile';
import { asyeNational, enabledExcept, REVIEW_ACTIONS_ITEM } from './common';

const FREQ = '001 Frequency';
const PREP = '001 Preparation';
const REC = '001 Completion and storage of supervision record forms';
const MODEL = '001 Supervision model (4 x 4 x 4, Morrison 2005)';

// --- Case cadence (CONTRACT "Readings settled": Case categories; labels in
// policy/case-labels.ts). Kept apart from the rest of the profile on purpose. ---
const CASE_CADENCE: CaseCadenceRule[] = [
  {
    categories: ['*'],
    every: { unit: 'calendar-months', count: 2 },
    source: `${FREQ} (every case every two months as a minimum standard)`,
  },
];

export const shropshireTeh: PolicyProfile = {
  id: 'shropshire-teh',
  name: 'Shropshire Targeted Early Help',
  organisation: 'Shropshire Council',
  document: '001 Targeted Early Help Supervision Guidance (Nov 2021)',
  yearStart: {
    value: { month: 4, day: 1 },
    source: 'interpretation: local-government year (POLICIES §1)',
  },
  // "Supervision should not be missed for more than one consecutive month": one month tolerated.
  frequency: [
    { match: {}, rule: { type: 'calendar-month', toleratedMissedMonths: 1 }, source: FREQ },
  ],
  asye: asyeNational(
    "interpretation: national ASYE framework (weekly for six weeks, fortnightly to six months), as 002 §2.3; then this profile's own rule",
  ),
  minimumMinutes: { value: 90, source: `${FREQ} (10 x 1.5 hour supervision meetings)` },
  bookedLengthChecked: {
    value: false,
    source: `interpretation: ${FREQ} sets the length of meetings held, not of bookings`,
  },
  perYear: { value: { fullTime: 10, partTime: 10 }, source: FREQ },
  recordDeadline: {
    value: { days: 5, unit: 'working-days', significantDecisionHours: null },
    source: REC,
  },
  signatureDeadlineWorkingDays: {
    value: 5,
    source: `${REC} (both must sign and date); 5 working days: interpretation`,
  },
  unconfirmed: {
    value: { afterWorkingDays: 1, escalateAfterWorkingDays: 3 },
    source: 'interpretation: POLICIES §2',
  },
  agreement: {
    value: { required: true, reviewMonths: 12 },
    source: `${FREQ} (supervision contract); review interval: interpretation`,
  },
  observations: { value: null, source: '001 (not set)' },
  caseCadence: CASE_CADENCE,
  prep: {
    supervisee: [
      REVIEW_ACTIONS_ITEM('001 Actions and timescales'),
      {
        id: 'records-up-to-date',
        text: 'Bring case records up to date (within 5 working days)',
        source: PREP,
      },
    ],
    supervisor: [
      REVIEW_ACTIONS_ITEM('001 Actions and timescales'),
      {
        id: 'review-case-records',
        text: 'Review the case records of cases due for in-depth discussion',
        source: PREP,
      },
      {
        id: 'chronologies',
        text: 'Chronologies are on each case, up to date and used',
        source: PREP,
      },
      {
        id: 'assessments-6m',
        text: 'Assessments reviewed at least every six months',
        source: PREP,
      },
      {
        id: 'plans-3m',
        text: 'Plans updated at least every three months with clear tasks',
        source: PREP,
      },
      {
        id: 'family-meetings-3m',
        text: 'Family meetings every three months (reason recorded if not)',
        source: PREP,
      },
      {
        id: 'ethnicity-culture',
        text: 'Ethnicity, culture and diversity recorded and responded to',
        source: PREP,
      },
      {
        id: 'quarterly-form',
        text: 'A full EH Case Supervision form at least once a quarter per family',
        source: FREQ,
      },
    ],
    // Shropshire's own headings: the 4 x 4 x 4 model (Morrison 2005) as 001 sets it out, not
    // another council's record template.
    agenda: [
      {
        id: 'review-actions',
        text: 'Actions from previous supervisions: follow up any not completed',
        source: '001 Actions and timescales',
      },
      {
        id: 'management',
        text: 'Management: competent, accountable practice in line with the Directorate vision, aims and objectives',
        source: `${MODEL} (four functions: 1)`,
      },
      {
        id: 'development',
        text: 'Development: continued professional development',
        source: `${MODEL} (four functions: 2)`,
      },
      {
        id: 'mediation',
        text: 'Mediation: engagement with the organisation and wider workforce',
        source: `${MODEL} (four functions: 3)`,
      },
      {
        id: 'support',
        text: 'Support: personal support and motivation',
        source: `${MODEL} (four functions: 4)`,
      },
      {
        id: 'case-discussion',
        text: 'Case discussion, each family through the four elements: Experience, Reflection, Analysis, Plans and Action, ending in management decisions',
        source: `${MODEL} (four elements); ${FREQ}`,
      },
      {
        id: 'case-review-areas',
        text: 'Chronologies, assessments (six-monthly), plans (three-monthly), family meetings (three-monthly), ethnicity, culture and diversity',
        source: PREP,
      },
      {
        id: 'actions-timescales',
        text: 'Agree realistic, achievable actions and timescales',
        source: '001 Actions and timescales',
      },
    ],
  },
  reminders: { comingUpWorkingDays: 5, prepWorkingDays: 2 },
  escalation: {
    value: { graceWorkingDays: 3, nextLevelAfterWorkingDays: 5 },
    source: 'interpretation: POLICIES §2',
  },
  supervisorAbsenceDays: { value: 31, source: `${FREQ} (supervisor absent more than one month)` },
  triage: null,
  enabled: enabledExcept('triage-uncovered', 'triage-imbalance'),
  interpretations: {},
};
