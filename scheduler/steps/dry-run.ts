/** Tick step 7 on a dry run: what would be sent, and what the ledger says of each (nothing claimed). */
import type { PlannedNotification } from '../../ports/planned';
import type { TickRun } from '../tick-run';

export async function explainStep(
  { ledger, report }: TickRun,
  due: PlannedNotification[],
): Promise<void> {
  report.wouldSend = [];
  for (const p of due) {
    const e = await ledger.get(p.key);
    report.wouldSend.push({
      key: p.key,
      kind: p.kind,
      recipientId: p.recipientId,
      reason: p.reason ?? p.kind,
      ledger: e ? e.state : 'new',
    });
  }
}
