/**
 * Answers to an escalation, from the digest card:
 *
 * - `escalation.arranged` (date): the session is arranged; the finding stays quiet until that
 *   date plus the profile's grace working days (time to hold it and write it up);
 * - `escalation.explained` (reason required, until-date): quiet until that date.
 *
 * Only a manager the escalation is for may answer: the one it went to (a delivered L1/L2 entry
 * in the ledger names them) or the one the ladder sends it to today (the line manager may have
 * changed since); anyone else is refused and nothing changes. Submitting the same answer twice
 * stores it once. Resolution itself is never taken from a button: the finding disappears only
 * when the data shows the session held / the record completed (policy/escalation-ladder.ts).
 *
 * `answerEscalation` takes a typed command and answers an outcome with what is now stored
 * (present/escalation-actions.ts renders the answered card).
 */
import { londonDateOf, parseLocalDate } from '../policy/calendar';
import {
  emptyEscalationState,
  escalationRecipients,
  quietUntil,
  type EscalationMark,
} from '../policy/escalation-ladder';
import type { Json } from '../ports/kv-store';
import { escalationKey } from '../ports/planned';
import type { LocalDate } from '../policy/domain';
import type { AppContext } from './context';
import { ESCALATION_STATE_NS } from './escalation-marks';
import { done, invalid, refused, type Outcome } from './outcome';
import { loadAndEvaluate } from './queries';

const MAX_REASON = 500;
const MAX_AHEAD_DAYS = 366;

export type EscalationAnswer = 'arranged' | 'explained';

export interface EscalationAnswerCommand {
  userId: string;
  /** The finding the escalation is about (absent: the card carried none). */
  findingKey?: string;
  answer: EscalationAnswer;
  /** `arranged`: the date the session is arranged for (YYYY-MM-DD, as typed). */
  arrangedFor?: string;
  /** `explained`: why, and until when to keep it quiet (YYYY-MM-DD, as typed). */
  reason?: string;
  until?: string;
}

/** What is now stored for the finding (the same answer given twice is stored once). */
export interface EscalationAnswered {
  findingKey: string;
  /** The finding's kind (the key's first part). */
  kind: string;
  answer: EscalationAnswer;
  /** The finding stays quiet until this day. */
  quietUntil: LocalDate;
  arrangedFor?: LocalDate;
  reason?: string;
}

/**
 * Whether `userId` may answer: the ledger's delivered L1/L2 entries name who it went to; failing
 * that, whoever the ladder sends the finding to today (evaluated afresh, only on this path).
 */
async function mayAnswer(ctx: AppContext, findingKey: string, userId: string): Promise<boolean> {
  const state = emptyEscalationState();
  for (const level of [1, 2]) {
    const e = await ctx.deliveries.get(escalationKey(findingKey, level));
    if (!e || e.state !== 'sent') continue;
    if (e.recipientId === userId) return true;
    if (level === 1) state.level1On[findingKey] = londonDateOf(new Date(e.updatedAt));
  }
  const { snapshot, asOf, findings } = await loadAndEvaluate(ctx);
  const finding = findings.find((f) => f.key === findingKey);
  if (!finding) return false;
  return escalationRecipients(snapshot, finding, ctx.profile, asOf, ctx.calendar, state).includes(
    userId,
  );
}

function daysAhead(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export async function answerEscalation(
  ctx: AppContext,
  cmd: EscalationAnswerCommand,
): Promise<Outcome<EscalationAnswered>> {
  const kind = cmd.answer;
  const findingKey = (cmd.findingKey ?? '').trim();
  if (!findingKey) return invalid('This card is missing which matter it is about.');
  if (!(await mayAnswer(ctx, findingKey, cmd.userId))) {
    ctx.logger.warn('escalation.answer.refused', { answer: kind, userId: cmd.userId });
    return refused('Only the manager this was escalated to can answer it.');
  }
  const today = londonDateOf(ctx.clock.now());
  const mark: EscalationMark = { findingKey, by: cmd.userId, at: ctx.clock.now().toISOString() };
  if (kind === 'arranged') {
    const date = parseLocalDate(cmd.arrangedFor ?? '');
    if (!date) return invalid('Choose the date the session is arranged for.');
    if (date < today) return invalid('The arranged date cannot be in the past.');
    if (daysAhead(today, date) > MAX_AHEAD_DAYS) return invalid('Choose a date within a year.');
    mark.arrangedFor = date;
  } else {
    const reason = cmd.reason ?? '';
    const until = parseLocalDate(cmd.until ?? '');
    if (!reason) return invalid('A reason is required.');
    if (reason.length > MAX_REASON)
      return invalid(`Keep the reason under ${MAX_REASON} characters.`);
    if (!until || until <= today)
      return invalid('Choose a date after today to keep this quiet until.');
    if (daysAhead(today, until) > MAX_AHEAD_DAYS) return invalid('Choose a date within a year.');
    mark.reason = reason;
    mark.explainedUntil = until;
  }

  const existing = await ctx.kv.get(ESCALATION_STATE_NS, findingKey);
  const prev = existing?.value as unknown as EscalationMark | undefined;
  const same =
    prev &&
    prev.by === mark.by &&
    prev.arrangedFor === mark.arrangedFor &&
    prev.explainedUntil === mark.explainedUntil &&
    prev.reason === mark.reason;
  const stored = same ? prev : mark;
  if (!same) {
    await ctx.kv.upsert(ESCALATION_STATE_NS, findingKey, mark as unknown as Json);
    ctx.logger.info('escalation.answered', { answer: kind, userId: cmd.userId });
  }
  return done({
    findingKey,
    kind: findingKey.split('|')[0] ?? '',
    answer: kind,
    quietUntil: quietUntil(stored, ctx.profile, ctx.calendar) ?? today,
    ...(stored.arrangedFor ? { arrangedFor: stored.arrangedFor } : {}),
    ...(stored.reason ? { reason: stored.reason } : {}),
  });
}
