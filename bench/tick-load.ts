/**
 * Tick-load bench: what loading the organisation costs a tick in embedded mode
 * (scheduler/steps/load.ts → KvSchedule.load), at council size. One child generates an
 * organisation (20,000 staff × 3 years by default) and imports it into a SQLite store file, as
 * `supervision-bot import` does; another opens that file as the bot does and loads it:
 *
 * - the first load (a start: every row read and checked);
 * - the first evaluation (the start's tick: the whole organisation, its indexes kept);
 * - `--runs` ticks' loads by the bot's store, which keeps what it read (store/kept-tables.ts),
 *   each after `--changes` sessions were written by another writer, and each followed by the
 *   tick's evaluation of what it loaded, as the bot makes it (policy/kept-evaluation.ts: only
 *   what changed); the peak RSS of the process then (the goal: under 1 GiB);
 * - `--runs` loads by a store that keeps nothing between loads, after the same writes, each
 *   followed by a whole evaluation: what every tick cost before the rows and the evaluation
 *   were kept.
 *
 *   npm run bench:tick-load -- [--staff 20000] [--years 3] [--runs 3] [--changes 20] [--profile durham-eh]
 *
 * Times are CPU time of the process (user + system) with the wall time beside. Ends with one
 * `goal` line per target.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrgSnapshot } from '../policy/domain';
import { defaultCalendar } from '../policy/calendar';
import { evaluate } from '../policy/evaluate';
import { KeptEvaluation } from '../policy/kept-evaluation';
import type { ProfileId } from '../policy/profile';
import { getProfile } from '../policy/profiles';
import type { Json } from '../ports/kv-store';
import { importSnapshot, KvSchedule } from '../store/kv-schedule';
import { compareRows, NAMESPACES } from '../store/schedule-docs';
import { SqliteKv } from '../store/sqlite-kv';
import { generateOrganisation } from '../test/fixtures/generate-org';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const staff = Number(arg('staff', '20000'));
const years = Number(arg('years', '3'));
const runs = Number(arg('runs', '3'));
const changes = Number(arg('changes', '20'));
const profileId = arg('profile', 'durham-eh') as ProfileId;
const asOf = '2026-11-24';
const RSS_GOAL_MB = 1024;

interface Timed {
  cpuMs: number;
  wallMs: number;
}

async function timed(fn: () => Promise<unknown>): Promise<Timed> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const c = process.cpuUsage(c0);
  return { cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0 };
}

const fmt = (t: Timed) => `${Math.round(t.cpuMs)} ms CPU (${Math.round(t.wallMs)} ms wall)`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rssMb = () => process.resourceUsage().maxRSS / 1024;

/** Child mode: generate and import (the generator holds the whole organisation at once). */
async function write(file: string): Promise<void> {
  const org = generateOrganisation({ staff, years, seed: 42, asOf, profile: profileId });
  const kv = new SqliteKv(file);
  const r = await importSnapshot(kv, org, { concurrency: 64 });
  if (r.problems.length > 0) throw new Error(`import refused ${r.problems.length} rows`);
  await kv.close();
}

