/**
 * Small shared builders for the supervision cards, so every card has the same header, fact
 * sets, buttons and date wording. Pure functions: JSON in, JSON out, no I/O.
 *
 * Teams renders Adaptive Cards up to schema 1.5 (1.6 is not yet supported everywhere), and
 * only `Action.Execute` (Universal Actions) lets the bot answer with an updated card and
 * refresh it in place for several users, so every interactive button here is one.
 */
import { formatDate, formatInstant } from '../policy/date-words';
import type { LocalDate } from '../policy/domain';

/** An Adaptive Card as JSON (same shape as `AdaptiveCardJson` in usecases/context.ts). */
export type CardJson = Record<string, unknown>;
export type CardElement = Record<string, unknown>;
export type CardAction = Record<string, unknown>;

export const SCHEMA_VERSION = '1.5';
const SCHEMA_URL = 'http://adaptivecards.io/schemas/adaptive-card.json';

export interface CardOptions {
  actions?: CardAction[];
  /** Universal Actions refresh: Teams fetches the user-specific card for these users on view. */
  refresh?: { verb: string; data: Record<string, unknown>; userIds: string[] };
  /** Shown by clients that cannot render cards (and in notifications). */
  fallbackText?: string;
}

/** The root of every card. */
export function adaptiveCard(body: CardElement[], options: CardOptions = {}): CardJson {
  const card: CardJson = {
    type: 'AdaptiveCard',
    $schema: SCHEMA_URL,
    version: SCHEMA_VERSION,
    body,
  };
  if (options.actions && options.actions.length > 0) card.actions = options.actions;
  if (options.refresh) {
    card.refresh = {
      action: { type: 'Action.Execute', verb: options.refresh.verb, data: options.refresh.data },
      // Teams refreshes automatically for at most 60 users; ours are always two or three.
      userIds: [...new Set(options.refresh.userIds.map(teamsUserMri))],
    };
  }
  if (options.fallbackText) card.fallbackText = options.fallbackText;
  card.msteams = { width: 'Full' };
  return card;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Teams matches `refresh.userIds` against user MRIs (`8:orgid:<Entra object id>`). Staff ids
 * are Entra object ids in SharePoint mode, so those become MRIs; ids that already are MRIs, and
 * the demo's readable ids (local mode, the Agents Playground), are kept as they are.
 */
export function teamsUserMri(staffId: string): string {
  return GUID.test(staffId) ? `8:orgid:${staffId.toLowerCase()}` : staffId;
}

/** A sub-card for `Action.ShowCard` (no schema/version: it inherits the parent's). */
export function subCard(body: CardElement[], actions: CardAction[]): CardJson {
  return { type: 'AdaptiveCard', body, actions };
}

export function header(title: string, subtitle?: string): CardElement {
  const items: CardElement[] = [
    {
      type: 'TextBlock',
      text: title,
      size: 'Large',
      weight: 'Bolder',
      wrap: true,
      style: 'heading',
    },
  ];
  if (subtitle)
    items.push({ type: 'TextBlock', text: subtitle, isSubtle: true, spacing: 'None', wrap: true });
  return { type: 'Container', items };
}

export function text(value: string, options: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

/** A bold section heading with a little space above it. */
export function sectionTitle(title: string): CardElement {
  return { type: 'TextBlock', text: title, weight: 'Bolder', wrap: true, spacing: 'Medium' };
}

/** Bullet lines (Adaptive Cards markdown lists need a line per item). */
export function bullets(lines: string[], empty = 'None.'): CardElement {
  if (lines.length === 0) return text(empty, { isSubtle: true });
  return text(lines.map((l) => `- ${l}`).join('\r'), {});
}

/** A titled section: heading plus bullets. */
export function section(title: string, lines: string[], empty?: string): CardElement {
  return { type: 'Container', items: [sectionTitle(title), bullets(lines, empty)] };
}

export function factSet(facts: Array<[string, string | undefined | null]>): CardElement {
  return {
    type: 'FactSet',
    facts: facts
      .filter((f): f is [string, string] => typeof f[1] === 'string' && f[1] !== '')
      .map(([title, value]) => ({ title, value })),
  };
}

export type ButtonStyle = 'default' | 'positive' | 'destructive';

/** A Universal Action button. `data` always carries the verb too, for older clients' submits. */
export function execute(
  title: string,
  verb: string,
  data: Record<string, unknown> = {},
  style: ButtonStyle = 'default',
): CardAction {
  const action: CardAction = { type: 'Action.Execute', title, verb, data: { ...data, verb } };
  if (style !== 'default') action.style = style;
  return action;
}

export function showCard(title: string, card: CardJson): CardAction {
  return { type: 'Action.ShowCard', title, card };
}

export function openUrl(title: string, url: string): CardAction {
  return { type: 'Action.OpenUrl', title, url };
}

/** A coloured notice line (after an action: "already confirmed by …", "signature void …"). */
export function notice(
  message: string,
  tone: 'good' | 'warning' | 'attention' | 'default' = 'default',
): CardElement {
  return {
    type: 'Container',
    style: tone === 'default' ? 'emphasis' : tone,
    items: [text(message)],
  };
}

export type Rag = 'red' | 'amber' | 'green';

export function ragLabel(rag: Rag): CardElement {
  const label = { red: 'Red', amber: 'Amber', green: 'Green' }[rag];
  const color = { red: 'Attention', amber: 'Warning', green: 'Good' }[rag];
  return { type: 'TextBlock', text: `● ${label}`, color, weight: 'Bolder', wrap: true };
}

// One date style for every sentence people read, cards or not (policy/date-words.ts).
export { formatDate, formatInstant };

export function formatMinutes(minutes: number | undefined): string | undefined {
  if (minutes === undefined) return undefined;
  if (minutes < 60) return `${minutes} minutes`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} hour${h > 1 ? 's' : ''}` : `${h} h ${m} min`;
}

/** An agreed action as the cards show it (owner by name: colleagues may be named in cards). */
export interface ActionView {
  id: string;
  text: string;
  ownerName: string;
  due?: LocalDate;
  /** Due before today and not done. */
  overdue?: boolean;
}

export function actionLine(a: ActionView): string {
  const due = a.due ? ` — due ${formatDate(a.due)}${a.overdue ? ' (overdue)' : ''}` : '';
  return `${a.text} (${a.ownerName})${due}`;
}
