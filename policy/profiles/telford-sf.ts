/**
 * Telford & Wrekin Council, Strengthening Families Reference Manual (Jan 2020), seed 003:
 * Supervision Policy (Attachment Six), Family Connect SOPs, QA framework.
 */
import type { CaseCadenceRule, PolicyProfile } from '../profile';
import { asyeNational, enabledExcept, REVIEW_ACTIONS_ITEM } from './common';

const SIX = '003 §6';
const TRIAGE = '003 Family Connect — Triage Cover';
const APP_B = '003 App. B (record of supervision)';

// --- Case cadence (CONTRACT "Readings settled": Case categories; labels in
// policy/case-labels.ts). Kept apart from the rest of the profile on purpose. ---
const CASE_CADENCE: CaseCadenceRule[] = [
  {
    categories: ['cp'],
    every: { unit: 'calendar-months', count: 1 },
    source: `${SIX} (very active safeguarding cases monthly)`,
  },
  {
    categories: ['*'],
    every: { unit: 'calendar-months', count: 3 },
    source: `${SIX} (every open case at least three monthly)`,
  },
];

export const telfordSf: PolicyProfile = {
  id: 'telford-sf',
  name: 'Telford & Wrekin Strengthening Families',
  organisation: 'Telford & Wrekin Council',
  document: '003 Strengthening Families Reference Manual (Jan 2020)',
  yearStart: {
    value: { month: 4, day: 1 },
    source: 'interpretation: local-government year (POLICIES §1)',
  },
  frequency: [
    {
      match: { roles: ['volunteer'] },
      rule: { type: 'interval', days: 42 },
      source: '003 Family Ambassador SOP (6 weekly)',
    },
    {
      match: {},
      rule: { type: 'calendar-month', toleratedMissedMonths: 0 },
      source: `${SIX}, §7 (at least monthly)`,
    },
  ],
  asye: asyeNational(
    "interpretation: national ASYE framework (weekly for six weeks, fortnightly to six months), as 002 §2.3; then this profile's own rule",
  ),
  minimumMinutes: { value: null, source: '003 §7 (not set)' },
  perYear: { value: null, source: '003 (not set)' },
  recordDeadline: {
    // "Should be recorded in the session, by the supervisor": due the session day itself.
    value: { days: 0, unit: 'in-session', significantDecisionHours: null },
    source: `${SIX} (recorded in the session, by the supervisor)`,
  },
  signatureDeadlineWorkingDays: {
    value: 5,
    source: `${SIX} (read and agree as an accurate record); 5 working days: interpretation`,
  },
  unconfirmed: {
    value: { afterWorkingDays: 1, escalateAfterWorkingDays: 3 },
    source: 'interpretation: POLICIES §2',
  },
  agreement: {
    value: { required: true, reviewMonths: 12 },
    source: `${SIX}, App. A (contract reviewed every 12 months)`,
  },
  observations: {
    value: { perYear: 1, caseHoldersOnly: true, bySupervisorAtLeast: 0 },
    source: '003 §5, QA table',
  },
  caseCadence: CASE_CADENCE,
  prep: {
    supervisee: [
      REVIEW_ACTIONS_ITEM('003 §2'),
      {
        id: 'update-form-reassign',
        text: 'Update the supervision form on the case system (Protocol) and reassign it to your senior / team leader before the session',
        source: '003 §3',
      },
      {
        id: 'cases-in-depth',
        text: 'Agree which cases (by case ID) need in-depth discussion',
        source: '003 §3',
      },
    ],
    supervisor: [
      REVIEW_ACTIONS_ITEM('003 §2'),
      {
        id: 'read-case-records',
        text: 'Read case records and check the quality of assessments and plans',
        source: '003 §3',
      },
      {
        id: 'keep-dates',
        text: 'Keep dates and times of all sessions, including cancellations and reasons',
        source: `${SIX}, App. C`,
      },
    ],
    // Telford's own record of supervision (003 App. B), not another council's template.
    agenda: [
      {
        id: 'review-actions',
        text: 'Actions agreed at the last supervision: checked',
        source: '003 App. D (are actions agreed checked at the subsequent supervision session?)',
      },
      { id: 'agenda-items', text: 'Agenda items', source: APP_B },
      { id: 'training', text: 'Training', source: APP_B },
      { id: 'roles', text: 'Roles and responsibilities', source: APP_B },
      { id: 'health-safety', text: 'Health and Safety', source: APP_B },
      { id: 'leave', text: 'Holidays, TOIL or Flexi', source: APP_B },
      {
        id: 'caseload',
        text: 'Case load decisions and actions recorded on Protocol (by case ID)',
        source: APP_B,
      },
      {
        id: 'decisions-actions',
        text: 'Decisions taken and action required: by whom and timescale; date and time of the next supervision',
        source: APP_B,
      },
    ],
  },
  reminders: { comingUpWorkingDays: 5, prepWorkingDays: 2 },
  escalation: {
    value: { graceWorkingDays: 3, nextLevelAfterWorkingDays: 5 },
    source: "003 §12 (referred to the supervisor's line manager)",
  },
  supervisorAbsenceDays: { value: null, source: '003 (not set)' },
  triage: {
    memberRoles: ['team-leader', 'senior-practitioner'],
    fairShareDays: 2.5,
    imbalanceTolerance: 1,
    monthsAhead: 2,
    hubs: ['Hadley Castle', 'The Wrekin', 'Lakeside South'],
    deskHours: { start: '09:00', end: '17:00' },
    meetingsByTerm: [
      {
        term: 'Autumn',
        months: [9, 10, 11, 12],
        assignments: {
          'Hadley Castle': 'Chanel',
          'Lakeside South': 'MARAC',
          'The Wrekin': 'Steer Clear',
        },
      },
      {
        term: 'Spring',
        months: [1, 2, 3, 4],
        assignments: {
          'Hadley Castle': 'MARAC',
          'Lakeside South': 'Steer Clear',
          'The Wrekin': 'Chanel',
        },
      },
      {
        term: 'Summer',
        months: [5, 6, 7, 8],
        assignments: {
          'Hadley Castle': 'Steer Clear',
          'Lakeside South': 'Chanel',
          'The Wrekin': 'MARAC',
        },
      },
    ],
    source: `${TRIAGE}; 003 Multi-agency information sharing meeting SOPs`,
  },
  enabled: enabledExcept('supervisor-absent'),
  interpretations: {},
};
