/**
 * "Did this supervision happen?": sent to the supervisor after a one-to-one's day. Three
 * answers, each an `Action.Execute` behind an `Action.ShowCard` holding its inputs:
 * Held (actual minutes and up to five agreed actions), Cancelled (reason and the new date,
 * which books the rescheduled session) and Not held (reason).
 *
 * The card carries a `refresh` block for the supervisee and everyone who may confirm (the
 * supervisor, their line manager, the supervisee's line manager: usecases/session-scope.ts), so
 * when one of them answers, everyone's copy updates in place. The view is user-specific:
 * those who may confirm get the buttons, the supervisee a read-only
 * status. Once answered, the card shows the outcome and who confirmed it, when.
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
  type ActionView,
  type CardElement,
  type CardJson,
} from './card-kit';
import type { Instant, LocalDate } from '../policy/domain';

export const MAX_AGREED_ACTIONS = 5;
export const CONFIRM_VERBS = {
  held: 'session.held',
  cancelled: 'session.cancelled',
  notHeld: 'session.not-held',
  refresh: 'session.refresh',
} as const;

/** Who confirmed and when; absent when the outcome was entered outside the bot (e.g. in the list). */
export interface ConfirmedBy {
  byName?: string;
  at?: Instant;
}

export type ConfirmOutcome =
  | { status: 'scheduled' }
  | ({
      status: 'held';
      heldMinutes?: number;
      actions: ActionView[];
      /** A group session: the names of those who attended. */
      attendedNames?: string[];
    } & ConfirmedBy)
  | ({ status: 'cancelled'; reason?: string; newStart?: Instant } & ConfirmedBy)
  | ({ status: 'not-held'; reason?: string } & ConfirmedBy);

export interface ConfirmView {
  sessionId: string;
  superviseeName: string;
  supervisorName: string;
  start: Instant;
  plannedMinutes?: number;
  /** `confirmer`: supervisor or a line manager (buttons); `read-only`: the supervisee. */
  viewer: 'confirmer' | 'read-only';
  outcome: ConfirmOutcome;
  /** Supervisor, supervisee and the supervisor's line manager. */
  refreshUserIds: string[];
  /** Today in London: the earliest date a cancelled session can move to is tomorrow. */
  today: LocalDate;
  /** Tomorrow (first allowed rescheduling date), computed by the caller's calendar. */
  earliestNewDate: LocalDate;
  notice?: { message: string; tone: 'good' | 'warning' | 'attention' | 'default' };
  /**
   * A group session (CONTRACT "Group supervision"): `supervisorName` led it, and the leader
   * ticks who attended from `choices` (their team, and anyone already recorded).
   */
  group?: { choices: Array<{ id: string; name: string }>; attendees: string[] };
}

export function confirmCard(view: ConfirmView): CardJson {
  const body: CardElement[] = [
    header(
      'Did this supervision happen?',
      view.group
        ? `Group supervision led by ${view.supervisorName}`
        : `One-to-one: ${view.superviseeName} with ${view.supervisorName}`,
    ),
  ];
  if (view.notice) body.push(notice(view.notice.message, view.notice.tone));
  body.push(
    factSet(
      view.group
        ? [
            ['When', formatInstant(view.start)],
            ['Led by', view.supervisorName],
            ['Planned', formatMinutes(view.plannedMinutes) ?? 'not set'],
          ]
        : [
            ['When', formatInstant(view.start)],
            ['Supervisee', view.superviseeName],
            ['Supervisor', view.supervisorName],
            ['Planned', formatMinutes(view.plannedMinutes) ?? 'not set'],
          ],
    ),
  );
  body.push(...outcomeElements(view));

  const answerable = view.outcome.status === 'scheduled' && view.viewer === 'confirmer';
  return adaptiveCard(body, {
    actions: answerable ? confirmActions(view) : [],
    refresh: {
      verb: CONFIRM_VERBS.refresh,
      data: { sessionId: view.sessionId, card: 'confirm' },
      userIds: view.refreshUserIds,
    },
    fallbackText: `Please confirm whether the supervision on ${formatInstant(view.start)} happened.`,
  });
}

function byLine(o: ConfirmedBy): string {
  const who = o.byName ? ` by ${o.byName}` : '';
  const when = o.at ? ` on ${formatInstant(o.at)}` : '';
  return who || when ? `Confirmed${who}${when}.` : 'Recorded in the supervision list.';
}

