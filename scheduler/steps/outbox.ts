/**
 * Tick step 1, the outbox (delivery/outbox-resend.ts). Event messages (card actions, the tab, triage
 * steps) are not planned: those whose send failed, or whose sender died, are resent from the
 * outbox here, once (ledger claim), at any hour. It needs no organisation data, so it runs
 * first: a load failure cannot hold them up.
 */
import { resendOutbox } from '../../delivery/outbox-resend';
import type { TickRun } from '../tick-run';

export async function outboxStep({ deps, ledger, report }: TickRun): Promise<void> {
  if (deps.outbox === false) return;
  report.outbox = await resendOutbox({
    ...deps.outbox,
    kv: deps.kv,
    ledger,
    queue: deps.queue,
    clock: deps.clock,
    logger: deps.logger,
    owner: deps.owner,
    leaseMs: deps.leaseMs,
    ...(deps.reachable ? { reachable: deps.reachable } : {}),
    dryRun: !!deps.dryRun,
    shouldStop: deps.shouldStop,
  });
}
