/**
 * The structured supervision record form (issue 18), sent to the supervisor after "Held": the
 * profile's record sections in the document's headings (required ones marked), the
 * supervisee's open cases by case id, each with a "discussed" toggle and the template's case
 * fields (discussion, decision, the Signs of Safety scale where the template has one, a
 * significant-decision toggle, one action), and the next session's date. "Save draft" keeps it
 * (the deadline keeps counting); "Finish" completes it and asks both to sign.
 *
 * Required sections are marked in their labels, not with `isRequired`: the client would then
 * refuse "Save draft" too. The use-case checks them on finishing (policy/record.ts).
 * Input ids are read back by present/record-actions.ts (`recordFormOf`).
 */
import {
  adaptiveCard,
  execute,
  factSet,
  formatDate,
  formatInstant,
  header,
  notice,
  sectionTitle,
  text,
  type CardAction,
  type CardElement,
  type CardJson,
} from './card-kit';
import type { CaseEntry, Instant, LocalDate } from '../policy/domain';

export const RECORD_FORM_VERBS = { draft: 'record.save-draft', finish: 'record.finish' } as const;

/** Input ids: `sec:<section id>`, `case:<case id>:<field>`, `nextDate`, `nextTime`. */
export const formIds = {
  section: (id: string) => `sec:${id}`,
  caseField: (caseId: string, field: CaseFormField) => `case:${caseId}:${field}`,
};
export type CaseFormField =
  | 'discussed'
  | 'discussion'
  | 'decision'
  | 'scale'
  | 'significant'
  | 'actionText'
  | 'actionOwner'
  | 'actionDue';

export interface RecordFormView {
  sessionId: string;
  superviseeName: string;
  supervisorName: string;
  /** To show an action's owner as a side. */
  supervisorId: string;
  heldDate: LocalDate;
  /** The profile's template, as the card needs it. */
  template: {
    name: string;
    sections: Array<{ id: string; heading: string; required: boolean }>;
    discussionPrompts: string[];
    riskScale: { min: number; max: number; question: string } | null;
    significantDecision: boolean;
  };
  /** The supervisee's open cases (and any already in the record), by id and category. */
  cases: Array<{ caseId: string; category: string; lastDiscussedAt?: LocalDate }>;
  /** What is stored already (prefilled). */
  record?: {
    sections: Record<string, string>;
    cases: CaseEntry[];
    nextSessionAt?: Instant;
    status: 'draft' | 'final';
    updatedAt: Instant;
  };
  /** Next session's date and time as London wall clock, when the record has one. */
  next?: { date: LocalDate; time: string };
  /** The working day the record is due by. */
  dueBy?: LocalDate;
  completedAt?: Instant;
  /** Only the supervisor writes the record; others see where it stands. */
  canEdit: boolean;
  today: LocalDate;
  notice?: { message: string; tone: 'good' | 'warning' | 'attention' | 'default' };
}

const SECTION_MAX = 4000;
const CASE_TEXT_MAX = 2000;

function caseInputs(view: RecordFormView, c: RecordFormView['cases'][number]): CardElement {
  const t = view.template;
  const entry = view.record?.cases.find((e) => e.caseId === c.caseId);
  const id = (f: CaseFormField) => formIds.caseField(c.caseId, f);
  const last = c.lastDiscussedAt
    ? `last discussed ${formatDate(c.lastDiscussedAt)}`
    : 'not discussed yet';
  const items: CardElement[] = [
    {
      type: 'Input.Toggle',
      id: id('discussed'),
      title: `Case ${c.caseId} discussed (${c.category}; ${last})`,
      value: entry ? 'true' : 'false',
      valueOn: 'true',
      valueOff: 'false',
    },
    {
      type: 'Input.Text',
      id: id('discussion'),
      label: `Discussion of ${c.caseId}`,
      isMultiline: true,
      maxLength: CASE_TEXT_MAX,
      ...(t.discussionPrompts.length ? { placeholder: t.discussionPrompts.join(' / ') } : {}),
      ...(entry?.discussion ? { value: entry.discussion } : {}),
    },
    {
      type: 'Input.Text',
      id: id('decision'),
      label: `Decision on ${c.caseId}`,
      isMultiline: true,
      maxLength: CASE_TEXT_MAX,
      ...(entry?.decision ? { value: entry.decision } : {}),
    },
  ];
  if (t.riskScale)
    items.push({
      type: 'Input.Number',
      id: id('scale'),
      label: `${t.riskScale.question} (${t.riskScale.min}–${t.riskScale.max})`,
      min: t.riskScale.min,
      max: t.riskScale.max,
      ...(entry?.riskScale !== undefined ? { value: entry.riskScale } : {}),
    });
  if (t.significantDecision)
    items.push({
      type: 'Input.Toggle',
      id: id('significant'),
      title: 'A significant decision was made on this case',
      value: entry?.significantDecision ? 'true' : 'false',
      valueOn: 'true',
      valueOff: 'false',
    });
  const action = entry?.actions[0];
  items.push(
    {
      type: 'Input.Text',
      id: id('actionText'),
      label: `Action on ${c.caseId} (optional)`,
      maxLength: 500,
      ...(action ? { value: action.text } : {}),
    },
    {
      type: 'ColumnSet',
      spacing: 'Small',
      columns: [
        {
          type: 'Column',
          width: 1,
          items: [
            {
              type: 'Input.ChoiceSet',
              id: id('actionOwner'),
              label: 'Owner',
              style: 'compact',
              value: action?.ownerId === view.supervisorId ? 'supervisor' : 'supervisee',
              choices: [
                { title: `${view.superviseeName} (supervisee)`, value: 'supervisee' },
                { title: `${view.supervisorName} (supervisor)`, value: 'supervisor' },
              ],
            },
          ],
        },
        {
          type: 'Column',
          width: 1,
          items: [
            {
              type: 'Input.Date',
              id: id('actionDue'),
              label: 'Due',
              ...(action?.dueDate ? { value: action.dueDate } : {}),
            },
          ],
        },
      ],
    },
  );
  return { type: 'Container', separator: true, spacing: 'Medium', items };
}

