/**
 * The digest's escalation answers (`escalation.arranged`, `escalation.explained`): the form
 * becomes usecases/escalation-actions.ts's command, the outcome the "answered" card.
 */
import { escalationAnsweredCard } from '../cards/escalation-card';
import { answerInputId, ESCALATION_VERBS } from '../cards/escalation-kit';
import type { CardActionHandler, CardActionRequest } from '../usecases/context';
import { answerEscalation, type EscalationAnswer } from '../usecases/escalation-actions';
import { refusalResult } from './card-result';

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

function answerVerb(answer: EscalationAnswer): CardActionHandler {
  return async (ctx, req) => {
    const findingKey = str(req.data.findingKey);
    const o = await answerEscalation(ctx, {
      userId: req.userId,
      findingKey,
      answer,
      arrangedFor: field(req, 'arrangedFor', findingKey),
      reason: field(req, 'reason', findingKey),
      until: field(req, 'until', findingKey),
    });
    if (o.code !== 'done') return refusalResult(o);
    return { kind: 'card', card: escalationAnsweredCard(o.value) };
  };
}

export const escalationActions: Record<string, CardActionHandler> = {
  [ESCALATION_VERBS.arranged]: answerVerb('arranged'),
  [ESCALATION_VERBS.explained]: answerVerb('explained'),
};
