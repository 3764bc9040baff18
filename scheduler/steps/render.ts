/**
 * The tick's renderer for one planned notification: the kinds the scheduler owns
 * (scheduler/render-own.ts), else the owning area's renderer (scheduler/wiring.ts). null: the
 * data moved on between planning and rendering, nothing to send.
 */
import { AppError } from '../../kernel/errors';
import type { Finding } from '../../policy/findings';
import type { PlannedNotification } from '../../ports/planned';
import { renderOwn, type Rendered } from '../render-own';
import type { TickRun } from '../tick-run';
import type { Loaded } from './load';

export type TickRender = (p: PlannedNotification) => Promise<Rendered | null>;

export function tickRenderer(
  { deps }: TickRun,
  { snapshot, problems }: Loaded,
  findings: Finding[],
): TickRender {
  const findingsByKey = new Map(findings.map((f) => [f.key, f]));
  return async (p) => {
    const own = renderOwn(p, {
      snapshot,
      findings: findingsByKey,
      problems,
      ...(deps.tabUrl ? { tabUrl: deps.tabUrl } : {}),
    });
    if (own || p.kind === 'escalation' || p.kind === 'digest' || p.kind === 'admin-problems')
      return own;
    const r = deps.renderers?.[p.kind];
    if (!r) throw new AppError('no-renderer', `no renderer for ${p.kind}`);
    return r(snapshot, p);
  };
}
