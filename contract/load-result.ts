import type { OrgSnapshot } from '../policy/domain';
import type { RowProblem } from './problems';

/**
 * An organisation read through the contract: the snapshot and the rows it refused. Every reader
 * (CSV folder, SharePoint lists, the embedded store) answers with it, so it lives here with the
 * validation; `ports/schedule.ts` re-exports it as what `ScheduleSource.load()` returns.
 */
export interface LoadResult {
  snapshot: OrgSnapshot;
  /** Rows skipped because they break the contract; reported to admins, never fatal. */
  problems: RowProblem[];
}
