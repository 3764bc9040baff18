/**
 * Evaluation bench: a generated organisation of 20,000 staff with three years of sessions,
 * evaluated under each of the five profiles (median of `--runs`), then 40,000 staff under the
 * default profile for the growth ratio (40k ÷ 20k, 2.0 = linear), and the cost of re-evaluating
 * after a one-item delta with the indexes kept (IncrementalEvaluator.update) against a full
 * evaluation, and the peak RSS once the first size is done (goal: under 1 GiB at 20,000). Times are CPU time of this process (user + system, the garbage collector's
 * helper threads included), so a machine busy with other work does not inflate them; the wall
 * time of the full evaluation is printed beside. Ends with one `goal` line per target.
 *
 *   NODE_OPTIONS=--max-old-space-size=8192 npm run bench:evaluate -- [--runs 3] [--sizes 20000,40000] [--years 3]
 */
import { cpus, loadavg } from 'node:os';
import { evaluate, IncrementalEvaluator } from '../policy/evaluate';
import type { OrgSnapshot } from '../policy/domain';
import { PROFILE_IDS, type ProfileId } from '../policy/profile';
import { getProfile } from '../policy/profiles';
import { generateOrganisation } from '../test/fixtures/generate-org';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const runs = Number(arg('runs', '3'));
const [small, large] = arg('sizes', '20000,40000').split(',').map(Number) as [number, number?];
const years = Number(arg('years', '3'));
const asOf = arg('as-of', '2026-11-24');
const ratioProfile = arg('profile', 'telford-sf') as ProfileId;
const DELTA_RUNS = 20;
/** A one-item delta should cost a small fraction of a full evaluation (issue 14). */
const DELTA_RATIO_GOAL = 0.05;
const RSS_GOAL_MB = 1024;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * CPU time of this process (user + system) spent in `fn`, in ms: on a machine shared with other
 * work, wall-clock time measures the other work too. The wall time is kept in `lastWallMs`.
 */
let lastWallMs = 0;
function ms(fn: () => unknown): number {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  lastWallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

function generate(staff: number): { org: OrgSnapshot; seconds: number } {
  const t0 = Date.now();
  // telford-sf data has everything the five profiles read (the triage rota too).
  const org = generateOrganisation({ staff, years, seed: 42, asOf, profile: 'telford-sf' });
  return { org, seconds: (Date.now() - t0) / 1000 };
}

function fullMedian(
  org: OrgSnapshot,
  profileId: ProfileId,
): { ms: number; wallMs: number; findings: number } {
  const profile = getProfile(profileId);
  let findings = evaluate(org, profile, asOf).findings.length; // warm-up
  const times: number[] = [];
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) {
    times.push(ms(() => (findings = evaluate(org, profile, asOf).findings.length)));
    walls.push(lastWallMs);
  }
  return { ms: median(times), wallMs: median(walls), findings };
}

/** One-item deltas: a scheduled session confirmed as held, each run another one. */
function deltaMedian(org: OrgSnapshot, profileId: ProfileId): number {
  const inc = new IncrementalEvaluator(getProfile(profileId));
  inc.evaluate(org, asOf);
  const candidates = org.sessions.filter(
    (s) => s.status === 'scheduled' && s.scheduledStart < asOf,
  );
  const times: number[] = [];
  for (let i = 0; i < DELTA_RUNS; i++) {
    const s = candidates[(i * 7919) % candidates.length]!;
    times.push(ms(() => inc.update({ sessions: [{ ...s, status: 'held', heldMinutes: 90 }] })));
  }
  return median(times);
}

const rssMb = () => process.resourceUsage().maxRSS / 1024;
const goals: string[] = [];
const goal = (name: string, measured: string, target: string, met: boolean) =>
  goals.push(`goal ${name}: measured ${measured} target ${target} ${met ? 'met' : 'not met'}`);

console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
const first = generate(small);
console.log(
  `generated ${small} staff × ${years} years: ${first.org.sessions.length} sessions, ` +
    `${first.org.actions.length} actions, ${first.org.cases.length} cases (${first.seconds.toFixed(0)} s)`,
);
const rows: Array<Record<string, string | number>> = [];
let ratioBase = 0;
for (const profileId of PROFILE_IDS) {
  const full = fullMedian(first.org, profileId);
  const delta = deltaMedian(first.org, profileId);
  if (profileId === ratioProfile) ratioBase = full.ms;
  console.log(
    `${profileId}: full p50 ${Math.round(full.ms)} ms CPU (${Math.round(full.wallMs)} ms wall; goal < 1000), ` +
      `one-item delta p50 ${delta.toFixed(1)} ms CPU, ` +
      `delta ÷ full ${(delta / full.ms).toFixed(4)}, ${full.findings} findings`,
  );
  rows.push({
    profile: profileId,
    findings: full.findings,
    'full p50 ms CPU': Math.round(full.ms),
    'wall ms': Math.round(full.wallMs),
    'goal ms': '< 1000',
    'one-item delta p50 ms CPU': delta.toFixed(1),
    'delta ÷ full': (delta / full.ms).toFixed(4),
  });
  goal(
    `evaluate-p50@${small}:${profileId}`,
    `${Math.round(full.ms)} ms`,
    '1000 ms',
    full.ms < 1000,
  );
  goal(
    `delta-vs-full@${small}:${profileId}`,
    (delta / full.ms).toFixed(4),
    `< ${DELTA_RATIO_GOAL.toFixed(3)}`,
    delta / full.ms < DELTA_RATIO_GOAL,
  );
}
console.log(
  `\nevaluate() as of ${asOf}, median of ${runs} runs after a warm-up; delta median of ${DELTA_RUNS}`,
);
console.table(rows);
const rssAtSmall = rssMb();
console.log(`peak RSS so far ${rssAtSmall.toFixed(0)} MB (the generator's included)`);
goal(
  `peak-rss@${small}`,
  `${rssAtSmall.toFixed(0)} MB`,
  `< ${RSS_GOAL_MB} MB`,
  rssAtSmall < RSS_GOAL_MB,
);

if (large) {
  first.org.sessions.length = 0; // let the 20k organisation go before generating 40k
  const second = generate(large);
  const full = fullMedian(second.org, ratioProfile);
  const ratio = full.ms / ratioBase;
  const linear = large / small;
  console.log(
    `\n${large} staff (${second.org.sessions.length} sessions), ${ratioProfile}: p50 ${Math.round(full.ms)} ms CPU (${Math.round(full.wallMs)} ms wall); ` +
      `${large}/${small} time ratio ${ratio.toFixed(2)} (linear = ${linear.toFixed(2)}); peak RSS ${rssMb().toFixed(0)} MB`,
  );
  // 2.1 for 40k/20k: linear (2.0) plus a little; scaled for other sizes.
  const limit = linear * 1.05;
  goal(`growth-${large}/${small}`, ratio.toFixed(2), `<= ${limit.toFixed(2)}`, ratio <= limit);
}
console.log(
  `\nload average at the end ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} (${cpus().length} cores)`,
);
for (const g of goals) console.log(g);
