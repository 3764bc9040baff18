/**
 * Shropshire (001 "Frequency"): "If a supervisor is absent from work for more than one month,
 * their line manager should ensure that arrangements are made for the effective supervision of
 * the staff for whom they are responsible." While a `supervisor-absent` finding stands, what
 * would have gone to that supervisor (their supervisees' gaps, records, signatures...) goes to
 * the line manager arranging cover instead: a reminder to someone who is away reaches nobody.
 */
import type { Finding } from '../findings';
import type { RuleContext } from './context';

export function routeAroundAbsentSupervisors(
  ctx: RuleContext,
  findings: Finding[],
  /** Who covers whom, when the caller already knows (from the supervisor-absent findings). */
  coverBy: Map<string, string> = coverFrom(findings),
): Finding[] {
  if (!coverBy.size) return findings;
  return findings.map((f) => {
    const cover = f.kind === 'supervisor-absent' || !f.notify ? undefined : coverBy.get(f.notify);
    if (!cover) return f;
    // Escalating to the person who now acts would say nothing new: go one level above them.
    const escalateTo = f.escalateTo === cover ? ctx.hierarchy.nextLevelUp(cover) : f.escalateTo;
    return {
      ...f,
      notify: cover,
      escalateTo,
      detail: `${f.detail} (their supervisor ${f.notify} is absent: for ${cover} to arrange cover)`,
    };
  });
}

/** The line manager arranging cover, per absent supervisor, from supervisor-absent findings. */
export function coverFrom(findings: readonly Finding[]): Map<string, string> {
  const coverBy = new Map<string, string>();
  for (const f of findings)
    if (f.kind === 'supervisor-absent' && f.notify) coverBy.set(f.staffId, f.notify);
  return coverBy;
}
