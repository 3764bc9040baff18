/**
 * Fan-out bench: 10,000 staff with a reminder due at the same moment, sent by one scheduler
 * tick through the real SendQueue and the bot's ConnectorNotifier (botbuilder's connector
 * client, real HTTP) to the Bot Connector test server, which enforces Teams' limits with 429s.
 *
 * Prints: total send time against the 50-per-second floor (ratio = floor / actual; 1.0 is the
 * best Teams allows), 429s seen, duplicates (must be 0: a second tick and a second instance
 * send nothing more), and the tick's evaluation cost on a realistic 10,000-staff organisation.
 *
 *   npm run bench:fanout -- [--staff 10000] [--latency 20] [--seed 7] [--simple-cards]
 */
import { Ledger } from '../scheduler/ledger';
import { londonInstant, WorkingCalendar } from '../policy/calendar';
import { emptySnapshot, type OrgSnapshot } from '../policy/domain';
import { evaluate } from '../policy/evaluate';
import { getProfile } from '../policy/profiles';
import { ManualClock, type Clock } from '../ports/clock';
import { silentLogger } from '../ports/logger';
import type { ScheduleSource } from '../ports/schedule';
import { createAdapter } from '../bot/adapter';
import { ConnectorNotifier } from '../bot/connector-notifier';
import { ConversationRefs } from '../bot/conversation-refs';
import { SendQueue } from '../scheduler/send-queue';
import { runTick, type TickDeps } from '../scheduler/tick';
import type { KindRenderer } from '../scheduler/tick';
import { tickRenderers } from '../scheduler/wiring';
import { SqliteKv } from '../store/sqlite-kv';
import { importSnapshot, KvSchedule } from '../store/kv-schedule';
import { generateOrganisation } from '../test/fixtures/generate-org';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { AppContext } from '../usecases/context';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

const STAFF = arg('staff', 10_000);
const LATENCY = arg('latency', 20);
const SEED = arg('seed', 7);
/**
 * `--simple-cards`: render a minimal card instead of the real supervision cards, to measure
 * the scheduler + queue + connector path alone (the real prep card's cost is reported apart).
 */
const SIMPLE_CARDS = process.argv.includes('--simple-cards');
const TENANT = 'tenant-bench';
const AS_OF = '2026-11-24';
/** Tuesday 24 Nov 2026, 09:00 London: inside working hours. */
const NOW = londonInstant(AS_OF, '09:00');

/** Staff in pairs (2k supervises 2k+1), each pair with a one-to-one in 2 working days: one prep card each. */
function fanoutOrg(n: number): OrgSnapshot {
  const s = emptySnapshot();
  const start = londonInstant('2026-11-26', '10:00');
  for (let i = 0; i < n; i += 2) {
    const sup = `st-${i}`;
    const sv = `st-${i + 1}`;
    s.staff.push(
      {
        id: sup,
        name: `Supervisor ${i}`,
        email: `${sup}@example.invalid`,
        role: 'team-leader',
        caseHolding: false,
        employment: 'full-time',
        startDate: '2026-11-02',
      },
      {
        id: sv,
        name: `Worker ${i + 1}`,
        email: `${sv}@example.invalid`,
        role: 'practitioner',
        caseHolding: true,
        employment: 'full-time',
        supervisorId: sup,
        startDate: '2026-11-02',
      },
    );
    // New starters this month with a signed agreement: nothing overdue, so the prep card is all.
    s.agreements.push({ superviseeId: sv, supervisorId: sup, signedAt: '2026-11-02' });
    s.sessions.push({
      id: `s-${i}`,
      superviseeId: sv,
      supervisorId: sup,
      kind: 'one-to-one',
      scheduledStart: start,
      plannedMinutes: 90,
      status: 'scheduled',
    });
  }
  return s;
}

interface ServerStats {
  throttled: number;
  activities: number;
  perConversation: Record<string, number>;
  firstAt: number;
  lastAt: number;
}

/** The Bot Connector test server in its own process (bench/fanout-server.ts). */
class ServerProcess {
  private readonly lines: string[] = [];
  private waiting: ((line: string) => void) | null = null;
  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(line);
      } else this.lines.push(line);
    });
  }
  private next(): Promise<string> {
    const l = this.lines.shift();
    return l !== undefined
      ? Promise.resolve(l)
      : new Promise((resolve) => (this.waiting = resolve));
  }
  url = '';
  static async start(staff: number, latencyMs: number): Promise<ServerProcess> {
    const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
    const child = spawn(
      tsx,
      [join(__dirname, 'fanout-server.ts'), String(staff), String(latencyMs), TENANT],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const p = new ServerProcess(child);
    p.url = (JSON.parse(await p.next()) as { url: string }).url;
    return p;
  }
  async stats(): Promise<ServerStats> {
    this.child.stdin!.write('stats\n');
    return JSON.parse(await this.next()) as ServerStats;
  }
  close(): void {
    this.child.stdin!.write('close\n');
  }
}

