/**
 * The prep prompt (POLICIES.md §5): what each side prepares before a one-to-one. The view is
 * role-specific: the supervisee sees the open actions from last time, the cases to bring for
 * in-depth discussion and what their policy asks of them (Manchester's RAG self-assessments,
 * Telford's supervision form...); the supervisor sees what to review (the case records of the
 * cases to discuss, children seen, plans reviewed, Shropshire's checklist). Both see the
 * agenda. Children appear only as case-system ids.
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
  section,
  text,
  type ActionView,
  type CardJson,
  type CardElement,
} from './card-kit';
import type { Instant, LocalDate } from '../policy/domain';

export interface PrepCaseView {
  /** Case-system id only. */
  caseId: string;
  /** Why it is due, e.g. "last discussed 2026-08-10 (high: monthly)". */
  why: string;
}

export interface PrepAskView {
  text: string;
  /** Seed document and section. */
  source: string;
  /** When it must be ready by (e.g. Manchester: self-assessments 2 days before). */
  dueBy?: LocalDate;
}

export interface PrepView {
  sessionId: string;
  role: 'supervisor' | 'supervisee';
  withName: string;
  start: Instant;
  plannedMinutes?: number;
  /** Open actions agreed at the last session (reviewed at this one). */
  openActions: ActionView[];
  /** Cases due for in-depth discussion. */
  cases: PrepCaseView[];
  /** What the policy asks this role to prepare. */
  asks: PrepAskView[];
  /** Agenda sections of the record template. */
  agenda: string[];
  /** The policy document, for "why am I asked this". */
  policyName: string;
}

/** Keeps the card well under Teams' size limit even for a very large caseload. */
const MAX_CASES = 25;
const MAX_ACTIONS = 15;

export function prepCard(view: PrepView): CardJson {
  const supervisee = view.role === 'supervisee';
  const body: CardElement[] = [
    header(
      supervisee ? 'Prepare for your supervision' : 'Prepare to supervise',
      `${formatInstant(view.start)} with ${view.withName}`,
    ),
    factSet([
      ['When', formatInstant(view.start)],
      ['With', view.withName],
      ['Planned', formatMinutes(view.plannedMinutes) ?? 'not set'],
    ]),
    section(
      supervisee ? 'Open actions from last time' : 'Actions to review',
      limited(view.openActions.map(actionLine), MAX_ACTIONS),
      'No open actions from last time.',
    ),
    section(
      supervisee
        ? 'Cases to bring for in-depth discussion'
        : 'Case records to review before the session',
      limited(
        view.cases.map((c) => `Case ${c.caseId}: ${c.why}`),
        MAX_CASES,
      ),
      'No case is due for discussion.',
    ),
  ];
  if (!supervisee) {
    body.push(
      section('For each of those cases, check', [
        'the child or young person has been seen, and when',
        'the plan has been reviewed on time',
        'the record is up to date',
      ]),
    );
  }
  body.push(
    section(
      supervisee ? 'Your policy asks you to' : 'Your policy asks supervisors to',
      view.asks.map(
        (a) => `${a.text}${a.dueBy ? ` — by ${formatDate(a.dueBy)}` : ''} _(${a.source})_`,
      ),
      'Nothing extra.',
    ),
    section('Agenda', view.agenda, 'No agenda set by the policy.'),
    text(`From ${view.policyName}.`, { isSubtle: true, size: 'Small' }),
  );
  return adaptiveCard(body, {
    actions: [execute('My open actions', 'command.run', { command: 'actions' })],
    fallbackText: `Prepare for supervision on ${formatInstant(view.start)} with ${view.withName}.`,
  });
}

function limited(lines: string[], max: number): string[] {
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max), `…and ${lines.length - max} more (see the Supervision tab).`];
}
