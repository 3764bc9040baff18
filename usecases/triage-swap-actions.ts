/**
 * Swaps (003 "Triage Cover": the holder arranges their own cover; a slot is never just removed).
 *
 * - `triage.swap.offer` (holder): ask one colleague, or every rota colleague in the hub. The
 *   day stays with the holder; the offer lapses after RotaRules.swapAnswerWorkingHours.
 * - `triage.swap.accept` (an asked colleague): the member changes only now, with If-Match on
 *   the row; optionally one of the accepter's days goes back to the holder.
 * - `triage.swap.decline`: when everyone asked has declined, the holder is told.
 */
import { formatDate } from '../policy/date-words';
import { parseLocalDate } from '../policy/calendar';
import { coveringMember } from '../policy/triage-coverage';
import { hubColleagues, swapExpiresAt } from '../rota/sick-cover';
import { rotaRules } from '../rota/settings';
import { canActAsHolder, canAcceptSwap } from '../rota/swap-rules';
import type { AppContext } from './context';
import { done as answer, invalid, refused, type Refusal } from './outcome';
import { changeRotaDay } from './triage-rota-write';
import { getRequest, putNewRequest, updateRequest, type SwapRequest } from './triage-state';
import { expireSwapIfDue, str, swapMessage } from './triage-swap-common';
import {
  NO_ROTA,
  SWAP_TO_HUB,
  isMember,
  loadTriage,
  nameOf,
  showSwap,
  type TriageCommand,
  type TriageMessage,
  type TriageOutcome,
  type TriageScope,
} from './triage-scope';

export async function swapOffer(ctx: AppContext, r: TriageCommand): Promise<TriageOutcome> {
  const scope = await loadTriage(ctx);
  if (!scope) return refused(NO_ROTA);
  const date = parseLocalDate(str(r.date));
  if (!date) return invalid('This card is missing the day.');
  const to = str(r.to) || SWAP_TO_HUB;
  const current = await ctx.writer.getRotaDay(date);
  const row = current?.value;
  const rule = canActAsHolder({
    date,
    today: scope.today,
    calendar: ctx.calendar,
    isMember: isMember(scope, r.userId),
    userId: r.userId,
    row,
  });
  if (!rule.ok) return refused(rule.message);

  let existing = await getRequest(ctx.kv, 'swap', date);
  // An offer that ran out but that no tick has closed yet: close it now (its notices go out
  // with the new offer's asks), then make the new offer over what it left.
  const lapsed: TriageMessage[] = [];
  if (existing?.value.status === 'open' && existing.value.holderId === r.userId) {
    const { req, messages } = await expireSwapIfDue(scope, existing.value);
    // A double click, or asking again while an offer is open: show it, send nothing new.
    if (req.status === 'open')
      return answer({
        show: showSwap(scope, req, r.userId, {
          message: 'Your swap request is already out.',
          tone: 'default',
        }),
        messages: [],
      });
    lapsed.push(...messages);
    existing = await getRequest(ctx.kv, 'swap', date);
  }
  const sick = await getRequest(ctx.kv, 'sick', date);
  if (sick?.value.status === 'open') return refused('This day is already out for sickness cover.');

  const hub = row?.hub || scope.view.staff(r.userId)?.team || null;
  let askedIds: string[];
  if (to === SWAP_TO_HUB) {
    askedIds = hub
      ? hubColleagues(scope.snapshot, scope.settings, hub, r.userId, date).map((s) => s.id)
      : [];
    if (askedIds.length === 0)
      return invalid(
        'Nobody else in your hub is free on the rota that day; choose a colleague instead.',
      );
  } else {
    if (to === r.userId) return invalid('Choose a colleague other than yourself.');
    if (!isMember(scope, to)) return invalid('That colleague is not on the triage rota.');
    askedIds = [to];
  }
  const now = ctx.clock.now().toISOString();
  const req: SwapRequest = {
    kind: 'swap',
    id: `swap|${date}|${now}`,
    date,
    hub,
    holderId: r.userId,
    askedIds,
    askedScope: to === SWAP_TO_HUB ? 'hub' : 'person',
    createdAt: now,
    expiresAt: swapExpiresAt(now, date, rotaRules(scope.settings), scope.settings, ctx.calendar),
    status: 'open',
    declinedIds: [],
  };
  if (!(await putNewRequest(ctx.kv, req, existing))) {
    const again = await getRequest(ctx.kv, 'swap', date);
    if (again)
      return answer({
        show: showSwap(scope, again.value, r.userId, {
          message: 'Your swap request is already out.',
          tone: 'default',
        }),
        messages: [],
      });
    return refused('Could not record the swap request; please try again.');
  }
  ctx.logger.info('triage.swap.offered', { date, holderId: r.userId, asked: askedIds.length });
  const summary = `${nameOf(scope, r.userId)} asks you to cover triage on ${formatDate(date)}`;
  return answer({
    show: showSwap(scope, req, r.userId, {
      message: 'Swap request sent. You keep the day until someone accepts.',
      tone: 'good',
    }),
    messages: [...lapsed, ...askedIds.map((id) => swapMessage(scope, req, id, 'ask', summary))],
  });
}

