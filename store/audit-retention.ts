/**
 * Retention of the signatures audit: entries are kept for a fixed period after they were
 * signed and then deleted. The default (7 years) is a conservative choice for staff
 * supervision records; each council sets AUDIT_RETENTION_YEARS from its own retention
 * schedule. Meant to run daily; the only code that ever removes audit entries.
 */
import type { Clock } from '../ports/clock';
import type { KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import { silentLogger } from '../ports/logger';
import { SIGNATURES_NAMESPACE } from './schedule-docs';

export const DEFAULT_AUDIT_RETENTION_YEARS = 7;

export interface RetentionOptions {
  clock: Clock;
  retentionYears?: number;
  /** Count only. */
  dryRun?: boolean;
  logger?: Logger;
}

export interface RetentionResult {
  pruned: number;
  kept: number;
  /** Entries without a readable `at`: never deleted, reported so someone can look. */
  undated: number;
  /** Entries signed before this instant were (or, in a dry run, would be) removed. */
  cutoff: string;
}

/** The instant `years` calendar years before `now` (29 February falls back to 1 March). */
export function retentionCutoff(now: Date, years: number): Date {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

export async function pruneSignatureAudit(
  kv: KvStore,
  options: RetentionOptions,
): Promise<RetentionResult> {
  const years = options.retentionYears ?? DEFAULT_AUDIT_RETENTION_YEARS;
  if (!Number.isInteger(years) || years < 1) {
    throw new Error(`audit retention must be a whole number of years >= 1 (got ${years})`);
  }
  const logger = options.logger ?? silentLogger;
  const cutoff = retentionCutoff(options.clock.now(), years).getTime();
  const result: RetentionResult = {
    pruned: 0,
    kept: 0,
    undated: 0,
    cutoff: new Date(cutoff).toISOString(),
  };
  for (const entry of await kv.list(SIGNATURES_NAMESPACE)) {
    const at = (entry.value as { at?: unknown } | null)?.at;
    const time = typeof at === 'string' ? Date.parse(at) : NaN;
    if (Number.isNaN(time)) {
      result.undated++;
      continue;
    }
    if (time >= cutoff) {
      result.kept++;
      continue;
    }
    // With the etag: an entry rewritten meanwhile (it never should be) is left for next time.
    if (options.dryRun || (await kv.delete(SIGNATURES_NAMESPACE, entry.key, entry.etag))) {
      result.pruned++;
    } else {
      result.kept++;
    }
  }
  logger.info('audit.retention', {
    pruned: result.pruned,
    kept: result.kept,
    undated: result.undated,
    years,
    dryRun: options.dryRun ?? false,
  });
  return result;
}
