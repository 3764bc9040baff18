/**
 * Sickness cover (003 "Triage Cover": "Sickness cover must be covered by the Hub that should
 * have been represented"); the cascade itself is rota/sick-cover.ts.
 *
 * - `triage.sick` (holder, today or a day ahead): the row becomes `sick` with no member (a gap
 *   everywhere), the hub's rota colleagues are asked; when the organisation asks other hubs
 *   (`sickCoverFromOtherHubs`, off by default) and it is already past the escalation time,
 *   team leaders of every hub are asked at once.
 * - `triage.cover.accept` (anyone asked): first accept wins (If-Match on the row); everyone
 *   else's card turns into "covered by …" via refresh.
 */
import { formatDate } from '../policy/date-words';
import { parseLocalDate } from '../policy/calendar';
import type { LocalDate, RotaDay } from '../policy/domain';
import { coveringMember } from '../policy/triage-coverage';
import { triageSickMessageKey } from '../ports/planned';
import { escalateAt, hubColleagues, secondRoundAsked } from '../rota/sick-cover';
import { rotaRules } from '../rota/settings';
import { canActAsHolder } from '../rota/swap-rules';
import type { AppContext } from './context';
import { done as answer, invalid, refused } from './outcome';
import { str } from './triage-swap-common';
import { changeRotaDay } from './triage-rota-write';
import {
  TRIAGE_REQUESTS_NS,
  getRequest,
  putNewRequest,
  requestKey,
  updateRequest,
  type SickRequest,
} from './triage-state';
import {
  NO_ROTA,
  isMember,
  loadTriage,
  nameOf,
  showSick,
  type TriageCommand,
  type TriageMessage,
  type TriageOutcome,
  type TriageScope,
} from './triage-scope';

export function sickMessage(
  scope: TriageScope,
  req: SickRequest,
  recipientId: string,
  tag: string,
  summary: string,
): TriageMessage {
  return {
    recipientId,
    view: showSick(scope, req, recipientId),
    summary,
    key: triageSickMessageKey(req.id, tag, recipientId),
  };
}

function askSummary(scope: TriageScope, req: SickRequest): string {
  return `Triage cover needed on ${formatDate(req.date)}: ${nameOf(scope, req.holderId)} is off sick`;
}

/**
 * Moves an open request to the second round when its time has come: team leaders of every hub
 * are added and asked. Returns the messages for the newly asked only.
 */
/** How long a report may take between claiming the request and flagging the rota row. */
const REPORT_WRITE_MS = 2 * 60_000;

/**
 * The request was claimed but the rota row still shows the holder on a day not flagged sick:
 * the report stopped between its two writes (a crash, an outage). The holder saw no
 * confirmation and nobody was asked, so team leaders must not be asked about a day that is,
 * on the rota, still covered; pressing "I'm off sick" again completes it (reportSick).
 */
async function reportNeverLanded(
  req: SickRequest,
  now: string,
  rowOn: (date: LocalDate) => RotaDay | undefined | Promise<RotaDay | undefined>,
): Promise<boolean> {
  // Younger than a report takes: still in flight (a double click), whatever the row says.
  if (Date.parse(now) - Date.parse(req.reportedAt) <= REPORT_WRITE_MS) return false;
  const row = await rowOn(req.date);
  return coveringMember(row) === req.holderId && row?.status !== 'sick';
}

export async function escalateSickIfDue(
  scope: TriageScope,
  req: SickRequest,
): Promise<{ req: SickRequest; messages: TriageMessage[] }> {
  const now = scope.ctx.clock.now().toISOString();
  if (req.status !== 'open' || req.stage !== 'hub' || req.escalateAt > now)
    return { req, messages: [] };
  // Cover stays in the hub that was due unless the organisation asks other hubs.
  if (!rotaRules(scope.settings).sickCoverFromOtherHubs) return { req, messages: [] };
  if (await reportNeverLanded(req, now, (d) => scope.view.row(d))) return { req, messages: [] };
  let added: string[] = [];
  const next = await updateRequest(scope.ctx.kv, 'sick', req.date, (cur) => {
    added = [];
    if (cur.id !== req.id || cur.status !== 'open' || cur.stage !== 'hub') return null;
    added = secondRoundAsked(
      scope.snapshot,
      scope.settings,
      cur.holderId,
      cur.date,
      cur.askedIds,
    ).map((s) => s.id);
    return { ...cur, stage: 'leaders', askedIds: [...cur.askedIds, ...added] };
  });
  const cur = next ?? req;
  if (added.length > 0)
    scope.ctx.logger.info('triage.sick.escalated', { date: req.date, asked: added.length });
  return {
    req: cur,
    messages: added.map((id) => sickMessage(scope, cur, id, 'leaders', askSummary(scope, cur))),
  };
}