async function loadOpenSwap(
  scope: TriageScope,
  r: TriageCommand,
): Promise<{ req: SwapRequest } | { result: Refusal }> {
  const date = parseLocalDate(str(r.date));
  if (!date) return { result: invalid('This card is missing the day.') };
  const stored = await getRequest(scope.ctx.kv, 'swap', date);
  if (!stored || (str(r.requestId) && stored.value.id !== str(r.requestId))) {
    return { result: refused('This swap request is no longer current.') };
  }
  const req = stored.value;
  if (req.holderId !== r.userId && !req.askedIds.includes(r.userId)) {
    return { result: refused('This swap request was not sent to you.') };
  }
  return { req };
}

export async function swapAccept(ctx: AppContext, r: TriageCommand): Promise<TriageOutcome> {
  const scope = await loadTriage(ctx);
  if (!scope) return refused(NO_ROTA);
  const loaded = await loadOpenSwap(scope, r);
  if ('result' in loaded) return loaded.result;
  if (loaded.req.holderId === r.userId) return refused('You cannot accept your own swap.');
  const { req, messages: expiry } = await expireSwapIfDue(scope, loaded.req);
  if (req.status === 'accepted' && req.byId === r.userId)
    return answer({ show: showSwap(scope, req, r.userId), messages: [] });
  if (req.status !== 'open') {
    return answer({
      show: showSwap(scope, req, r.userId, { message: 'This swap is closed.', tone: 'warning' }),
      messages: expiry,
    });
  }
  if (!isMember(scope, r.userId))
    return refused('Only members of the triage rota can cover the desk.');
  const giveBackDate = parseLocalDate(str(r.giveBack)) ?? undefined;
  const giveBackRow = giveBackDate ? (await ctx.writer.getRotaDay(giveBackDate))?.value : undefined;
  const base = {
    date: req.date,
    today: scope.today,
    calendar: ctx.calendar,
    isMember: true,
    userId: r.userId,
    holderId: req.holderId,
  };

  const write = await changeRotaDay(ctx.writer, req.date, (row) => {
    const rule = canAcceptSwap({
      ...base,
      row: row ?? undefined,
      ...(giveBackDate ? { giveBack: { date: giveBackDate, row: giveBackRow } } : {}),
    });
    return rule.ok ? { patch: { memberId: r.userId, status: 'swapped' } } : { refuse: rule.code };
  });
  if (!write.ok) {
    if (write.code !== 'refused') return refused(write.reason);
    if (write.reason === 'give-back-invalid')
      return invalid('The day you offered back is no longer yours; choose another or none.');
    // The day changed hands (a colleague accepted first, or an edit in the list): close the offer.
    const holderNow = coveringMember(write.row ?? undefined);
    const now = ctx.clock.now().toISOString();
    const closed = await updateRequest(ctx.kv, 'swap', req.date, (cur) =>
      cur.id === req.id && cur.status === 'open'
        ? {
            ...cur,
            status: holderNow && cur.askedIds.includes(holderNow) ? 'accepted' : 'withdrawn',
            ...(holderNow ? { byId: holderNow } : {}),
            closedAt: now,
          }
        : null,
    );
    const msg = holderNow
      ? `${nameOf(scope, holderNow)} already has ${formatDate(req.date)}.`
      : 'The day changed in the rota; this swap is closed.';
    return answer({
      show: showSwap(scope, closed ?? req, r.userId, { message: msg, tone: 'warning' }),
      messages: [],
    });
  }

  let giveBackNote: string | undefined;
  let gaveBack: string | undefined;
  if (giveBackDate) {
    const back = await changeRotaDay(ctx.writer, giveBackDate, (row) =>
      coveringMember(row ?? undefined) === r.userId && giveBackDate >= scope.today
        ? { patch: { memberId: req.holderId, status: 'swapped' } }
        : { refuse: 'give-back-invalid' },
    );
    if (back.ok) gaveBack = giveBackDate;
    else
      giveBackNote = `You have ${formatDate(req.date)}, but ${formatDate(giveBackDate)} could not be given back (it changed); arrange it directly.`;
  }
  const now = ctx.clock.now().toISOString();
  const done =
    (await updateRequest(ctx.kv, 'swap', req.date, (cur) =>
      cur.id === req.id
        ? {
            ...cur,
            status: 'accepted',
            byId: r.userId,
            ...(gaveBack ? { giveBackDate: gaveBack } : {}),
            closedAt: now,
          }
        : null,
    )) ?? req;
  ctx.logger.info('triage.swap.accepted', {
    date: req.date,
    holderId: req.holderId,
    byId: r.userId,
    gaveBack: !!gaveBack,
  });
  return answer({
    show: showSwap(
      scope,
      done,
      r.userId,
      giveBackNote
        ? { message: giveBackNote, tone: 'warning' }
        : { message: `You cover ${formatDate(req.date)}.`, tone: 'good' },
    ),
    messages: [
      swapMessage(
        scope,
        done,
        req.holderId,
        'accepted',
        `${nameOf(scope, r.userId)} took your triage day ${formatDate(req.date)}`,
      ),
    ],
  });
}

