/**
 * The triage rota's "take this day" and the re-read of a triage card; the swap and sickness
 * use-cases are triage-swap-actions.ts and triage-sick-actions.ts. Each takes a
 * `TriageCommand` and answers a `TriageOutcome` (usecases/triage-scope.ts): the card to show
 * and the messages to send, as views the edge renders (present/triage-actions.ts).
 * Rota changes only through `ctx.writer` (ETag-checked, usecases/triage-rota-write.ts);
 * pending offers and requests in `ctx.kv` (usecases/triage-state.ts).
 */
import { formatDate } from '../policy/date-words';
import { parseLocalDate } from '../policy/calendar';
import { coveringMember, holderUnavailable, staffIndex } from '../policy/triage-coverage';
import { canTake } from '../rota/swap-rules';
import type { AppContext } from './context';
import { done, invalid, refused } from './outcome';
import { escalateSickIfDue, sickMessage } from './triage-sick-actions';
import { expireSwapIfDue, str } from './triage-swap-common';
import { changeRotaDay } from './triage-rota-write';
import { getRequest, updateRequest } from './triage-state';
import {
  LIST_VIEWS,
  NO_ROTA,
  isMember,
  loadTriage,
  nameOf,
  showList,
  showSick,
  showSwap,
  type Notice,
  type TriageCommand,
  type TriageMessage,
  type TriageOutcome,
} from './triage-scope';

/** "Take this day": a rota member takes an uncovered day; two at once → one wins, the other is told who. */
export async function takeDay(ctx: AppContext, r: TriageCommand): Promise<TriageOutcome> {
  const scope = await loadTriage(ctx);
  if (!scope) return refused(NO_ROTA);
  const date = parseLocalDate(str(r.date));
  if (!date) return invalid('This card is missing the day.');
  const member = isMember(scope, r.userId);
  if (!member) return refused('Only members of the triage rota can cover the desk.');
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
  const messages: TriageMessage[] = [];
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
    return refused(write.reason);
  }
  // Answer with the list the button was on (gaps, week, readiness…), re-read after the change.
  const fresh = (await loadTriage(ctx)) ?? scope;
  return done({ show: showList(fresh, r.userId, str(r.view) || 'gaps', notice), messages });
}

/** Re-renders whichever triage card asked (Universal Actions refresh, or the Refresh button). */
export async function refreshTriage(ctx: AppContext, r: TriageCommand): Promise<TriageOutcome> {
  const scope = await loadTriage(ctx);
  if (!scope) return refused(NO_ROTA);
  const view = str(r.view);
  if (LIST_VIEWS.has(view)) return done({ show: showList(scope, r.userId, view), messages: [] });
  switch (view) {
    case 'swap':
    case 'sick': {
      const date = parseLocalDate(str(r.date));
      if (!date) return invalid('This card is missing the day.');
      if (view === 'swap') {
        const stored = await getRequest(ctx.kv, 'swap', date);
        if (!stored) return refused('This swap request is no longer current.');
        const { req, messages } = await expireSwapIfDue(scope, stored.value);
        const stale = str(r.requestId) && req.id !== str(r.requestId);
        return done({
          show: showSwap(
            scope,
            req,
            r.userId,
            stale ? { message: 'A newer request replaced this one.', tone: 'default' } : undefined,
          ),
          messages: messages,
        });
      }
      const stored = await getRequest(ctx.kv, 'sick', date);
      if (!stored) return refused('This cover request is no longer current.');
      const { req, messages } = await escalateSickIfDue(scope, stored.value);
      return done({ show: showSick(scope, req, r.userId), messages: messages });
    }
    default:
      return invalid('Unknown triage view.');
  }
}