/** Closes a request whose day has ended uncovered (the tick). */
export async function expireSickIfPast(scope: TriageScope, req: SickRequest): Promise<SickRequest> {
  if (req.status !== 'open' || req.date >= scope.today) return req;
  const now = scope.ctx.clock.now().toISOString();
  return (
    (await updateRequest(scope.ctx.kv, 'sick', req.date, (cur) =>
      cur.id === req.id && cur.status === 'open'
        ? { ...cur, status: 'expired', closedAt: now }
        : null,
    )) ?? req
  );
}

export async function reportSick(ctx: AppContext, r: TriageCommand): Promise<TriageOutcome> {
  const scope = await loadTriage(ctx);
  if (!scope) return refused(NO_ROTA);
  const date = parseLocalDate(str(r.date));
  if (!date) return invalid('This card is missing the day.');
  const existing = await getRequest(ctx.kv, 'sick', date);
  // An earlier report that stopped before flagging the row is reported again over (read
  // afresh: the snapshot may be older than the report).
  if (
    existing &&
    existing.value.holderId === r.userId &&
    existing.value.status === 'open' &&
    !(await reportNeverLanded(
      existing.value,
      ctx.clock.now().toISOString(),
      async (d) => (await ctx.writer.getRotaDay(d))?.value,
    ))
  ) {
    // Double click: the hub has already been asked.
    return answer({
      show: showSick(scope, existing.value, r.userId, {
        message: 'Your hub has been asked to cover.',
        tone: 'default',
      }),
      messages: [],
    });
  }
  const rule = (row: RotaDay | null) =>
    canActAsHolder({
      date,
      today: scope.today,
      calendar: ctx.calendar,
      isMember: isMember(scope, r.userId),
      userId: r.userId,
      row: row ?? undefined,
    });
  const before = (await ctx.writer.getRotaDay(date))?.value ?? null;
  const first = rule(before);
  if (!first.ok) return refused(first.message);

  // Sickness cover comes from the hub that should have been represented: the row's hub.
  const hub = before?.hub || scope.view.staff(r.userId)?.team || null;
  const now = ctx.clock.now().toISOString();
  const holderId = r.userId;
  const hubIds = hub
    ? hubColleagues(scope.snapshot, scope.settings, hub, holderId, date).map((s) => s.id)
    : [];
  const rules = rotaRules(scope.settings);
  const at = escalateAt(now, date, rules, scope.settings, ctx.calendar);
  // Other hubs are asked only when the organisation turns that on; then, past the escalation
  // time already (reported late on the day) or with nobody in the hub, they are asked now.
  const leadersNow = rules.sickCoverFromOtherHubs && (at <= now || hubIds.length === 0);
  const leaderIds = leadersNow
    ? secondRoundAsked(scope.snapshot, scope.settings, holderId, date, hubIds).map((s) => s.id)
    : [];
  const req: SickRequest = {
    kind: 'sick',
    id: `sick|${date}|${now}`,
    date,
    hub,
    holderId,
    reportedAt: now,
    escalateAt: at,
    stage: leadersNow ? 'leaders' : 'hub',
    askedIds: [...hubIds, ...leaderIds],
    status: 'open',
  };
  // Claim the request first (insert-if-absent): of two simultaneous clicks only one goes on.
  if (!(await putNewRequest(ctx.kv, req, existing))) {
    const other = await getRequest(ctx.kv, 'sick', date);
    if (other && other.value.holderId === r.userId && other.value.status === 'open') {
      return answer({ show: showSick(scope, other.value, r.userId), messages: [] });
    }
    return refused('This day changed just now; please look again.');
  }
  const write = await changeRotaDay(ctx.writer, date, (row) => {
    const ok = rule(row);
    return ok.ok ? { patch: { status: 'sick', memberId: undefined } } : { refuse: ok.message };
  });
  if (!write.ok) {
    // The row changed under us (e.g. swapped in SharePoint): drop the claim, nobody is asked.
    const mine = await getRequest(ctx.kv, 'sick', date);
    if (mine?.value.id === req.id)
      await ctx.kv.delete(TRIAGE_REQUESTS_NS, requestKey('sick', date), mine.etag);
    return refused(write.reason);
  }
  // A pending swap offer for this day is moot now.
  await updateRequest(ctx.kv, 'swap', date, (cur) =>
    cur.status === 'open' ? { ...cur, status: 'withdrawn', closedAt: now } : null,
  );
  ctx.logger.info('triage.sick.reported', {
    date,
    holderId,
    asked: req.askedIds.length,
    stage: req.stage,
  });
  return answer({
    show: showSick(scope, req, holderId, {
      message: req.askedIds.length
        ? `Get well soon. ${req.stage === 'hub' ? 'Your hub has' : 'Team leaders have'} been asked to cover ${formatDate(date)}.`
        : 'Get well soon. Nobody could be asked automatically; the day shows as a gap.',
      tone: 'good',
    }),
    messages: req.askedIds.map((id) => sickMessage(scope, req, id, 'ask', askSummary(scope, req))),
  });
}

