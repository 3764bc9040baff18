/**
 * A real AppContext for use-case tests: the embedded schedule (KvSchedule) on SQLite
 * `:memory:`, seeded with the demo organisation, a ManualClock on the demo's anchor day and
 * a notifier that records what it was given. Nothing here stands in for product code.
 */
import { Ledger } from '../../delivery/ledger';
import { defaultCalendar } from '../../policy/calendar';
import { getProfile } from '../../policy/profiles';
import { ManualClock } from '../../ports/clock';
import { RecordingLogger } from '../../ports/logger';
import type { Notifier, OutboundMessage } from '../../ports/notifier';
import type { RecordWriter, ScheduleWriter } from '../../ports/schedule';
import { KvSchedule, importSnapshot } from '../../store/kv-schedule';
import { SqliteKv } from '../../store/sqlite-kv';
import { loadDemoOrg } from '../../demo/demo-org';
import type { AppContext } from '../context';

export class RecordingNotifier implements Notifier {
  readonly sent: OutboundMessage[] = [];
  async send(message: OutboundMessage) {
    this.sent.push(message);
    return { status: 'sent' as const, activityId: `act-${this.sent.length}` };
  }
}

/** Counts the writes that landed, so tests can prove "the work was done once". */
export interface WriteCounts {
  sessionUpdates: Record<string, number>;
  sessionCreates: Record<string, number>;
  actionUpserts: number;
  signatures: number;
  recordWrites: Record<string, number>;
  caseUpdates: Record<string, number>;
}

function counting(schedule: KvSchedule, counts: WriteCounts): ScheduleWriter & RecordWriter {
  return {
    getSession: (id) => schedule.getSession(id),
    updateSession: async (id, patch, v) => {
      const r = await schedule.updateSession(id, patch, v);
      if (r.ok) counts.sessionUpdates[id] = (counts.sessionUpdates[id] ?? 0) + 1;
      return r;
    },
    createSession: async (s) => {
      const r = await schedule.createSession(s);
      if (r.ok) counts.sessionCreates[s.id] = (counts.sessionCreates[s.id] ?? 0) + 1;
      return r;
    },
    upsertActions: async (a) => {
      const r = await schedule.upsertActions(a);
      if (r.ok) counts.actionUpserts++;
      return r;
    },
    appendSignature: async (e) => {
      const r = await schedule.appendSignature(e);
      if (r.ok) counts.signatures++;
      return r;
    },
    listSignatures: (id) => schedule.listSignatures(id),
    listSignaturesFor: (ids) => schedule.listSignaturesFor(ids),
    getRotaDay: (d) => schedule.getRotaDay(d),
    updateRotaDay: (d, p, v) => schedule.updateRotaDay(d, p, v),
    getRecord: (id) => schedule.getRecord(id),
    putRecord: async (r, v) => {
      const res = await schedule.putRecord(r, v);
      if (res.ok) counts.recordWrites[r.sessionId] = (counts.recordWrites[r.sessionId] ?? 0) + 1;
      return res;
    },
    getCase: (id) => schedule.getCase(id),
    updateCase: async (id, p, v) => {
      const res = await schedule.updateCase(id, p, v);
      if (res.ok) counts.caseUpdates[id] = (counts.caseUpdates[id] ?? 0) + 1;
      return res;
    },
  };
}

/** Read once per test file: the CSV parse is the slow part. */
let demo: ReturnType<typeof loadDemoOrg> | null = null;

export async function makeHarness(at = '2026-11-24T09:30:00.000Z', profileId = 'telford-sf') {
  const kv = new SqliteKv(':memory:');
  demo ??= loadDemoOrg();
  await importSnapshot(kv, structuredClone(await demo));
  const schedule = new KvSchedule(kv);
  const clock = new ManualClock(at);
  const logger = new RecordingLogger();
  const notifier = new RecordingNotifier();
  const counts: WriteCounts = {
    sessionUpdates: {},
    sessionCreates: {},
    actionUpserts: 0,
    signatures: 0,
    recordWrites: {},
    caseUpdates: {},
  };
  const ctx: AppContext = {
    source: schedule,
    writer: counting(schedule, counts),
    kv,
    profile: getProfile(profileId),
    calendar: defaultCalendar,
    clock,
    logger,
    notifier,
    deliveries: new Ledger(kv, { clock }),
    baseUrl: '',
  };
  return { ctx, kv, schedule, clock, logger, notifier, counts, close: () => kv.close() };
}

export type Harness = Awaited<ReturnType<typeof makeHarness>>;

let activity = 0;
export function request(userId: string, verb: string, data: Record<string, unknown>) {
  return { userId, verb, data, activityId: `activity-${++activity}` };
}

/**
 * The demo's fixed situations for `fsw-hadley-1` (test/fixtures demo-ids), found by what they
 * are rather than by row id, so regenerating the demo history does not break the tests.
 */
export interface DemoSessions {
  /** 2026-11-23, still scheduled: needs confirming. */
  past: string;
  /** 2026-11-26: the prep card is due now. */
  upcoming: string;
  /** The one after that. */
  later: string;
  /** Held, record complete, signed by the supervisor only. */
  halfSigned: string;
}

export async function demoSessions(): Promise<DemoSessions> {
  demo ??= loadDemoOrg();
  const mine = (await demo).sessions
    .filter((s) => s.superviseeId === 'fsw-hadley-1' && s.kind === 'one-to-one')
    .sort((a, b) => a.scheduledStart.localeCompare(b.scheduledStart));
  const find = (what: string, pred: (s: (typeof mine)[number]) => boolean) => {
    const s = mine.find(pred);
    if (!s) throw new Error(`demo organisation has no ${what} session for fsw-hadley-1`);
    return s.id;
  };
  const upcoming = find('upcoming', (s) => s.scheduledStart.startsWith('2026-11-26'));
  return {
    past: find(
      'past unconfirmed',
      (s) => s.scheduledStart.startsWith('2026-11-23') && s.status === 'scheduled',
    ),
    upcoming,
    later: find('later', (s) => s.status === 'scheduled' && s.scheduledStart > '2026-11-27'),
    halfSigned: find(
      'half-signed',
      (s) => !!s.recordCompletedAt && !!s.supervisorSignedAt && !s.superviseeSignedAt,
    ),
  };
}
