/**
 * planNotifications (pure): from a snapshot, its findings and the stored escalation state,
 * everything that should have been sent by `now` (or later today), each under its
 * deterministic key. The tick filters by working hours and claims each key in the ledger, so
 * planning the same thing on every tick and on every instance is safe and intended.
 *
 * - coming-up: `profile.reminders.comingUpWorkingDays` working days before a scheduled
 *   one-to-one (default 5), to the supervisee and the supervisor;
 * - prep: `prepWorkingDays` before (default 2), to both (replaces coming-up once its day comes);
 * - confirm-request: to the supervisor once the session's end (start + planned minutes) has
 *   passed while it is still `scheduled`;
 * - sign-request: to each party whose signature a recently completed record is missing;
 * - the escalation ladder (policy/escalation-ladder.ts): L0 cards to whoever must act, and one digest
 *   per manager per working day listing their open L1/L2 escalations.
 */
import { addDays, londonDateOf, type WorkingCalendar } from '../policy/calendar';
import type { Instant, LocalDate, OrgSnapshot, Session } from '../policy/domain';
import type { Finding } from '../policy/findings';
import type { PolicyProfile } from '../policy/profile';
import { cachedLondonDate, workingDayMath } from '../policy/london-dates';
import { ladderSteps, type EscalationState } from '../policy/escalation-ladder';
import {
  comingUpKey,
  confirmKey,
  digestKey,
  escalationKey,
  prepKey,
  signKey,
  type Party,
  type PlannedNotification,
} from '../ports/planned';
import {
  DEFAULT_WORKING_HOURS,
  isSendingDay,
  workingMorning,
  type WorkingHours,
} from '../policy/working-hours';

/** L0 reminders not yet had by one person at which they come as one digest instead. */
export const CATCH_UP_AT = 3;

export interface PlanOptions {
  workingHours?: WorkingHours;
  /** Minutes assumed when a session has no plannedMinutes (default 60). */
  defaultSessionMinutes?: number;
  /** Sessions that ended longer ago than this are not asked about again (default 14 days). */
  confirmLookbackDays?: number;
  /** Records completed longer ago than this get no sign request (default 30 days). */
  signLookbackDays?: number;
  /** Staff ids of the admins (config ADMIN_IDS): they hear findings that name nobody else. */
  adminIds?: readonly string[];
}

function toIso(now: Instant | Date): Instant {
  return typeof now === 'string' ? new Date(now).toISOString() : now.toISOString();
}

function sessionEnd(s: Session, defaultMinutes: number): Instant {
  const ms = new Date(s.scheduledStart).getTime() + (s.plannedMinutes ?? defaultMinutes) * 60_000;
  return new Date(ms).toISOString();
}

