/**
 * Time-driven steps of pending triage requests, run by the scheduler's tick (or the bot on a
 * timer): an unanswered swap offer lapses (the day stays with the holder, who is told); a
 * sickness request nobody in the hub took goes to team leaders of every hub; a request whose
 * day has passed closes. Also done lazily whenever a card is acted on or refreshed.
 * Returns the messages to send (deterministic keys: the ledger sends each once).
 */
import type { AppContext } from './context';
import { escalateSickIfDue, expireSickIfPast } from './triage-sick-actions';
import { expireSwapIfDue } from './triage-swap-common';
import { listRequests } from './triage-state';
import { loadTriage, type TriageMessage } from './triage-scope';

export async function runTriageTick(ctx: AppContext): Promise<TriageMessage[]> {
  const scope = await loadTriage(ctx);
  if (!scope) return [];
  const out: TriageMessage[] = [];
  for (const { value: req } of await listRequests(ctx.kv)) {
    if (req.status !== 'open') continue;
    if (req.kind === 'swap') {
      out.push(...(await expireSwapIfDue(scope, req)).messages);
    } else {
      const closed = await expireSickIfPast(scope, req);
      if (closed.status === 'open') out.push(...(await escalateSickIfDue(scope, closed)).messages);
    }
  }
  return out;
}
