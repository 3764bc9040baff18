/**
 * The swap offer's shared pieces: its messages, and its lapse — an offer nobody answered in
 * time closes, the day stays with the holder and they are told (used by the actions, the
 * refresh and the tick).
 */
import { formatDate } from '../policy/date-words';
import { coveringMember } from '../policy/triage-coverage';
import { triageSwapMessageKey } from '../ports/planned';
import { updateRequest, type SwapRequest } from './triage-state';
import { showSwap, type TriageMessage, type TriageScope } from './triage-scope';

export function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

export function swapMessage(
  scope: TriageScope,
  req: SwapRequest,
  recipientId: string,
  tag: string,
  summary: string,
): TriageMessage {
  return {
    recipientId,
    view: showSwap(scope, req, recipientId),
    summary,
    key: triageSwapMessageKey(req.id, tag, recipientId),
  };
}

/** Closes an open offer whose time is up; the day stays with the holder, who is told. */
export async function expireSwapIfDue(
  scope: TriageScope,
  req: SwapRequest,
): Promise<{ req: SwapRequest; messages: TriageMessage[] }> {
  const now = scope.ctx.clock.now().toISOString();
  if (req.status !== 'open' || req.expiresAt > now) return { req, messages: [] };
  let expiredNow = false;
  const next = await updateRequest(scope.ctx.kv, 'swap', req.date, (cur) => {
    expiredNow = cur.id === req.id && cur.status === 'open';
    return expiredNow ? { ...cur, status: 'expired', closedAt: now } : null;
  });
  const closed = next && next.id === req.id ? next : req;
  // Whoever expired it tells the holder; everyone else just sees the closed state.
  if (!expiredNow) return { req: closed, messages: [] };
  scope.ctx.logger.info('triage.swap.expired', { date: req.date, holderId: req.holderId });
  // An acceptance that started before the deadline may have written the rota meanwhile: then
  // the day did not stay with the holder, and the accepter's own message says who took it.
  const row = (await scope.ctx.writer.getRotaDay(req.date))?.value;
  if (coveringMember(row) !== req.holderId) return { req: closed, messages: [] };
  return {
    req: closed,
    messages: [
      swapMessage(
        scope,
        closed,
        req.holderId,
        'expired',
        `Nobody took your triage day ${formatDate(req.date)}: it stays with you`,
      ),
    ],
  };
}
