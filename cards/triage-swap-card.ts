/**
 * A swap request, as the asked colleague(s) and the holder see it. Open: Accept (optionally
 * picking one of the accepter's own days to give back) or Decline. Answered: who took it.
 * The `refresh` block lists the holder and everyone asked, so all copies update in place.
 */
import {
  adaptiveCard,
  execute,
  factSet,
  formatDate,
  formatInstant,
  header,
  notice,
  showCard,
  subCard,
  text,
  type CardAction,
  type CardElement,
  type CardJson,
} from './card-kit';
import { TRIAGE_INPUTS, TRIAGE_VERBS } from './triage-kit';
import type { Instant, LocalDate } from '../policy/domain';

/** The give-back choice meaning "none" (Adaptive Cards choices cannot have an empty value). */
export const NO_GIVE_BACK = 'none';

export type SwapState =
  | { status: 'open'; expiresAt: Instant }
  | { status: 'accepted'; byName: string; giveBackDate?: LocalDate }
  | { status: 'declined'; byName: string }
  | { status: 'expired' }
  /** The day changed hands outside the offer (e.g. edited in SharePoint). */
  | { status: 'withdrawn' };

export interface SwapCardView {
  requestId: string;
  date: LocalDate;
  hub: string | null;
  holderName: string;
  /** `asked`: may accept/decline; `holder`: the offer's author; `other`: read-only. */
  viewer: 'asked' | 'holder' | 'other';
  askedDescription: string;
  state: SwapState;
  /** The viewer's own future rota days they could give back (asked viewer only). */
  giveBackDates: LocalDate[];
  refreshUserIds: string[];
  notice?: { message: string; tone: 'good' | 'warning' | 'attention' | 'default' };
}

function stateNotice(v: SwapCardView): CardElement {
  const s = v.state;
  switch (s.status) {
    case 'open':
      return text(
        `Waiting for an answer until ${formatInstant(s.expiresAt)}. ${v.holderName} keeps the day until someone accepts.`,
        { isSubtle: true },
      );
    case 'accepted':
      return notice(
        `${s.byName} took ${formatDate(v.date)}${s.giveBackDate ? ` and gave ${formatDate(s.giveBackDate)} to ${v.holderName}` : ''}.`,
        'good',
      );
    case 'declined':
      return notice(`${s.byName} declined. ${v.holderName} keeps the day.`, 'warning');
    case 'expired':
      return notice(`Nobody accepted in time. ${v.holderName} keeps the day.`, 'warning');
    case 'withdrawn':
      return notice('This offer is closed: the day changed hands in the rota.', 'default');
  }
}

export function triageSwapCard(v: SwapCardView): CardJson {
  const body: CardElement[] = [
    header('Triage swap request', `${v.holderName} asks for cover on ${formatDate(v.date)}`),
  ];
  if (v.notice) body.push(notice(v.notice.message, v.notice.tone));
  body.push(
    factSet([
      ['Day', formatDate(v.date)],
      ['Hub', v.hub],
      ['Holder', v.holderName],
      ['Asked', v.askedDescription],
    ]),
  );
  body.push(stateNotice(v));
  const data = { requestId: v.requestId, date: v.date };
  const actions: CardAction[] = [];
  if (v.viewer === 'asked' && v.state.status === 'open') {
    const acceptBody: CardElement[] = [
      text(
        `You take ${formatDate(v.date)}. Optionally give ${v.holderName} one of your days back.`,
      ),
    ];
    if (v.giveBackDates.length > 0) {
      acceptBody.push({
        type: 'Input.ChoiceSet',
        id: TRIAGE_INPUTS.giveBack,
        label: 'Give a day back (optional)',
        value: NO_GIVE_BACK,
        choices: [
          { title: 'No, just take the day', value: NO_GIVE_BACK },
          ...v.giveBackDates.map((d) => ({ title: formatDate(d), value: d })),
        ],
      });
    }
    actions.push(
      showCard(
        'Accept',
        subCard(acceptBody, [execute('Accept swap', TRIAGE_VERBS.swapAccept, data, 'positive')]),
      ),
    );
    actions.push(execute('Decline', TRIAGE_VERBS.swapDecline, data));
  }
  return adaptiveCard(body, {
    actions,
    refresh: {
      verb: TRIAGE_VERBS.refresh,
      data: { view: 'swap', ...data },
      userIds: v.refreshUserIds,
    },
    fallbackText: `Triage swap request for ${formatDate(v.date)}`,
  });
}