export async function swapDecline(ctx: AppContext, r: TriageCommand): Promise<TriageOutcome> {
  const scope = await loadTriage(ctx);
  if (!scope) return refused(NO_ROTA);
  const loaded = await loadOpenSwap(scope, r);
  if ('result' in loaded) return loaded.result;
  const { req, messages } = await expireSwapIfDue(scope, loaded.req);
  if (req.status !== 'open')
    return answer({ show: showSwap(scope, req, r.userId), messages: messages });
  if (req.holderId === r.userId) return refused('This is your own offer.');
  const now = ctx.clock.now().toISOString();
  let closedNow = false;
  const next =
    (await updateRequest(ctx.kv, 'swap', req.date, (cur) => {
      closedNow = false;
      if (cur.id !== req.id || cur.status !== 'open' || cur.declinedIds.includes(r.userId))
        return null;
      const declinedIds = [...cur.declinedIds, r.userId];
      closedNow = cur.askedIds.every((id) => declinedIds.includes(id));
      return {
        ...cur,
        declinedIds,
        ...(closedNow ? { status: 'declined' as const, closedAt: now } : {}),
      };
    })) ?? req;
  const out: TriageMessage[] = [];
  // Only the click that closed the offer tells the holder (a double click sends nothing twice).
  if (closedNow) {
    out.push(
      swapMessage(
        scope,
        next,
        next.holderId,
        'declined',
        `Your triage swap for ${formatDate(req.date)} was declined: the day stays with you`,
      ),
    );
  }
  return answer({
    show: showSwap(scope, next, r.userId, { message: 'You declined.', tone: 'default' }),
    messages: out,
  });
}
