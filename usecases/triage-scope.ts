/**
 * What every triage use-case reads once per command or press: the organisation, the profile's
 * rota settings, the rota as a view, and today; plus who is on the rota and who may act on a
 * day. The cards built from it are present/triage-views.ts.
 */
import { londonDateOf } from './triage-dates';
import type { LocalDate, OrgSnapshot, Staff } from '../policy/domain';
import type { TriageSettings } from '../policy/profile';
import { contactOf } from '../rota/members';
import { RotaView } from '../rota/rota-view';
import { canActAsHolder } from '../rota/swap-rules';
import type { AppContext } from './context';
import type { Outcome } from './outcome';
import type { SickRequest, SwapRequest } from './triage-state';

/** A rota colleague as the cards and the tab show them. */
export interface TriagePerson {
  id: string;
  name: string;
  hub: string | null;
  email?: string;
  teamsChatUrl?: string;
}

export type Notice = { message: string; tone: 'good' | 'warning' | 'attention' | 'default' };

export interface TriageScope {
  ctx: AppContext;
  snapshot: OrgSnapshot;
  settings: TriageSettings;
  view: RotaView;
  today: LocalDate;
}

/** Loads the organisation once for a command or action; null when the profile has no rota. */
export async function loadTriage(ctx: AppContext): Promise<TriageScope | null> {
  const settings = ctx.profile.triage;
  if (!settings) return null;
  const { snapshot } = await ctx.source.load();
  return {
    ctx,
    snapshot,
    settings,
    view: new RotaView(snapshot, settings, ctx.calendar),
    today: londonDateOf(ctx.clock.now()),
  };
}

/**
 * Whether `userId` may offer `date` for a swap or report sick on it: the rule the swap and sick
 * actions apply (rota/swap-rules.ts), asked ahead so a page can offer only what will be taken.
 */
export function canActOnDay(scope: TriageScope, userId: string, date: LocalDate): boolean {
  return canActAsHolder({
    date,
    today: scope.today,
    calendar: scope.ctx.calendar,
    isMember: isMember(scope, userId),
    userId,
    row: scope.view.row(date),
  }).ok;
}

export const NO_ROTA = 'This organisation has no triage rota in its policy profile.';

export function personView(s: Staff | undefined, id: string): TriagePerson {
  if (!s) return { id, name: id, hub: null };
  const c = contactOf(s);
  return { id, name: s.name, hub: s.team ?? null, email: c.email, teamsChatUrl: c.teamsChatUrl };
}

export function nameOf(scope: TriageScope, id: string | undefined): string {
  if (!id) return 'nobody';
  return scope.view.staff(id)?.name ?? id;
}

export function isMember(scope: TriageScope, userId: string): boolean {
  return scope.view.members(scope.today).some((s) => s.id === userId);
}

/** Rota colleagues the viewer can ask to swap. */
export function colleagues(scope: TriageScope, userId: string): TriagePerson[] {
  return scope.view
    .members(scope.today)
    .filter((s) => s.id !== userId)
    .map((s) => personView(s, s.id));
}

/**
 * The last day the rota is drawn up to (its latest row). Days after it are not gaps, only not
 * planned yet (issue 17: February listed as uncovered in December); the gaps card and its
 * header stop there.
 */
export function lastDrawnDay(scope: TriageScope): LocalDate | null {
  let last: LocalDate | null = null;
  for (const r of scope.snapshot.rota) if (!last || r.date > last) last = r.date;
  return last;
}

/** The list views a card can ask to be re-rendered (refresh, or after "Take this day"). */
export const LIST_VIEWS = new Set([
  'today',
  'tomorrow',
  'week',
  'my',
  'gaps',
  'balance',
  'readiness',
  'meetings',
]);

/**
 * What a triage use-case answers with: the card to show (a swap or sick request, or one of the
 * list views, as `viewerId` sees it, with a notice) and the messages to send, each a view for
 * its recipient. The cards are built from these at the edge (present/triage-views.ts).
 */
export type TriageView =
  | { card: 'swap'; scope: TriageScope; req: SwapRequest; viewerId: string; notice?: Notice }
  | { card: 'sick'; scope: TriageScope; req: SickRequest; viewerId: string; notice?: Notice }
  | { card: 'list'; scope: TriageScope; view: string; viewerId: string; notice?: Notice };

export interface TriageMessage {
  recipientId: string;
  view: TriageView;
  summary: string;
  key: string;
}

export interface TriageDone {
  show: TriageView;
  messages: TriageMessage[];
}

export function showSwap(
  scope: TriageScope,
  req: SwapRequest,
  viewerId: string,
  notice?: Notice,
): TriageView {
  return { card: 'swap', scope, req, viewerId, ...(notice ? { notice } : {}) };
}

export function showSick(
  scope: TriageScope,
  req: SickRequest,
  viewerId: string,
  notice?: Notice,
): TriageView {
  return { card: 'sick', scope, req, viewerId, ...(notice ? { notice } : {}) };
}

export function showList(
  scope: TriageScope,
  viewerId: string,
  view: string,
  notice?: Notice,
): TriageView {
  return { card: 'list', scope, view, viewerId, ...(notice ? { notice } : {}) };
}

export type TriageOutcome = Outcome<TriageDone>;

/** A press on a triage card (or the tab's swap), as the use-cases read it. */
export interface TriageCommand {
  userId: string;
  /** The rota day (YYYY-MM-DD as given). */
  date?: string;
  /** A swap offer: `hub` (everyone on the rota in my hub) or one colleague's staff id. */
  to?: string;
  /** The request the card was about (a newer one replaces it). */
  requestId?: string;
  /** Which list card asked (`gaps`, `week`, `swap`, `sick`, ...). */
  view?: string;
  /** Accepting a swap: one of my days to give back to the holder. */
  giveBack?: string;
}

/** `to` meaning "offer to everyone on the rota in my hub". */
export const SWAP_TO_HUB = 'hub';