export function planNotifications(
  snapshot: OrgSnapshot,
  findings: Finding[],
  profile: PolicyProfile,
  now: Instant | Date,
  calendar: WorkingCalendar,
  escalationState: EscalationState,
  options: PlanOptions = {},
): PlannedNotification[] {
  const nowIso = toIso(now);
  const today = londonDateOf(nowIso);
  const wh = options.workingHours ?? DEFAULT_WORKING_HOURS;
  const defaultMinutes = options.defaultSessionMinutes ?? 60;
  const present = new Set(
    snapshot.staff.filter((s) => !s.leftDate || s.leftDate >= today).map((s) => s.id),
  );
  const out: PlannedNotification[] = [];
  // Cheap ISO-string bounds first: London date conversions are the costly step, and most
  // sessions of a year's history are nowhere near a reminder.
  const DAY = 86_400_000;
  const nowMs = Date.parse(nowIso);
  const aheadIso = new Date(
    nowMs + (profile.reminders.comingUpWorkingDays * 2 + 21) * DAY,
  ).toISOString();
  const confirmFromIso = new Date(
    nowMs - ((options.confirmLookbackDays ?? 14) + 2) * DAY,
  ).toISOString();
  const signFromIso = new Date(nowMs - ((options.signLookbackDays ?? 30) + 2) * DAY).toISOString();
  const wd = workingDayMath(calendar);
  const mornings = new Map<LocalDate, Instant>();
  const morning = (d: LocalDate): Instant => {
    let m = mornings.get(d);
    if (!m) mornings.set(d, (m = workingMorning(d, wh)));
    return m;
  };
  const both: Array<[Party, 'superviseeId' | 'supervisorId']> = [
    ['supervisee', 'superviseeId'],
    ['supervisor', 'supervisorId'],
  ];

  for (const s of snapshot.sessions) {
    // A group session (CONTRACT "Group supervision") is only asked about afterwards: its
    // leader confirms it and ticks who attended; it has no reminders and no record to sign.
    const group = s.kind === 'group';
    if (s.kind !== 'one-to-one' && !group) continue;
    if (!present.has(s.supervisorId) || (!group && !present.has(s.superviseeId))) continue;
    const upcoming =
      !group &&
      s.status === 'scheduled' &&
      s.scheduledStart > nowIso &&
      s.scheduledStart < aheadIso;
    const toConfirm =
      s.status === 'scheduled' && s.scheduledStart <= nowIso && s.scheduledStart >= confirmFromIso;
    const toSign =
      !group && s.status === 'held' && !!s.recordCompletedAt && s.recordCompletedAt >= signFromIso;
    if (!upcoming && !toConfirm && !toSign) continue;
    const day = cachedLondonDate(s.scheduledStart);

    if (upcoming) {
      const prepDay = wd.subtract(day, profile.reminders.prepWorkingDays);
      const comingUpDay = wd.subtract(day, profile.reminders.comingUpWorkingDays);
      const kind = today >= prepDay ? 'prep' : today >= comingUpDay ? 'coming-up' : null;
      if (kind) {
        const from = kind === 'prep' ? prepDay : comingUpDay;
        for (const [party, field] of both) {
          out.push({
            key: kind === 'prep' ? prepKey(s.id, day, party) : comingUpKey(s.id, day, party),
            kind,
            recipientId: s[field],
            notBefore: morning(from),
            sessionId: s.id,
            party,
            reason: `${kind}: one-to-one ${s.id} on ${day}; ${kind} day ${from}`,
          });
        }
      }
    }

    if (toConfirm) {
      const end = sessionEnd(s, defaultMinutes);
      const lookback = addDays(today, -(options.confirmLookbackDays ?? 14));
      if (end <= nowIso && cachedLondonDate(end) >= lookback) {
        out.push({
          key: confirmKey(s.id, day),
          kind: 'confirm-request',
          recipientId: s.supervisorId,
          notBefore: end,
          sessionId: s.id,
          party: 'supervisor',
          reason: `confirm-request: one-to-one ${s.id} ended ${end} and is still scheduled`,
        });
      }
    }

    if (toSign && s.recordCompletedAt && s.recordCompletedAt <= nowIso) {
      const lookback = addDays(today, -(options.signLookbackDays ?? 30));
      if (cachedLondonDate(s.recordCompletedAt) >= lookback) {
        const missing: Array<[Party, string, boolean]> = [
          ['supervisor', s.supervisorId, !s.supervisorSignedAt],
          ['supervisee', s.superviseeId, !s.superviseeSignedAt],
        ];
        for (const [party, who, isMissing] of missing) {
          if (!isMissing) continue;
          out.push({
            key: signKey(s.id, party),
            kind: 'sign-request',
            recipientId: who,
            notBefore: s.recordCompletedAt,
            sessionId: s.id,
            party,
            reason: `sign-request: record of ${s.id} completed, ${party} signature missing`,
          });
        }
      }
    }
  }

  // The ladder: L0 cards individually; L1/L2 into one digest per manager per working day.
  // Catching up (a bot started on an organisation with history, or a pile of open findings):
  // someone with CATCH_UP_AT or more L0 reminders not yet had gets them all in that digest
  // instead, never a card per finding.
  const steps = ladderSteps(
    snapshot,
    findings,
    profile,
    today,
    calendar,
    escalationState,
    options.adminIds ?? [],
  );
  // One key per admin: each claims their own copy in the ledger.
  const keyOf = (step: (typeof steps)[number]): string =>
    step.admin
      ? escalationKey(`${step.finding.key}|admin|${step.recipientId}`, step.level)
      : escalationKey(step.finding.key, step.level);
  const had = escalationState.delivered ?? {};
  const pendingL0 = new Map<string, number>();
  for (const step of steps) {
    if (step.level !== 0 || had[keyOf(step)]) continue;
    pendingL0.set(step.recipientId, (pendingL0.get(step.recipientId) ?? 0) + 1);
  }
  const catchingUp = (id: string) => (pendingL0.get(id) ?? 0) >= CATCH_UP_AT;
  const byManager = new Map<string, typeof steps>();
  for (const step of steps) {
    const key = keyOf(step);
    const inDigest = step.level > 0 || (catchingUp(step.recipientId) && !had[key]);
    const base: PlannedNotification = {
      key,
      kind: 'escalation',
      recipientId: step.recipientId,
      notBefore: morning(step.since),
      findingKeys: [step.finding.key],
      level: step.level,
      reason: `escalation L${step.level}: ${step.finding.kind} (${step.finding.key}) due ${step.finding.due}${step.level === 0 && inDigest ? ' (in their catch-up digest)' : ''}`,
      ...(step.finding.sessionId ? { sessionId: step.finding.sessionId } : {}),
      ...(step.level === 0 && inDigest ? { viaDigest: true } : {}),
    };
    out.push(base);
    if (inDigest) {
      const list = byManager.get(step.recipientId) ?? [];
      list.push(step);
      byManager.set(step.recipientId, list);
    }
  }
  if (isSendingDay(today, wh, calendar)) {
    for (const [managerId, list] of [...byManager.entries()].sort((a, b) =>
      a[0] < b[0] ? -1 : 1,
    )) {
      // Not yet shown first, then oldest first: a digest shows only so many in full and marks
      // only those delivered, so the ones cut today lead tomorrow's.
      const rank = (s: (typeof list)[number]) =>
        `${had[keyOf(s)] ? 1 : 0}|${s.finding.due}|${s.finding.key}`;
      const sorted = [...list].sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
      out.push({
        key: digestKey(managerId, today),
        kind: 'digest',
        recipientId: managerId,
        notBefore: workingMorning(today, wh),
        findingKeys: sorted.map((s) => s.finding.key),
        escalationKeys: sorted.map(keyOf),
        reason: `digest: ${sorted.length} open escalation(s)${catchingUp(managerId) ? ' (catching up)' : ''} for ${managerId} on ${today}`,
      });
    }
  }
  return out;
}

/** The day part of an Instant in London (re-exported for callers that plan by day). */
export function planDay(now: Instant | Date): LocalDate {
  return londonDateOf(toIso(now));
}