function outcomeElements(view: ConfirmView): CardElement[] {
  const o = view.outcome;
  switch (o.status) {
    case 'scheduled':
      return view.viewer === 'confirmer'
        ? [text('Please tell us whether it was held, cancelled or did not happen.')]
        : [text(`Waiting for ${view.supervisorName} to confirm this session.`, { isSubtle: true })];
    case 'held':
      return [
        text(`✅ **Held** — ${formatMinutes(o.heldMinutes) ?? 'length not recorded'}.`, {
          color: 'Good',
        }),
        view.group
          ? section('Attended', o.attendedNames ?? [], 'No attendance recorded.')
          : section('Agreed actions', o.actions.map(actionLine), 'No actions recorded.'),
        text(byLine(o), { isSubtle: true }),
      ];
    case 'cancelled':
      return [
        text(`**Cancelled** — ${o.reason ?? 'no reason recorded'}.`, { color: 'Warning' }),
        text(o.newStart ? `Rescheduled to ${formatInstant(o.newStart)}.` : 'Not rescheduled yet.'),
        text(byLine(o), { isSubtle: true }),
      ];
    case 'not-held':
      return [
        text(`**Not held** — ${o.reason ?? 'no reason recorded'}.`, { color: 'Attention' }),
        text(byLine(o), { isSubtle: true }),
      ];
  }
}

function confirmActions(view: ConfirmView) {
  const data = { sessionId: view.sessionId };
  const ownerChoices = [
    { title: `${view.supervisorName} (supervisor)`, value: 'supervisor' },
    { title: `${view.superviseeName} (supervisee)`, value: 'supervisee' },
  ];
  const held: CardElement[] = [];
  if (view.group) held.push(attendanceInput(view.group));
  held.push({
    type: 'Input.Number',
    id: 'heldMinutes',
    label: 'Actual length (minutes)',
    min: 1,
    max: 600,
    isRequired: true,
    errorMessage: 'Enter the minutes actually held (1 to 600).',
    ...(view.plannedMinutes ? { value: view.plannedMinutes } : {}),
  });
  // A group's agreed actions belong in each person's own one-to-one, not here.
  if (!view.group)
    held.push(
      text(`Agreed actions (up to ${MAX_AGREED_ACTIONS}; leave blank rows empty)`, {
        weight: 'Bolder',
      }),
    );
  for (let i = 1; i <= (view.group ? 0 : MAX_AGREED_ACTIONS); i++) {
    // The action's text on a row of its own, full width: beside the owner and date inputs
    // ('auto' columns) a 'stretch' column was squeezed to ~30 px in the Playground and Teams.
    held.push(
      {
        type: 'Input.Text',
        id: `action${i}Text`,
        label: `Action ${i}`,
        maxLength: 300,
        spacing: 'Medium',
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
                id: `action${i}Owner`,
                label: 'Owner',
                style: 'compact',
                value: 'supervisee',
                choices: ownerChoices,
              },
            ],
          },
          {
            type: 'Column',
            width: 1,
            items: [{ type: 'Input.Date', id: `action${i}Due`, label: 'Due', min: view.today }],
          },
        ],
      },
    );
  }
  const cancelled: CardElement[] = [
    {
      type: 'Input.Text',
      id: 'cancelReason',
      label: 'Why was it cancelled?',
      isRequired: true,
      maxLength: 500,
      errorMessage: 'A reason is required (the policy asks that cancellations are recorded).',
    },
    {
      type: 'Input.Date',
      id: 'newDate',
      label: `New date (from ${formatDate(view.earliestNewDate)})`,
      min: view.earliestNewDate,
      isRequired: true,
      errorMessage: 'Choose the new date: a cancelled session is re-arranged straight away.',
    },
    {
      type: 'Input.Time',
      id: 'newTime',
      label: 'New time',
      value: '10:00',
      isRequired: true,
      errorMessage: 'Choose the new start time.',
    },
  ];
  const notHeld: CardElement[] = [
    {
      type: 'Input.Text',
      id: 'notHeldReason',
      label: 'Why did it not happen?',
      isRequired: true,
      maxLength: 500,
      errorMessage: 'A reason is required.',
    },
  ];
  return [
    showCard(
      'Held',
      subCard(held, [execute('Confirm held', CONFIRM_VERBS.held, data, 'positive')]),
    ),
    showCard(
      'Cancelled',
      subCard(cancelled, [execute('Cancel and rebook', CONFIRM_VERBS.cancelled, data)]),
    ),
    showCard(
      'Not held',
      subCard(notHeld, [execute('Confirm not held', CONFIRM_VERBS.notHeld, data, 'destructive')]),
    ),
  ];
}

/** Verb data key of the attendance tick-list (Input.ChoiceSet, multi-select: comma-separated ids). */
export const ATTENDEES_INPUT = 'attendees';

/** "Who attended?": one tick box per person (Adaptive Cards 1.5 Input.ChoiceSet, expanded). */
function attendanceInput(group: NonNullable<ConfirmView['group']>): CardElement {
  return {
    type: 'Input.ChoiceSet',
    id: ATTENDEES_INPUT,
    label: 'Who attended?',
    isMultiSelect: true,
    style: 'expanded',
    isRequired: true,
    errorMessage: 'Tick everyone who attended (at least one person).',
    choices: group.choices.map((c) => ({ title: c.name, value: c.id })),
    ...(group.attendees.length ? { value: group.attendees.join(',') } : {}),
  };
}
