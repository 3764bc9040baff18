/**
 * `supervision-bot tick --data <folder> | --embedded --profile <id> [--now ISO] --dry-run
 *  [--format text|json]`, or `supervision-bot tick` alone: one real tick (cli/commands/tick-real.ts)
 *
 * Runs one scheduler tick in dry-run mode: loads the organisation (a CSV folder, or the
 * embedded store named by the STORE_* settings), evaluates it, plans, applies working hours,
 * and prints what would be sent now, to whom and why (and whether the ledger has already
 * sent it), plus what is waiting and until when. Nothing is claimed or sent: sending happens
 * inside the bot, which owns the Teams connection.
 */
import { parseDateTime } from '../../contract/values';
import { formatInstant } from '../../cards/card-kit';
import { WorkingCalendar } from '../../policy/calendar';
import { evaluate } from '../../policy/evaluate';
import { getProfile } from '../../policy/profiles';
import { ManualClock } from '../../ports/clock';
import type { KvStore } from '../../ports/kv-store';
import { silentLogger } from '../../ports/logger';
import type { ScheduleSource } from '../../ports/schedule';
import { SendQueue } from '../../delivery/send-queue';
import { runTick, type TickReport } from '../../scheduler/tick';
import { tickPlanners } from '../../scheduler/wiring';
import { parseWorkingHours } from '../../policy/working-hours';
import { SqliteKv } from '../../store/sqlite-kv';
import { lastDemoReading } from '../../store/demo-reading';
import { orgChoice, openOrg } from '../org-input';
import { runRealTick } from './tick-real';
import {
  requiredOption,
  stringOption,
  UsageError,
  type CliCommand,
  type CliIo,
  type CliValues,
} from '../command';

/** `Wed 25 Nov 2026, 08:30` (London): the cards' date style (issue 17). */
function london(at: string): string {
  return formatInstant(new Date(at).toISOString());
}

function text(r: TickReport, profile: string): string {
  const lines = [
    `Tick at ${london(r.at)} (London), profile ${profile}: ${r.findings} finding(s), ${r.planned} planned, ` +
      `${r.due} due now, ${r.deferred.length} waiting, ${r.viaDigest} escalation(s) inside digests.`,
  ];
  if (r.problems > 0)
    lines.push(`${r.problems} data row problem(s) (reported to ADMIN_IDS once a day).`);
  const would = r.wouldSend ?? [];
  lines.push('', would.length === 0 ? 'Nothing would be sent now.' : 'Would send now:');
  for (const w of would) {
    const state =
      w.ledger === 'new'
        ? ''
        : `  [ledger: ${w.ledger}${w.ledger === 'sent' ? ', not sent again' : ''}]`;
    lines.push(`  ${w.key} -> ${w.recipientId}${state}`, `      why: ${w.reason}`);
  }
  if (r.deferred.length > 0) {
    lines.push('', 'Waiting (working hours / not yet due):');
    for (const d of r.deferred) lines.push(`  ${d.key} until ${london(d.until)}`);
  }
  return `${lines.join('\n')}\n`;
}