function simpleRenderers(): Record<string, KindRenderer> {
  const r: KindRenderer = (_s, p) => ({
    card: {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: p.kind, wrap: true }],
    },
    summary: 'Supervision reminder',
  });
  return { 'coming-up': r, prep: r, 'confirm-request': r, 'sign-request': r };
}

class Fixed implements ScheduleSource {
  constructor(private readonly snapshot: OrgSnapshot) {}
  async load() {
    return { snapshot: this.snapshot, problems: [] };
  }
}

async function main(): Promise<void> {
  const profile = getProfile('telford-sf');
  const calendar = new WorkingCalendar();
  const clock: Clock = new ManualClock(NOW); // the planning clock; sends run on real time
  const server = await ServerProcess.start(STAFF, LATENCY);
  const kv = new SqliteKv(':memory:');
  const refs = new ConversationRefs(kv);
  const org = fanoutOrg(STAFF);
  for (const p of org.staff) {
    const conversationId = `a:conv-${p.id}`;
    await refs.save(p.id, {
      channelId: 'msteams',
      serviceUrl: server.url,
      conversationId,
      tenantId: TENANT,
      userId: `29:${p.id}`,
      aadObjectId: p.id,
      botId: '28:bot',
    });
  }
  const notifier = new ConnectorNotifier({
    adapter: createAdapter({ mode: 'local' }, silentLogger),
    appId: '',
    refs,
    logger: silentLogger,
    tenantId: TENANT,
  });
  // The embedded store holds the organisation (the supervision renderer reads sessions back).
  await importSnapshot(kv, org);
  const schedule = new KvSchedule(kv);
  const source = new Fixed(org);
  const ctx: AppContext = {
    source,
    writer: schedule,
    kv,
    profile,
    calendar,
    clock,
    logger: silentLogger,
    notifier,
    deliveries: new Ledger(kv, { clock }),
    baseUrl: '',
  };
  // One process-wide queue: Teams' 50/s is per app per tenant, so two scheduler loops in one
  // process share it (separate processes would each take a share: limits.perAppPerSecond / N).
  const queue = new SendQueue(notifier, { windowSlackMs: 40, concurrency: 64 });
  const instance = (owner: string): TickDeps => ({
    owner,
    source,
    kv,
    profile,
    calendar,
    clock,
    logger: silentLogger,
    evaluate,
    queue,
    renderers: SIMPLE_CARDS ? simpleRenderers() : tickRenderers(ctx),
    leaseMs: 30 * 60_000,
  });

  console.log(
    `fan-out: ${STAFF} staff, one prep card each (${SIMPLE_CARDS ? 'minimal cards' : 'real prep cards'}), server latency ${LATENCY} ms`,
  );
  const t0 = Date.now();
  // Two scheduler loops tick at once over one store: the ledger keeps every card to one send.
  const [a, b] = await Promise.all([runTick(instance('A')), runTick(instance('B'))]);
  const seconds = (Date.now() - t0) / 1000;
  const again = await runTick(instance('C'));

  const stats = await server.stats();
  const counts = Object.values(stats.perConversation);
  const delivered = stats.activities;
  // Each person is owed exactly one card (their prep); anything more is a duplicate.
  const duplicates = counts.reduce((n, c) => n + Math.max(0, c - 1), 0);
  const missing = STAFF - counts.length;
  const sendSeconds = (stats.lastAt - stats.firstAt) / 1000;
  const floor = delivered / 50;
  console.log(
    `sent: ${a.sent} by A + ${b.sent} by B = ${a.sent + b.sent}; delivered to ${counts.length} conversations`,
  );
  console.log(
    `total time: ${seconds.toFixed(1)} s for the tick (first to last delivery ${sendSeconds.toFixed(1)} s); ` +
      `50 RPS floor: ${floor.toFixed(1)} s; ratio floor/actual: ${(floor / seconds).toFixed(3)}`,
  );
  console.log(`throughput: ${(delivered / seconds).toFixed(1)} msg/s`);
  console.log(`429s seen: ${stats.throttled}`);
  console.log(
    `duplicates: ${duplicates}; second tick sent: ${again.sent} (skipped already sent: ${again.skippedAlreadySent})`,
  );
  console.log(
    `failed: ${a.failed.length + b.failed.length}; missing: ${missing}; tick A evaluate ${a.evaluateMs.toFixed(0)} ms, plan ${a.planMs.toFixed(0)} ms`,
  );

  // Tick evaluation cost on a realistic organisation of the same size (dry run: no sends).
  const realistic = generateOrganisation({ staff: STAFF, years: 1, seed: SEED, asOf: AS_OF });
  const dry = await runTick({ ...instance('D'), source: new Fixed(realistic), dryRun: true });
  console.log(
    `tick evaluation on generated org (${realistic.staff.length} staff, ${realistic.sessions.length} sessions): ` +
      `evaluate ${dry.evaluateMs.toFixed(0)} ms, plan ${dry.planMs.toFixed(0)} ms, ${dry.findings} findings, ${dry.planned} planned, ${dry.due} due`,
  );
  server.close();
  await kv.close();
  if (duplicates > 0 || missing > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
