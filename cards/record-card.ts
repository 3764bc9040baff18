/**
 * "Mark record complete": sent to the supervisor of a held one-to-one whose record is not
 * complete. The optional summary typed here is what both parties then read and sign; it is
 * stored with the record and never written to logs.
 */
import {
  actionLine,
  adaptiveCard,
  execute,
  factSet,
  formatDate,
  formatInstant,
  formatMinutes,
  header,
  notice,
  section,
  showCard,
  subCard,
  text,
  type CardAction,
  type ActionView,
  type CardElement,
  type CardJson,
} from './card-kit';
import type { Instant, LocalDate } from '../policy/domain';

export const RECORD_COMPLETE_VERB = 'record.complete';

export interface RecordView {
  sessionId: string;
  superviseeName: string;
  heldDate: LocalDate;
  heldMinutes?: number;
  actions: ActionView[];
  /** The working day the record is due by (profile's record deadline). */
  dueBy?: LocalDate;
  /** Set once completed: the card then shows the outcome instead of the form. */
  completedAt?: Instant;
  /** The summary already stored (prefilled when re-opening). */
  summary?: string;
  /** Only the supervisor gets the form; others see the status. */
  canComplete: boolean;
  notice?: { message: string; tone: 'good' | 'warning' | 'attention' | 'default' };
  /**
   * The profile's record template (policy/record-templates.ts): its headings are the structure
   * the summary follows, written as `Heading:` lines, required ones marked.
   */
  template?: { name: string; sections: Array<{ heading: string; required: boolean }> };
}

/** "Heading: (required)" lines: the shape of a summary that the printed record splits again. */
function templateGuidance(t: NonNullable<RecordView['template']>): {
  guidance: CardElement;
  placeholder: string;
} {
  const lines = t.sections.map((s) => `${s.heading}:${s.required ? ' (required)' : ''}`);
  return {
    guidance: text(
      `Write the record under the headings of ${t.name}, each on its own line as "Heading:" followed by what was discussed. Required: ${
        t.sections
          .filter((s) => s.required)
          .map((s) => s.heading)
          .join('; ') || 'none'
      }.`,
      { isSubtle: true },
    ),
    placeholder: lines.join('\n'),
  };
}

export function recordCard(view: RecordView): CardJson {
  const body: CardElement[] = [
    header(
      'Supervision record',
      `One-to-one with ${view.superviseeName} on ${formatDate(view.heldDate)}`,
    ),
  ];
  if (view.notice) body.push(notice(view.notice.message, view.notice.tone));
  body.push(
    factSet([
      ['Held', formatDate(view.heldDate)],
      ['Length', formatMinutes(view.heldMinutes)],
      ['Record due by', view.dueBy && !view.completedAt ? formatDate(view.dueBy) : undefined],
      ['Completed', view.completedAt ? formatInstant(view.completedAt) : undefined],
    ]),
    section('Agreed actions', view.actions.map(actionLine), 'No actions recorded.'),
  );
  const guide = view.template ? templateGuidance(view.template) : undefined;
  const summaryInput = {
    type: 'Input.Text',
    id: 'recordSummary',
    label: 'Record summary for both to sign (optional; no child names, case ids only)',
    isMultiline: true,
    maxLength: 4000,
    ...(guide ? { placeholder: guide.placeholder } : {}),
    ...(view.summary ? { value: view.summary } : {}),
  };
  const data = { sessionId: view.sessionId };
  const actions: CardAction[] = [];
  if (!view.completedAt && view.canComplete) {
    if (guide) body.push(guide.guidance);
    body.push(summaryInput);
    actions.push(execute('Mark record complete', RECORD_COMPLETE_VERB, data, 'positive'));
  } else if (view.completedAt) {
    body.push(text('Record complete: sent to you both for signature.', { color: 'Good' }));
    if (view.canComplete) {
      // Correcting the record after signing is allowed, but voids the signatures given.
      actions.push(
        showCard(
          'Change the summary',
          subCard(
            [
              text(
                'Changing the record voids any signature already given; both will be asked to sign again.',
                { isSubtle: true },
              ),
              ...(guide ? [guide.guidance] : []),
              summaryInput,
            ],
            [execute('Save and re-send for signature', RECORD_COMPLETE_VERB, data)],
          ),
        ),
      );
    }
  }
  actions.push(execute('My supervision status', 'command.run', { command: 'status' }));
  return adaptiveCard(body, {
    actions,
    fallbackText: `The record of the supervision on ${formatDate(view.heldDate)} is waiting to be completed.`,
  });
}
