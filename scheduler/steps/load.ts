/** Tick step 2: load the organisation (and the rows that could not be read). */
import { errorCode } from '../../kernel/errors';
import type { RowProblem } from '../../contract/problems';
import type { OrgSnapshot } from '../../policy/domain';
import type { TickRun } from '../tick-run';

export interface Loaded {
  snapshot: OrgSnapshot;
  problems: RowProblem[];
}

/** null: the load failed (reported); nothing sensible can be planned, the next tick tries again. */
export async function loadStep({ deps, report }: TickRun): Promise<Loaded | null> {
  try {
    const { snapshot, problems } = await deps.source.load();
    report.problems = problems.length;
    return { snapshot, problems };
  } catch (err) {
    const code = errorCode(err);
    deps.logger.error('tick.load-failed', { code });
    report.error = `load failed: ${code}`;
    return null;
  }
}
