/**
 * The sickness cover cascade (003 "Triage Cover": "Sickness cover must be covered by the Hub
 * that should have been represented").
 *
 * 1. The holder reports sick for today or a day ahead: the day is flagged `sick` and its
 *    member cleared, so it shows as a gap everywhere.
 * 2. Rota members of the day's hub are asked.
 * 3. Only when the organisation turns on `sickCoverFromOtherHubs` (off by default: cover stays
 *    in the hub that was due, CONTRACT "Sickness cover stays in the hub"): if nobody accepts by
 *    the escalation time (RotaRules: N desk hours after the report, and on the day itself never
 *    later than 10:00), the team leaders of every hub are asked too.
 * 4. The first colleague to accept takes the day (ETag-checked write); everyone else's card
 *    turns into "covered by …".
 */
import { londonInstant, type WorkingCalendar } from '../policy/calendar';
import type { Instant, LocalDate, OrgSnapshot, Staff } from '../policy/domain';
import type { TriageSettings } from '../policy/profile';
import { isAbsent, rotaMembers } from './members';
import { rotaRules, type RotaRules } from './settings';
import { addWorkingHours } from '../policy/working-hours';

/** Rota members of the hub, except the sick holder and anyone absent that day. */
export function hubColleagues(
  snapshot: OrgSnapshot,
  settings: TriageSettings,
  hub: string,
  holderId: string,
  date: LocalDate,
): Staff[] {
  return rotaMembers(snapshot, settings, date).filter(
    (s) => s.team === hub && s.id !== holderId && !isAbsent(snapshot, s.id, date),
  );
}

/**
 * The second round: team leaders of every hub on the rota, except those already asked; nobody
 * when the organisation keeps sickness cover in the hub (the default).
 */
export function secondRoundAsked(
  snapshot: OrgSnapshot,
  settings: TriageSettings,
  holderId: string,
  date: LocalDate,
  alreadyAsked: readonly string[],
): Staff[] {
  if (!rotaRules(settings).sickCoverFromOtherHubs) return [];
  return allHubLeaders(snapshot, settings, holderId, date, alreadyAsked);
}

/** Team leaders of every hub on the rota, except those already asked. */
export function allHubLeaders(
  snapshot: OrgSnapshot,
  settings: TriageSettings,
  holderId: string,
  date: LocalDate,
  alreadyAsked: readonly string[],
): Staff[] {
  return rotaMembers(snapshot, settings, date).filter(
    (s) =>
      s.role === 'team-leader' &&
      s.id !== holderId &&
      !alreadyAsked.includes(s.id) &&
      !isAbsent(snapshot, s.id, date),
  );
}

/**
 * When team leaders of all hubs are asked: `sickHubWorkingHours` desk hours after the report,
 * but on the day itself no later than `sickSameDayEscalateAt`. May be at or before `reportedAt`
 * (reported late on the day itself): then both rounds are asked at once.
 */
export function escalateAt(
  reportedAt: Instant,
  date: LocalDate,
  rules: RotaRules,
  settings: TriageSettings,
  calendar: WorkingCalendar,
): Instant {
  const afterHours = addWorkingHours(
    reportedAt,
    rules.sickHubWorkingHours,
    calendar,
    settings.deskHours,
  );
  const sameDay = londonInstant(date, rules.sickSameDayEscalateAt);
  return afterHours < sameDay ? afterHours : sameDay;
}

/** When an unanswered swap offer lapses: N desk hours after it, never past the day's desk start
 * (or, offered on the day itself, its desk end). */
export function swapExpiresAt(
  offeredAt: Instant,
  date: LocalDate,
  rules: RotaRules,
  settings: TriageSettings,
  calendar: WorkingCalendar,
): Instant {
  const afterHours = addWorkingHours(
    offeredAt,
    rules.swapAnswerWorkingHours,
    calendar,
    settings.deskHours,
  );
  // Offered on the day itself (after the desk opened): it can wait until the desk closes.
  let limit = londonInstant(date, settings.deskHours.start);
  if (limit <= offeredAt) limit = londonInstant(date, settings.deskHours.end);
  return afterHours < limit ? afterHours : limit;
}
