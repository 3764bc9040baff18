/**
 * The tick's signature re-check (usecases/record-recheck.ts) with its re-requests rendered as
 * sign cards, in the shape the scheduler's recheck step delivers (scheduler/tick-types.ts
 * `RecheckFound`).
 */
import type { OrgSnapshot } from '../policy/domain';
import type { OutboundMessage } from '../ports/notifier';
import type { AppContext } from '../usecases/context';
import { recheckSignedRecords, type RecheckResult } from '../usecases/record-recheck';
import { signRequestMessages } from './sign-actions';

export type RenderedRecheck = Omit<RecheckResult, 'requests'> & { messages: OutboundMessage[] };

export async function recheckAndRender(
  ctx: AppContext,
  snapshot: OrgSnapshot,
  opts: { lookbackDays?: number; dryRun?: boolean } = {},
): Promise<RenderedRecheck> {
  const { requests, ...counts } = await recheckSignedRecords(ctx, snapshot, opts);
  return {
    ...counts,
    messages: requests.flatMap((r) => signRequestMessages(ctx, r.state, [r.request])),
  };
}
