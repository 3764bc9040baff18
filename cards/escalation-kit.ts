/**
 * Shared pieces of the escalation cards (the L0 reminder and the managers' digest): plain
 * labels for finding kinds, and the "Arranged" / "Explained" forms a manager answers with.
 * Pure: view models in, Adaptive Card JSON (schema 1.5, Action.Execute) out.
 */
import type { FindingKind } from '../policy/findings';
import { execute, showCard, subCard, text, type CardAction } from './card-kit';

export const ESCALATION_VERBS = {
  arranged: 'escalation.arranged',
  explained: 'escalation.explained',
} as const;

const LABELS: Partial<Record<FindingKind, string>> = {
  'session-unconfirmed': 'Session not confirmed',
  'supervision-gap': 'Supervision missed',
  'session-too-short': 'Session shorter than the minimum',
  'annual-minimum-at-risk': 'Yearly minimum at risk',
  'record-overdue': 'Supervision record overdue',
  'signature-overdue': 'Signature overdue',
  'agreement-missing': 'Supervision agreement missing',
  'agreement-review-due': 'Supervision agreement review due',
  'observation-due': 'Observation of practice due',
  'next-session-not-booked': 'Next session not booked',
  'case-discussion-due': 'Case discussion due',
  'supervisor-absent': 'Supervisor absent: cover needed',
  'triage-uncovered': 'Triage desk not covered',
  'no-supervisor': 'Nobody supervising',
  'group-supervision-gap': 'Group supervision missed',
  'disagreement-open': 'Disagreement on a record not resolved',
  'return-supervision-due': 'Supervision due after absence',
};

export function findingLabel(kind: string): string {
  return LABELS[kind as FindingKind] ?? kind;
}

/** What a finding is about, in a card's subtitle: a colleague's supervision, or the desk. */
export function subjectLine(item: Pick<EscalationItemView, 'kind' | 'aboutName'>): string {
  return item.kind === 'triage-uncovered'
    ? 'Family Connect triage desk'
    : `Supervision of ${item.aboutName}`;
}

/** One escalated finding as a manager sees it. */
export interface EscalationItemView {
  findingKey: string;
  kind: string;
  /** Whose supervision it is about (a colleague's name may appear in cards; never a child's). */
  aboutName: string;
  /** Who must act (name). */
  actorName?: string;
  detail: string;
  due: string;
  /** 1 = you are the line manager; 2 = it has come up from a manager below you. */
  level: number;
  sessionId?: string;
}

/**
 * Input ids carry the finding key: a digest holds many of these forms and ids must be unique
 * in a card. usecases/escalation-actions.ts reads `<field>:<findingKey>` (or plain `<field>`).
 */
export function answerInputId(
  field: 'arrangedFor' | 'reason' | 'until',
  findingKey: string,
): string {
  return `${field}:${findingKey}`;
}

/** The two answers a manager can give: both keep the finding quiet until a date. */
export function escalationAnswerActions(findingKey: string, kind?: string): CardAction[] {
  const arranged = subCard(
    [
      text(
        kind === 'triage-uncovered'
          ? 'Cover is arranged: for which day?'
          : 'When is the session arranged for?',
      ),
      {
        type: 'Input.Date',
        id: answerInputId('arrangedFor', findingKey),
        label: 'Date',
        isRequired: true,
        errorMessage: 'Choose the date the session is arranged for.',
      },
    ],
    [execute('Save', ESCALATION_VERBS.arranged, { findingKey }, 'positive')],
  );
  const explained = subCard(
    [
      {
        type: 'Input.Text',
        id: answerInputId('reason', findingKey),
        label: 'Reason',
        isMultiline: true,
        maxLength: 500,
        isRequired: true,
        errorMessage: 'A reason is required.',
      },
      {
        type: 'Input.Date',
        id: answerInputId('until', findingKey),
        label: 'Quiet until',
        isRequired: true,
        errorMessage: 'Choose until when this is explained.',
      },
    ],
    [execute('Save', ESCALATION_VERBS.explained, { findingKey })],
  );
  return [showCard('Arranged', arranged), showCard('Explained', explained)];
}
