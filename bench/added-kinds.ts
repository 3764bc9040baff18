/**
 * Benchmark: what the kinds added by issue 12 (no-supervisor, group-supervision-gap,
 * disagreement-open, return-supervision-due) cost an evaluation. Synthetic organisations
 * (test/fixtures/generate-org: three years of sessions, no group sessions recorded) evaluated
 * with those kinds switched off and on; prints the median of 5 runs and the finding counts.
 *
 *   npx tsx bench/added-kinds.ts
 */
import { evaluate } from '../policy/evaluate';
import { getProfile } from '../policy/profiles';
import { generateOrganisation } from '../test/fixtures/generate-org';
const off = {
  enabled: {
    'no-supervisor': false,
    'group-supervision-gap': false,
    'disagreement-open': false,
    'return-supervision-due': false,
  },
};
for (const id of ['durham-eh', 'islington-eh'] as const) {
  for (const size of [1000, 5000]) {
    const org = generateOrganisation({
      staff: size,
      years: 3,
      seed: 7,
      asOf: '2026-11-24',
      profile: id,
    });
    const t = (p: ReturnType<typeof getProfile>) => {
      const xs: number[] = [];
      let n = 0;
      for (let i = 0; i < 5; i++) {
        const a = performance.now();
        n = evaluate(org, p, '2026-11-24').findings.length;
        xs.push(performance.now() - a);
      }
      xs.sort((a, b) => a - b);
      return { ms: xs[2]!.toFixed(0), n };
    };
    const without = t(getProfile(id, off));
    const withK = t(getProfile(id));
    console.log(
      `${id} staff=${size} sessions=${org.sessions.length}: without new kinds ${without.ms} ms (${without.n} findings), with ${withK.ms} ms (${withK.n} findings)`,
    );
  }
}
