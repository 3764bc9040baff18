/**
 * "Triage": the Family Connect rota for one month as a calendar (Monday-first weeks), with
 * gaps (working days from today nobody covers), my days, and which of my days I can offer for
 * a swap. The swap itself goes through the card's use-case (usecases/triage-swap-actions.ts).
 */
import { addDays, dayOfWeek, firstOfMonth, lastOfMonth, monthOf } from '../policy/calendar';
import type { AppContext } from '../usecases/context';
import { listRequests, type SwapRequest } from '../usecases/triage-state';
import { canActOnDay, colleagues, isMember, loadTriage } from '../usecases/triage-scope';

export interface TriageDay {
  date: string;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  inMonth: boolean;
  rotaDay: boolean;
  memberId: string | null;
  memberName: string | null;
  hub: string | null;
  status: string | null;
  gap: boolean;
  /**
   * The holder cannot be there (recorded as away, left by that day, or not yet started): the
   * slot is a gap too (CONTRACT "Leavers on the rota").
   */
  holderAway: boolean;
  /** Why, when holderAway: `absent`, `left` or `not-started`. */
  holderUnavailable: 'absent' | 'left' | 'not-started' | null;
  /** Sickness cover by another hub than the one that was due: that hub. */
  coverFromHub: string | null;
  mine: boolean;
  past: boolean;
  canSwap: boolean;
  /** An open swap request on this day (the holder's offer). */
  swapOpen: boolean;
}

export interface TriageMonth {
  enabled: true;
  month: string;
  today: string;
  member: boolean;
  weeks: TriageDay[][];
  gapCount: number;
  myDayCount: number;
  colleagues: Array<{ id: string; name: string; hub: string | null }>;
  hubs: string[];
}

export type TriageResult = TriageMonth | { enabled: false; message: string };

export async function buildTriageMonth(
  ctx: AppContext,
  userId: string,
  month?: string,
): Promise<TriageResult> {
  const scope = await loadTriage(ctx);
  if (!scope) return { enabled: false, message: 'This organisation has no triage rota.' };
  const m = month ?? monthOf(scope.today);
  const first = firstOfMonth(m);
  const last = lastOfMonth(m);
  const member = isMember(scope, userId);
  const openSwaps = new Set(
    (await listRequests(ctx.kv))
      .map((r) => r.value)
      .filter((r): r is SwapRequest => r.kind === 'swap' && r.status === 'open')
      .map((r) => r.date),
  );
  // Monday on or before the 1st, Sunday on or after the last day.
  const start = addDays(first, -((dayOfWeek(first) + 6) % 7));
  const end = addDays(last, (7 - dayOfWeek(last)) % 7);
  const weeks: TriageDay[][] = [];
  let gapCount = 0;
  let myDayCount = 0;
  for (let d = start; d <= end; d = addDays(d, 1)) {
    const cover = scope.view.coverFor(d);
    const inMonth = d >= first && d <= last;
    const mine = cover.member?.id === userId;
    // Away, left or not yet started: the day is a gap (CONTRACT "Leavers on the rota").
    const holderAway = !!cover.member && cover.holderUnavailable !== null;
    const gap = cover.rotaDay && (!cover.member || holderAway) && d >= scope.today;
    const canSwap = mine && canActOnDay(scope, userId, d);
    if (inMonth && gap) gapCount++;
    if (inMonth && mine) myDayCount++;
    const day: TriageDay = {
      date: d,
      weekday: ((dayOfWeek(d) + 6) % 7) + 1,
      inMonth,
      rotaDay: cover.rotaDay,
      memberId: cover.member?.id ?? null,
      memberName: cover.member?.name ?? null,
      hub: cover.hub,
      status: cover.status,
      gap,
      holderAway,
      holderUnavailable: cover.holderUnavailable,
      coverFromHub: cover.coverFromHub,
      mine,
      past: d < scope.today,
      canSwap,
      swapOpen: openSwaps.has(d),
    };
    if (day.weekday === 1) weeks.push([]);
    weeks[weeks.length - 1]!.push(day);
  }
  return {
    enabled: true,
    month: m,
    today: scope.today,
    member,
    weeks,
    gapCount,
    myDayCount,
    colleagues: member
      ? colleagues(scope, userId).map((p) => ({ id: p.id, name: p.name, hub: p.hub }))
      : [],
    hubs: [...scope.settings.hubs],
  };
}
