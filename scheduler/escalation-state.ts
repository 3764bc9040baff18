/**
 * Stored escalation state the planner reads: the answers managers gave (namespace
 * `escalation.state`, usecases/escalation-marks.ts) and the day each finding's
 * L1 escalation was delivered (from the ledger), which starts the clock for L2, and which
 * escalations (any level) have already reached their recipient.
 */
import { londonDateOf } from '../policy/calendar';
import type { KvStore } from '../ports/kv-store';
import type { Ledger } from '../delivery/ledger';
import { ESCALATION_KEY_PREFIX, parseEscalationKey } from '../ports/planned';
import type { EscalationState } from '../policy/escalation-ladder';
import { loadEscalationMarks } from '../usecases/escalation-marks';

export async function loadEscalationState(kv: KvStore, ledger: Ledger): Promise<EscalationState> {
  const marks = await loadEscalationMarks(kv);
  const level1On: Record<string, string> = {};
  const delivered: Record<string, string> = {};
  const reached: Record<string, string> = {};
  for (const { key, entry } of await ledger.list(ESCALATION_KEY_PREFIX)) {
    // L0 too: a person's catch-up digest (scheduler/plan.ts) lists only what they have not had.
    if (entry.state !== 'sent') continue;
    const on = londonDateOf(new Date(entry.updatedAt));
    delivered[key] = on;
    const esc = parseEscalationKey(key);
    if (!esc) continue;
    const first = reached[esc.findingKey];
    if (first === undefined || on < first) reached[esc.findingKey] = on;
    if (esc.level === 1) level1On[esc.findingKey] = on;
  }
  return { marks, level1On, delivered, reached };
}
