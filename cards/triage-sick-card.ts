/**
 * A sickness cover request: "X is off sick on <day>; can you cover?" with "Take it". The
 * first colleague to accept takes the day; every other asked colleague's copy turns into
 * "covered by …" through the refresh block (all asked colleagues and the holder).
 */
import {
  adaptiveCard,
  execute,
  factSet,
  formatDate,
  header,
  notice,
  text,
  type CardAction,
  type CardElement,
  type CardJson,
} from './card-kit';
import { TRIAGE_VERBS } from './triage-kit';
import type { LocalDate } from '../policy/domain';

export type SickState =
  | { status: 'open'; stage: 'hub' | 'leaders' }
  | { status: 'covered'; byName: string; byViewer: boolean }
  | { status: 'expired' };

export interface SickCardView {
  requestId: string;
  date: LocalDate;
  hub: string | null;
  holderName: string;
  viewer: 'asked' | 'holder' | 'other';
  state: SickState;
  /** The organisation asks other hubs when the due hub has not covered it in time (off by default). */
  otherHubs?: boolean;
  refreshUserIds: string[];
  notice?: { message: string; tone: 'good' | 'warning' | 'attention' | 'default' };
}

export function triageSickCard(v: SickCardView): CardJson {
  const body: CardElement[] = [
    header('Triage cover needed', `${v.holderName} is off sick on ${formatDate(v.date)}`),
  ];
  if (v.notice) body.push(notice(v.notice.message, v.notice.tone));
  body.push(
    factSet([
      ['Day', formatDate(v.date)],
      ['Hub', v.hub],
      ['Desk', '9:00–17:00, Family Connect'],
    ]),
  );
  const s = v.state;
  if (s.status === 'open') {
    body.push(
      text(
        s.stage === 'hub'
          ? v.otherHubs
            ? `Sickness cover comes from ${v.hub ?? 'the hub'} first. The first colleague to accept takes the day.`
            : `Sickness cover comes from ${v.hub ?? 'the hub'}, the hub that should have been represented. The first colleague to accept takes the day.`
          : 'Nobody in the hub could take it yet, so team leaders of every hub are asked. The first to accept takes the day.',
        { isSubtle: true },
      ),
    );
  } else if (s.status === 'covered') {
    body.push(
      notice(
        s.byViewer ? `You cover ${formatDate(v.date)}. Thank you.` : `Covered by ${s.byName}.`,
        'good',
      ),
    );
  } else {
    body.push(notice('This request has closed: the day has passed.', 'default'));
  }
  const data = { requestId: v.requestId, date: v.date };
  const actions: CardAction[] = [];
  if (v.viewer === 'asked' && s.status === 'open')
    actions.push(execute('Take it', TRIAGE_VERBS.coverAccept, data, 'positive'));
  return adaptiveCard(body, {
    actions,
    refresh: {
      verb: TRIAGE_VERBS.refresh,
      data: { view: 'sick', ...data },
      userIds: v.refreshUserIds,
    },
    fallbackText: `Triage cover needed on ${formatDate(v.date)}`,
  });
}
