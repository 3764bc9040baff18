/**
 * The answers managers give to an escalation ("arranged", "explained"), stored per finding in
 * the KV namespace `escalation.state`. Written by the escalation actions (escalation-actions.ts);
 * read by the scheduler's planner (scheduler/escalation-state.ts) to keep a finding quiet.
 */
import type { EscalationMark } from '../policy/escalation-ladder';
import type { KvStore } from '../ports/kv-store';

export const ESCALATION_STATE_NS = 'escalation.state';

export async function loadEscalationMarks(kv: KvStore): Promise<Record<string, EscalationMark>> {
  const rows = await kv.list(ESCALATION_STATE_NS);
  const out: Record<string, EscalationMark> = {};
  for (const r of rows) out[r.key] = r.value as unknown as EscalationMark;
  return out;
}
