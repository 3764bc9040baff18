/**
 * The record signature card, sent to both parties once the supervisor completes the record
 * (the policies ask that both read, agree and sign it, and that disagreements are noted).
 * Shows the record (summary, held date and minutes, agreed actions), each side's signature
 * state, and — for a party who has not signed the current version — Sign / I disagree.
 *
 * A signature covers the SHA-256 of the record the signer saw (`contentHash` travels in the
 * button's data): if the record changes afterwards the signature is void and re-requested.
 * When both have signed, the card becomes the final confirmation.
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
  type CardAction,
  type CardElement,
  type CardJson,
} from './card-kit';
import type { Instant, LocalDate } from '../policy/domain';

export const SIGN_VERBS = {
  sign: 'record.sign',
  disagree: 'record.disagree',
  /** The supervisor marks an open disagreement resolved (disagreement-open). */
  resolve: 'record.resolve-disagreement',
} as const;

export type SignatureState =
  | { state: 'waiting' }
  | { state: 'signed'; at: Instant }
  | { state: 'disagreed'; at: Instant; comment: string }
  /** Signed an earlier version of the record; re-requested. */
  | { state: 'voided'; at: Instant };

export interface SignView {
  sessionId: string;
  viewerRole: 'supervisor' | 'supervisee' | 'observer';
  superviseeName: string;
  supervisorName: string;
  heldDate: LocalDate;
  heldMinutes?: number;
  summary?: string;
  actions: ActionView[];
  contentHash: string;
  supervisor: SignatureState;
  supervisee: SignatureState;
  refreshUserIds: string[];
  notice?: { message: string; tone: 'good' | 'warning' | 'attention' | 'default' };
  /** A disagreement is recorded on the session and not yet marked resolved. */
  disagreementOpen?: boolean;
}

export function isFinal(view: Pick<SignView, 'supervisor' | 'supervisee'>): boolean {
  return view.supervisor.state === 'signed' && view.supervisee.state === 'signed';
}

export function signCard(view: SignView): CardJson {
  const final = isFinal(view);
  const body: CardElement[] = [
    header(
      final ? 'Supervision record signed ✓' : 'Please read and sign the supervision record',
      `One-to-one: ${view.superviseeName} with ${view.supervisorName}, ${formatDate(view.heldDate)}`,
    ),
  ];
  if (view.notice) body.push(notice(view.notice.message, view.notice.tone));
  if (final) body.push(notice('Both of you have signed: this record is final.', 'good'));
  body.push(
    factSet([
      ['Held', formatDate(view.heldDate)],
      ['Length', formatMinutes(view.heldMinutes)],
    ]),
    {
      type: 'Container',
      items: [text('**Record summary**'), text(view.summary || '_No summary written._')],
    },
    section('Agreed actions', view.actions.map(actionLine), 'No actions recorded.'),
    section('Signatures', [
      `${view.supervisorName} (supervisor): ${stateLine(view.supervisor)}`,
      `${view.superviseeName} (supervisee): ${stateLine(view.supervisee)}`,
    ]),
    text(`Record fingerprint ${view.contentHash.slice(0, 12)}`, { isSubtle: true, size: 'Small' }),
  );
  const mine =
    view.viewerRole === 'supervisor'
      ? view.supervisor
      : view.viewerRole === 'supervisee'
        ? view.supervisee
        : null;
  const actions: CardAction[] = [];
  if (mine && mine.state !== 'signed') {
    const data = { sessionId: view.sessionId, contentHash: view.contentHash };
    actions.push(
      execute('Sign', SIGN_VERBS.sign, data, 'positive'),
      showCard(
        'I disagree',
        subCard(
          [
            {
              type: 'Input.Text',
              id: 'disagreeComment',
              label: 'What do you disagree with, and how should it be resolved?',
              isMultiline: true,
              isRequired: true,
              maxLength: 2000,
              errorMessage: 'Please say what you disagree with.',
            },
          ],
          [execute('Record my disagreement', SIGN_VERBS.disagree, data, 'destructive')],
        ),
      ),
    );
  }
  if (view.disagreementOpen) {
    body.push(
      notice(
        'A disagreement with this record is open until the supervisor marks it resolved.',
        'warning',
      ),
    );
    if (view.viewerRole === 'supervisor')
      actions.push(
        execute('Mark the disagreement resolved', SIGN_VERBS.resolve, {
          sessionId: view.sessionId,
        }),
      );
  }
  return adaptiveCard(body, {
    actions,
    refresh: {
      verb: 'session.refresh',
      data: { sessionId: view.sessionId, card: 'sign' },
      userIds: view.refreshUserIds,
    },
    fallbackText: final
      ? 'The supervision record is signed by both.'
      : 'A supervision record is waiting for your signature.',
  });
}

function stateLine(s: SignatureState): string {
  switch (s.state) {
    case 'waiting':
      return 'waiting';
    case 'signed':
      return `signed ✓ ${formatInstant(s.at)}`;
    case 'disagreed':
      return `disagreed ${formatInstant(s.at)}: "${s.comment}"`;
    case 'voided':
      return `signature void (the record changed ${formatInstant(s.at)}); please sign again`;
  }
}