export async function acceptCover(ctx: AppContext, r: TriageCommand): Promise<TriageOutcome> {
  const scope = await loadTriage(ctx);
  if (!scope) return refused(NO_ROTA);
  const date = parseLocalDate(str(r.date));
  if (!date) return invalid('This card is missing the day.');
  const stored = await getRequest(ctx.kv, 'sick', date);
  if (!stored || (str(r.requestId) && stored.value.id !== str(r.requestId)))
    return refused('This cover request is no longer current.');
  const req = stored.value;
  if (!req.askedIds.includes(r.userId) || !isMember(scope, r.userId))
    return refused('This cover request was not sent to you.');
  if (req.status === 'covered') {
    const notice =
      req.byId === r.userId
        ? undefined
        : { message: `${nameOf(scope, req.byId)} already took it.`, tone: 'warning' as const };
    return answer({ show: showSick(scope, req, r.userId, notice), messages: [] });
  }
  if (req.status !== 'open') return answer({ show: showSick(scope, req, r.userId), messages: [] });

  const write = await changeRotaDay(ctx.writer, date, (row) => {
    const who = coveringMember(row ?? undefined);
    if (who) return { refuse: who };
    if (date < scope.today) return { refuse: '' };
    return { patch: { memberId: r.userId, status: 'sick' } };
  });
  const now = ctx.clock.now().toISOString();
  if (!write.ok) {
    if (write.code !== 'refused') return refused(write.reason);
    const winner = write.reason;
    // Someone else got there first (another accept, or "Take this day" from the gaps card).
    const closed =
      (await updateRequest(ctx.kv, 'sick', date, (cur) =>
        cur.id === req.id && cur.status === 'open'
          ? winner
            ? { ...cur, status: 'covered', byId: winner, closedAt: now }
            : { ...cur, status: 'expired', closedAt: now }
          : null,
      )) ?? req;
    const message =
      winner === r.userId
        ? 'You already cover this day.'
        : winner
          ? `${nameOf(scope, winner)} already took it.`
          : 'This day has passed.';
    return answer({
      show: showSick(scope, closed, r.userId, {
        message,
        tone: winner === r.userId ? 'good' : 'warning',
      }),
      messages: [],
    });
  }
  const done =
    (await updateRequest(ctx.kv, 'sick', date, (cur) =>
      cur.id === req.id ? { ...cur, status: 'covered', byId: r.userId, closedAt: now } : null,
    )) ?? req;
  ctx.logger.info('triage.sick.covered', { date, byId: r.userId });
  return answer({
    show: showSick(scope, done, r.userId),
    messages: [
      sickMessage(
        scope,
        done,
        done.holderId,
        'covered',
        `${nameOf(scope, r.userId)} covers your triage day ${formatDate(date)}`,
      ),
    ],
  });
}