/** The form for one viewer. An action's owner is chosen as a side (supervisee / supervisor). */
export function recordFormCard(view: RecordFormView): CardJson {
  const finished = !!view.completedAt;
  const body: CardElement[] = [
    header(
      'Supervision record',
      `${view.template.name}: one-to-one with ${view.superviseeName} on ${formatDate(view.heldDate)}`,
    ),
  ];
  if (view.notice) body.push(notice(view.notice.message, view.notice.tone));
  body.push(
    factSet([
      ['Held', formatDate(view.heldDate)],
      ['Record due by', view.dueBy && !finished ? formatDate(view.dueBy) : undefined],
      ['Draft saved', view.record && !finished ? formatInstant(view.record.updatedAt) : undefined],
      ['Finished', view.completedAt ? formatInstant(view.completedAt) : undefined],
    ]),
  );
  const data = { sessionId: view.sessionId };
  const actions: CardAction[] = [];
  if (!view.canEdit) {
    body.push(
      text(
        finished
          ? 'The record is finished and with you both for signature.'
          : 'The supervisor is writing the record.',
        { isSubtle: true },
      ),
    );
    return adaptiveCard(body, {
      actions: [execute('My supervision status', 'command.run', { command: 'status' })],
      fallbackText: `The record of the supervision on ${formatDate(view.heldDate)}.`,
    });
  }
  body.push(
    text(
      'Identify children by case id only, never by name. Required sections are marked; a draft can be saved without them.',
      { isSubtle: true },
    ),
  );
  for (const s of view.template.sections) {
    const value = view.record?.sections[s.id];
    body.push({
      type: 'Input.Text',
      id: formIds.section(s.id),
      label: `${s.heading}${s.required ? ' (required)' : ''}`,
      isMultiline: true,
      maxLength: SECTION_MAX,
      ...(value ? { value } : {}),
    });
  }
  body.push(sectionTitle('Cases discussed'));
  if (view.cases.length === 0) body.push(text('No open cases.', { isSubtle: true }));
  for (const c of view.cases) body.push(caseInputs(view, c));
  body.push(sectionTitle('Next supervision'), {
    type: 'ColumnSet',
    columns: [
      {
        type: 'Column',
        width: 1,
        items: [
          {
            type: 'Input.Date',
            id: 'nextDate',
            label: 'Date',
            min: view.today,
            ...(view.next ? { value: view.next.date } : {}),
          },
        ],
      },
      {
        type: 'Column',
        width: 1,
        items: [
          {
            type: 'Input.Time',
            id: 'nextTime',
            label: 'Time',
            value: view.next?.time ?? '10:00',
          },
        ],
      },
    ],
  });
  if (finished) {
    body.push(
      text('Changing a finished record voids any signature given; both are asked to sign again.', {
        isSubtle: true,
      }),
    );
    actions.push(execute('Save changes', RECORD_FORM_VERBS.finish, data, 'positive'));
  } else {
    actions.push(
      execute('Save draft', RECORD_FORM_VERBS.draft, data),
      execute('Finish', RECORD_FORM_VERBS.finish, data, 'positive'),
    );
  }
  return adaptiveCard(body, {
    actions,
    fallbackText: `The record of the supervision on ${formatDate(view.heldDate)} is waiting to be written.`,
  });
}
