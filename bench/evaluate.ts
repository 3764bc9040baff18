/**
 * Benchmark: policy evaluation over synthetic organisations of 1,000 / 5,000 / 20,000 staff with
 * three years of sessions. Prints staff, sessions, findings, median evaluation time, µs per
 * staff and the per-staff cost relative to the smallest size (≈ 1 means linear).
 *
 *   npm run bench:evaluate [-- --profile telford-sf --runs 5 --sizes 1000,5000,20000]
 */
import { evaluate } from '../policy/evaluate';
import type { ProfileId } from '../policy/profile';
import { getProfile } from '../policy/profiles';
import { generateOrganisation } from '../test/fixtures/generate-org';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const profileId = arg('profile', 'telford-sf') as ProfileId;
const runs = Number(arg('runs', '5'));
const sizes = arg('sizes', '1000,5000,20000').split(',').map(Number);
const asOf = arg('as-of', '2026-11-24');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const profile = getProfile(profileId);
const rows: Array<Record<string, string | number>> = [];
let basePerStaff: number | null = null;
for (const staff of sizes) {
  const snapshot = generateOrganisation({ staff, years: 3, seed: 42, asOf, profile: profileId });
  evaluate(snapshot, profile, asOf); // warm-up (JIT, holiday tables, date caches)
  const times: number[] = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    findings = evaluate(snapshot, profile, asOf).findings.length;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const ms = median(times);
  const perStaff = (ms * 1000) / staff;
  basePerStaff ??= perStaff;
  rows.push({
    staff,
    sessions: snapshot.sessions.length,
    findings,
    'median ms': Math.round(ms),
    'µs/staff': Math.round(perStaff),
    'vs first': (perStaff / basePerStaff).toFixed(2),
  });
}
console.log(`evaluate(), profile ${profileId}, as of ${asOf}, median of ${runs} runs`);
console.table(rows);
