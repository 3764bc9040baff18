/**
 * Card actions of the triage rota, dispatched by verb from usecases/card-actions.ts.
 * Rota changes only through `ctx.writer` (ETag-checked, usecases/triage-rota-write.ts);
 * pending offers and requests in `ctx.kv` (usecases/triage-state.ts).
 */
import { formatDate } from '../policy/date-words';
import { TRIAGE_VERBS } from '../cards/triage-kit';
import { parseLocalDate } from '../policy/calendar';
import { coveringMember, holderUnavailable, staffIndex } from '../policy/triage-coverage';
import type { OutboundMessage } from '../ports/notifier';
import { canTake } from '../rota/swap-rules';
import type { AppContext, CardActionHandler, CardActionRequest, CardActionResult } from './context';
import { acceptCover, escalateSickIfDue, reportSick, sickMessage } from './triage-sick-actions';
import { expireSwapIfDue, str } from './triage-swap-common';
import { swapAccept, swapDecline, swapOffer } from './triage-swap-actions';
import { changeRotaDay } from './triage-rota-write';
import { getRequest, updateRequest } from './triage-state';
import {
  NO_ROTA,
  gapsCard,
  isMember,
  listViewCard,
  loadTriage,
  nameOf,
  sickCard,
  swapCard,
  type Notice,
} from './triage-views';

/** "Take this day": a rota member takes an uncovered day; two at once → one wins, the other is told who. */
async function take(ctx: AppContext, r: CardActionRequest): Promise<CardActionResult> {
  const scope = await loadTriage(ctx);
  if (!scope) return { kind: 'refused', message: NO_ROTA };
  const date = parseLocalDate(str(r.data.date));
  if (!date) return { kind: 'invalid', message: 'This card is missing the day.' };
  const member = isMember(scope, r.userId);
  if (!member)
    return { kind: 'refused', message: 'Only members of the triage rota can cover the desk.' };
  const write = await changeRotaDay(ctx.writer, date, (row) => {
    const rule = canTake({
      date,
      today: scope.today,
      calendar: ctx.calendar,
      isMember: member,
      userId: r.userId,
      row: row ?? undefined,
      holderAway: (id) =>
        holderUnavailable(staffIndex(scope.snapshot.staff), scope.snapshot.absences, id, date) !==
        null,
    });
    if (rule.ok)
      return { patch: { memberId: r.userId, status: row?.status === 'sick' ? 'sick' : 'planned' } };
    return {
      refuse:
        rule.code === 'already-covered'
          ? `covered:${coveringMember(row ?? undefined)}`
          : rule.code === 'already-yours'
            ? 'mine'
            : rule.message,
    };
  });
  let notice: Notice;
  const messages: OutboundMessage[] = [];
  if (write.ok) {
    notice = { message: `You cover ${formatDate(date)}. Thank you.`, tone: 'good' };
    ctx.logger.info('triage.take', { date, byId: r.userId });
    // Taking a day that was out for sickness cover answers that request too.
    const now = ctx.clock.now().toISOString();
    let closedNow = false;
    const sick = await updateRequest(ctx.kv, 'sick', date, (cur) => {
      closedNow = cur.status === 'open';
      return closedNow ? { ...cur, status: 'covered', byId: r.userId, closedAt: now } : null;
    });
    if (sick && closedNow)
      messages.push(
        sickMessage(
          scope,
          sick,
          sick.holderId,
          'covered',
          `${nameOf(scope, r.userId)} covers your triage day ${formatDate(date)}`,
        ),
      );
  } else if (write.code === 'refused' && write.reason === 'mine') {
    notice = { message: `You already cover ${formatDate(date)}.`, tone: 'good' };
  } else if (write.code === 'refused' && write.reason.startsWith('covered:')) {
    notice = {
      message: `${nameOf(scope, write.reason.slice(8))} already took ${formatDate(date)}.`,
      tone: 'warning',
    };
  } else {
    return { kind: 'refused', message: write.reason };
  }
  // Answer with the list the button was on (gaps, week, readiness…), re-read after the change.
  const fresh = (await loadTriage(ctx)) ?? scope;
  const card =
    listViewCard(fresh, r.userId, str(r.data.view) || 'gaps', notice) ??
    gapsCard(fresh, r.userId, notice);
  return { kind: 'card', card, messages };
}

/** Re-renders whichever triage card asked (Universal Actions refresh, or the Refresh button). */
async function refresh(ctx: AppContext, r: CardActionRequest): Promise<CardActionResult> {
  const scope = await loadTriage(ctx);
  if (!scope) return { kind: 'refused', message: NO_ROTA };
  const view = str(r.data.view);
  const list = listViewCard(scope, r.userId, view);
  if (list) return { kind: 'card', card: list };
  switch (view) {
    case 'swap':
    case 'sick': {
      const date = parseLocalDate(str(r.data.date));
      if (!date) return { kind: 'invalid', message: 'This card is missing the day.' };
      if (view === 'swap') {
        const stored = await getRequest(ctx.kv, 'swap', date);
        if (!stored) return { kind: 'refused', message: 'This swap request is no longer current.' };
        const { req, messages } = await expireSwapIfDue(scope, stored.value);
        const stale = str(r.data.requestId) && req.id !== str(r.data.requestId);
        return {
          kind: 'card',
          card: swapCard(
            scope,
            req,
            r.userId,
            stale ? { message: 'A newer request replaced this one.', tone: 'default' } : undefined,
          ),
          messages,
        };
      }
      const stored = await getRequest(ctx.kv, 'sick', date);
      if (!stored) return { kind: 'refused', message: 'This cover request is no longer current.' };
      const { req, messages } = await escalateSickIfDue(scope, stored.value);
      return { kind: 'card', card: sickCard(scope, req, r.userId), messages };
    }
    default:
      return { kind: 'invalid', message: 'Unknown triage view.' };
  }
}

export const triageActions: Record<string, CardActionHandler> = {
  [TRIAGE_VERBS.take]: take,
  [TRIAGE_VERBS.swapOffer]: swapOffer,
  [TRIAGE_VERBS.swapAccept]: swapAccept,
  [TRIAGE_VERBS.swapDecline]: swapDecline,
  [TRIAGE_VERBS.sick]: reportSick,
  [TRIAGE_VERBS.coverAccept]: acceptCover,
  [TRIAGE_VERBS.refresh]: refresh,
};