async function run(values: CliValues, _positionals: string[], io: CliIo): Promise<number> {
  // Without --dry-run: one real tick, as a one-shot job (bot/tick-once.ts via tick-real.ts).
  if (values['dry-run'] !== true) {
    const dryOnly = ['data', 'embedded', 'profile', 'now', 'format'].filter(
      (o) => values[o] !== undefined,
    );
    if (dryOnly.length > 0) {
      throw new UsageError(
        `--${dryOnly[0]} is for --dry-run; a real tick uses the bot's own configuration (.env / environment)`,
      );
    }
    return runRealTick(io);
  }
  const choice = orgChoice(values, io);
  const profile = getProfile(requiredOption(values, 'profile'));
  const format = stringOption(values, 'format') ?? 'text';
  if (format !== 'json' && format !== 'text') throw new UsageError('--format must be text or json');
  const nowText = stringOption(values, 'now');
  // The contract's date-time: London wall clock, or ISO 8601 with an offset. Never
  // Date.parse alone, which reads a time without an offset in the machine's own zone.
  const nowIso = nowText === undefined ? io.clock.now().toISOString() : parseDateTime(nowText);
  if (nowIso === null)
    throw new UsageError(
      '--now must be a date-time: YYYY-MM-DDTHH:mm (London) or ISO 8601 with an offset, e.g. 2026-11-24T09:00:00Z',
    );
  let nowMs = Date.parse(nowIso);
  let workingHours;
  try {
    const [start, end] = (io.env.WORKING_HOURS?.trim() || '08:30-17:30')
      .split('-')
      .map((s) => s.trim());
    workingHours = parseWorkingHours({ ...(start ? { start } : {}), ...(end ? { end } : {}) });
  } catch (e) {
    throw new UsageError(`WORKING_HOURS ${(e as Error).message}`);
  }
  const adminIds = (io.env.ADMIN_IDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  const input = await openOrg(choice, io);
  let kv: KvStore;
  let source: ScheduleSource;
  if (input.embedded) {
    kv = input.kv;
    source = input.schedule;
    // The store `npm run dev` ran on (the same default path): its demo clock's last reading,
    // so the tick sees what the demo sees (bot/demo-clock.ts), unless --now says otherwise.
    const demo = nowText === undefined ? await lastDemoReading(kv) : undefined;
    if (demo) {
      nowMs = Date.parse(demo);
      io.stderr(
        `Demo store: planning at its demo clock's last reading, ${london(demo)} (London); --now for another time.\n`,
      );
    }
  } else {
    const { loaded } = input;
    kv = new SqliteKv(':memory:');
    source = { load: async () => loaded };
  }
  try {
    const clock = new ManualClock(new Date(nowMs));
    const report = await runTick({
      owner: 'cli-dry-run',
      source,
      kv,
      profile,
      calendar: new WorkingCalendar(),
      clock,
      logger: silentLogger,
      evaluate,
      // Never used in a dry run; the tick needs one to be complete.
      queue: new SendQueue({ send: async () => ({ status: 'failed', code: 'dry-run' }) }),
      planners: tickPlanners,
      workingHours,
      adminIds,
      dryRun: true,
    });
    if (report.error) {
      io.stderr(`tick: ${report.error}\n`);
      return 1;
    }
    io.stdout(
      format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : text(report, profile.id),
    );
    return 0;
  } finally {
    await kv.close();
  }
}

export const command: CliCommand = {
  name: 'tick',
  summary: 'Show what the scheduler would send now, to whom and why (dry run)',
  options: {
    data: { type: 'string', description: '<folder>  a folder of CSV files (the data contract)' },
    embedded: {
      type: 'boolean',
      description: 'read the embedded store (STORE_* settings) and its ledger',
    },
    profile: {
      type: 'string',
      description: '<id>  durham-eh | shropshire-teh | manchester-cs | telford-sf | islington-eh',
    },
    now: {
      type: 'string',
      description:
        '<date-time>  pretend it is this moment: YYYY-MM-DDTHH:mm London, or ISO with an offset (default: now)',
    },
    'dry-run': {
      type: 'boolean',
      description:
        'plan and explain, claim and send nothing (without it: one real tick with the bot configuration, as a one-shot job)',
    },
    format: {
      type: 'string',
      description: '<text|json>  a readable list (default) or the tick report as JSON',
    },
  },
  help: [
    'Example:',
    '  supervision-bot tick --data test/fixtures/demo-org --profile telford-sf --now 2026-11-24T09:00:00Z --dry-run',
    '',
    '  supervision-bot tick            one real tick (sends; needs SEND_ENABLED=true), for a timer-triggered job',
    '',
    'Working hours come from WORKING_HOURS (default 08:30-17:30), admins from ADMIN_IDS.',
    'Exit status: 0 when it ran, 1 when the data could not be loaded, 2 when the input is unusable.',
  ].join('\n'),
  run,
};
