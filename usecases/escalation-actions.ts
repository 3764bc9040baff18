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
 */
import { escalationAnsweredCard } from '../cards/escalation-card';
import { answerInputId, ESCALATION_VERBS } from '../cards/escalation-kit';
import { londonDateOf, parseLocalDate } from '../policy/calendar';
import {
  emptyEscalationState,
  escalationRecipients,
  quietUntil,
  type EscalationMark,
} from '../policy/escalation-ladder';
import type { Json } from '../ports/kv-store';
import { escalationKey } from '../ports/planned';
import type { AppContext, CardActionHandler, CardActionRequest, CardActionResult } from './context';
import { ESCALATION_STATE_NS } from './escalation-marks';
import { loadAndEvaluate } from './queries';

const MAX_REASON = 500;
const MAX_AHEAD_DAYS = 366;

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/** A form field: the digest names inputs `<field>:<findingKey>` (unique per card). */
function field(
  req: CardActionRequest,
  name: 'arrangedFor' | 'reason' | 'until',
  findingKey: string,
): string {
  return str(req.data[answerInputId(name, findingKey)]) || str(req.data[name]);
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

async function answer(
  ctx: AppContext,
  req: CardActionRequest,
  kind: 'arranged' | 'explained',
): Promise<CardActionResult> {
  const findingKey = str(req.data.findingKey);
  if (!findingKey)
    return { kind: 'invalid', message: 'This card is missing which matter it is about.' };
  if (!(await mayAnswer(ctx, findingKey, req.userId))) {
    ctx.logger.warn('escalation.answer.refused', { verb: req.verb, userId: req.userId });
    return { kind: 'refused', message: 'Only the manager this was escalated to can answer it.' };
  }
  const today = londonDateOf(ctx.clock.now());
  const mark: EscalationMark = { findingKey, by: req.userId, at: ctx.clock.now().toISOString() };
  if (kind === 'arranged') {
    const date = parseLocalDate(field(req, 'arrangedFor', findingKey));
    if (!date) return { kind: 'invalid', message: 'Choose the date the session is arranged for.' };
    if (date < today)
      return { kind: 'invalid', message: 'The arranged date cannot be in the past.' };
    if (daysAhead(today, date) > MAX_AHEAD_DAYS)
      return { kind: 'invalid', message: 'Choose a date within a year.' };
    mark.arrangedFor = date;
  } else {
    const reason = field(req, 'reason', findingKey);
    const until = parseLocalDate(field(req, 'until', findingKey));
    if (!reason) return { kind: 'invalid', message: 'A reason is required.' };
    if (reason.length > MAX_REASON)
      return { kind: 'invalid', message: `Keep the reason under ${MAX_REASON} characters.` };
    if (!until || until <= today)
      return { kind: 'invalid', message: 'Choose a date after today to keep this quiet until.' };
    if (daysAhead(today, until) > MAX_AHEAD_DAYS)
      return { kind: 'invalid', message: 'Choose a date within a year.' };
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
    ctx.logger.info('escalation.answered', { verb: req.verb, userId: req.userId });
  }
  const quiet = quietUntil(stored, ctx.profile, ctx.calendar) ?? today;
  return {
    kind: 'card',
    card: escalationAnsweredCard({
      findingKey,
      kind: findingKey.split('|')[0] ?? '',
      answer: kind,
      quietUntil: quiet,
      ...(stored.arrangedFor ? { arrangedFor: stored.arrangedFor } : {}),
      ...(stored.reason ? { reason: stored.reason } : {}),
    }),
  };
}

export const escalationActions: Record<string, CardActionHandler> = {
  [ESCALATION_VERBS.arranged]: (ctx, req) => answer(ctx, req, 'arranged'),
  [ESCALATION_VERBS.explained]: (ctx, req) => answer(ctx, req, 'explained'),
};