/** Child mode: the loads, as the bot makes them; one JSON line of figures. */
async function measure(file: string): Promise<void> {
  const kv = new SqliteKv(file);
  const profile = getProfile(profileId);
  const bot = new KvSchedule(kv);
  let round = 0;
  /** Another writer (an instance confirming sessions) changes `changes` sessions. */
  const write = async (sessions: ReadonlyArray<{ id: string }>) => {
    round++;
    for (let j = 0; j < changes; j++) {
      const s = sessions[(round * 7919 + j * 104729) % sessions.length]!;
      const got = await kv.get(NAMESPACES.sessions, s.id);
      const value = { ...(got!.value as Record<string, Json>), heldMinutes: 60 + (round % 30) };
      await kv.upsert(NAMESPACES.sessions, s.id, value);
    }
  };
  const tick = async (schedule: KvSchedule) => {
    let snapshot: OrgSnapshot | null = null;
    const load = await timed(async () => {
      snapshot = (await schedule.load()).snapshot;
    });
    return { load, snapshot: snapshot! as OrgSnapshot };
  };

  // The bot's pattern first: a start, then ticks, each loading (after another writer's
  // writes) and evaluating what it loaded, a second apart.
  const first = await tick(bot);
  const sessions = first.snapshot.sessions;
  const kept = new KeptEvaluation(compareRows);
  const evaluateAsTheBot = (snapshot: OrgSnapshot) =>
    timed(async () => kept.evaluate(snapshot, profile, asOf, defaultCalendar));
  const firstEvaluation = await evaluateAsTheBot(first.snapshot);
  const firstRssMb = rssMb();
  const firstRowsRead = bot.rowsRead;
  const keptLoads: Timed[] = [];
  const evaluations: Timed[] = [];
  const before = bot.rowsRead;
  for (let i = 0; i < runs; i++) {
    await write(sessions);
    const t = await tick(bot);
    keptLoads.push(t.load);
    evaluations.push(await evaluateAsTheBot(t.snapshot));
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const evaluatedBy = { ...kept.counts };
  const keptRowsRead = (bot.rowsRead - before) / runs;
  const botRssMb = rssMb();
  // Then what every tick cost before the rows and the evaluation were kept: a store that keeps
  // nothing (a new one each load), and a whole evaluation. Its whole copy sits beside the
  // bot's kept one, so the process's peak from here on is not the bot's (botRssMb is).
  const unkept: Timed[] = [];
  const whole: Timed[] = [];
  for (let i = 0; i < runs; i++) {
    await write(sessions);
    const t = await tick(new KvSchedule(kv));
    unkept.push(t.load);
    whole.push(await timed(async () => evaluate(t.snapshot, profile, asOf)));
  }
  console.log(
    JSON.stringify({
      sessions: sessions.length,
      first: first.load,
      firstEvaluation,
      firstRssMb,
      firstRowsRead,
      kept: keptLoads,
      evaluations,
      evaluatedBy,
      keptRowsRead,
      botRssMb,
      unkept,
      whole,
    }),
  );
  await kv.close();
}

function child(args: string[], heapMb?: number): string {
  const run = spawnSync(
    process.execPath,
    [
      ...process.execArgv,
      ...(heapMb ? [`--max-old-space-size=${heapMb}`] : []),
      __filename,
      ...args,
      ...process.argv.slice(2),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (run.status !== 0) throw new Error(`bench child ${args[0]} failed`);
  return run.stdout;
}

function main(): void {
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'bench-tick-load-'));
  const file = join(dir, 'org.sqlite');
  try {
    const t0 = Date.now();
    child(['--write', file], 8192);
    console.log(
      `${staff} staff × ${years} years (${profileId}) imported in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    );
    const line = child(['--measure', file])
      .split('\n')
      .find((l) => l.startsWith('{'))!;
    const m = JSON.parse(line) as {
      sessions: number;
      first: Timed;
      firstEvaluation: Timed;
      firstRssMb: number;
      firstRowsRead: number;
      kept: Timed[];
      evaluations: Timed[];
      evaluatedBy: { afresh: number; delta: number };
      keptRowsRead: number;
      botRssMb: number;
      unkept: Timed[];
      whole: Timed[];
    };
    const unkept = median(m.unkept.map((t) => t.cpuMs));
    const kept = median(m.kept.map((t) => t.cpuMs));
    console.log(
      `${m.sessions} sessions; ${changes} sessions written by another writer before each load`,
    );
    console.log(
      `first load (a start): ${fmt(m.first)}, ${m.firstRowsRead} rows read; its evaluation (whole, indexes kept): ${fmt(m.firstEvaluation)}; peak RSS then ${m.firstRssMb.toFixed(0)} MB`,
    );
    console.log(
      `a tick's load, keeping what it read: ${m.kept.map(fmt).join('; ')}; ${m.keptRowsRead} rows read a load`,
    );
    console.log(
      `a tick's evaluation of what it loaded, as the bot makes it: ${m.evaluations.map(fmt).join('; ')} (${m.evaluatedBy.delta} by delta, ${m.evaluatedBy.afresh} afresh, the start's included)`,
    );
    console.log(`peak RSS of the bot's loads and evaluations: ${m.botRssMb.toFixed(0)} MB`);
    console.log(`a load keeping nothing (every tick before): ${m.unkept.map(fmt).join('; ')}`);
    console.log(`kept ÷ keeping nothing, CPU medians: ${(kept / unkept).toFixed(3)}`);
    console.log(`a whole evaluation (every tick before): ${m.whole.map(fmt).join('; ')}`);
    const byDelta = median(m.evaluations.map((t) => t.cpuMs));
    const wholeMs = median(m.whole.map((t) => t.cpuMs));
    console.log(
      `a tick's evaluation ÷ a whole one, CPU medians: ${(byDelta / wholeMs).toFixed(4)}`,
    );
    console.log(
      `load average at the end ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `goal peak-rss-embedded@${staff}: measured ${m.botRssMb.toFixed(0)} MB target < ${RSS_GOAL_MB} MB ${m.botRssMb < RSS_GOAL_MB ? 'met' : 'not met'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const mode = process.argv[2];
if (mode === '--write' || mode === '--measure') {
  (mode === '--write' ? write : measure)(process.argv[3]!).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else main();
