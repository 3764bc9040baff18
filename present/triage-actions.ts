/**
 * The triage cards' buttons, by verb: each card's inputs become a `TriageCommand` for the
 * triage use-cases, and their `TriageOutcome` the card shown and the messages sent
 * (present/triage-views.ts renders both).
 */
import { SWAP_TO_HUB, TRIAGE_INPUTS, TRIAGE_VERBS, swapToInputId } from '../cards/triage-kit';
import type { OutboundMessage } from '../ports/notifier';
import type { CardActionHandler, CardActionResult, AppContext } from '../usecases/context';
import { runTriageTick } from '../usecases/triage-tick';
import { refreshTriage, takeDay } from '../usecases/triage-actions';
import type { TriageCommand, TriageOutcome } from '../usecases/triage-scope';
import { acceptCover, reportSick } from '../usecases/triage-sick-actions';
import { swapAccept, swapDecline, swapOffer } from '../usecases/triage-swap-actions';
import { refusalResult } from './card-result';
import { triageCard, triageMessages } from './triage-views';

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/** A triage card's inputs as the use-cases' command. */
export function triageCommandOf(userId: string, data: Record<string, unknown>): TriageCommand {
  const date = str(data.date);
  // A card listing several days names each day's colleague picker apart.
  const to = str(data[swapToInputId(date)]) || str(data[TRIAGE_INPUTS.swapTo]) || SWAP_TO_HUB;
  const cmd: TriageCommand = { userId, to };
  if (date) cmd.date = date;
  const requestId = str(data.requestId);
  if (requestId) cmd.requestId = requestId;
  const view = str(data.view);
  if (view) cmd.view = view;
  const giveBack = str(data[TRIAGE_INPUTS.giveBack]);
  if (giveBack) cmd.giveBack = giveBack;
  return cmd;
}

export function triageResult(o: TriageOutcome): CardActionResult {
  if (o.code !== 'done') return refusalResult(o);
  return {
    kind: 'card',
    card: triageCard(o.value.show),
    messages: triageMessages(o.value.messages),
  };
}

function verb(
  run: (ctx: AppContext, cmd: TriageCommand) => Promise<TriageOutcome>,
): CardActionHandler {
  return async (ctx, req) => triageResult(await run(ctx, triageCommandOf(req.userId, req.data)));
}

export const triageActions: Record<string, CardActionHandler> = {
  [TRIAGE_VERBS.take]: verb(takeDay),
  [TRIAGE_VERBS.swapOffer]: verb(swapOffer),
  [TRIAGE_VERBS.swapAccept]: verb(swapAccept),
  [TRIAGE_VERBS.swapDecline]: verb(swapDecline),
  [TRIAGE_VERBS.sick]: verb(reportSick),
  [TRIAGE_VERBS.coverAccept]: verb(acceptCover),
  [TRIAGE_VERBS.refresh]: verb(refreshTriage),
};

/** The triage tick's lapses and escalations (usecases/triage-tick.ts), as messages to send. */
export async function triageTickMessages(ctx: AppContext): Promise<OutboundMessage[]> {
  return triageMessages(await runTriageTick(ctx));
}
