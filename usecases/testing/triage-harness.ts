/**
 * Test harness for the triage use-cases: an organisation (the tests pass the demo one)
 * imported into the real embedded schedule (KvSchedule over SqliteKv on :memory:), the
 * telford-sf profile and a ManualClock. Test-only (imported by *.test.ts files); it imports
 * nothing from test/ so it never drags fixtures into the build.
 */
import { Ledger } from '../../delivery/ledger';
import { checkCard } from '../../cards/testing/parse-card';
import { defaultCalendar } from '../../policy/calendar';
import type { LocalDate, OrgSnapshot, RotaDay } from '../../policy/domain';
import { getProfile } from '../../policy/profiles';
import { ManualClock } from '../../ports/clock';
import { RecordingLogger } from '../../ports/logger';
import type { Notifier } from '../../ports/notifier';
import type { ScheduleWriter, Versioned, WriteResult } from '../../ports/schedule';
import { KvSchedule, importSnapshot } from '../../store/kv-schedule';
import { SqliteKv } from '../../store/sqlite-kv';
import type { AppContext } from '../context';
import type { CardActionResult } from '../../present/card-types';

/** The demo organisation: from its CSV files when they have been generated, else built in memory. */
/** Lets a test make a real concurrent edit (as if in SharePoint) just before the use-case's write. */
export class InterleavingWriter implements ScheduleWriter {
  private hooks: Array<() => Promise<void>> = [];
  /** Outcome of each rota write the use-cases made (`ok`, `conflict`, …), in order. */
  readonly outcomes: string[] = [];
  constructor(readonly inner: KvSchedule) {}
  beforeNextRotaWrite(hook: () => Promise<void>): void {
    this.hooks.push(hook);
  }
  getSession: ScheduleWriter['getSession'] = (id) => this.inner.getSession(id);
  updateSession: ScheduleWriter['updateSession'] = (id, p, v) => this.inner.updateSession(id, p, v);
  createSession: ScheduleWriter['createSession'] = (s) => this.inner.createSession(s);
  upsertActions: ScheduleWriter['upsertActions'] = (a) => this.inner.upsertActions(a);
  appendSignature: ScheduleWriter['appendSignature'] = (e) => this.inner.appendSignature(e);
  listSignatures: ScheduleWriter['listSignatures'] = (id) => this.inner.listSignatures(id);
  listSignaturesFor: ScheduleWriter['listSignaturesFor'] = (ids) =>
    this.inner.listSignaturesFor(ids);
  getRotaDay(date: LocalDate): Promise<Versioned<RotaDay> | null> {
    return this.inner.getRotaDay(date);
  }
  async updateRotaDay(
    date: LocalDate,
    patch: Partial<RotaDay>,
    ifVersion: string,
  ): Promise<WriteResult<RotaDay>> {
    const hook = this.hooks.shift();
    if (hook) await hook();
    const res = await this.inner.updateRotaDay(date, patch, ifVersion);
    this.outcomes.push(res.ok ? 'ok' : res.code);
    return res;
  }
}

export interface Harness {
  ctx: AppContext;
  clock: ManualClock;
  logger: RecordingLogger;
  schedule: KvSchedule;
  writer: InterleavingWriter;
  kv: SqliteKv;
  close(): Promise<void>;
}

const nobody: Notifier = {
  send: async () => ({ status: 'failed', code: 'not-used-by-use-cases' }),
};

/** `snapshot`: the organisation to import (tests pass the demo organisation). */
export async function triageHarness(at: string, snapshot: OrgSnapshot): Promise<Harness> {
  const kv = new SqliteKv(':memory:');
  const org = snapshot;
  const imported = await importSnapshot(kv, org);
  if (imported.problems.length > 0)
    throw new Error(`demo import problems: ${imported.problems.map((p) => p.message).join('; ')}`);
  const schedule = new KvSchedule(kv);
  const writer = new InterleavingWriter(schedule);
  const clock = new ManualClock(at);
  const logger = new RecordingLogger();
  const ctx: AppContext = {
    source: schedule,
    writer,
    kv,
    profile: getProfile('telford-sf'),
    calendar: defaultCalendar,
    clock,
    logger,
    notifier: nobody,
    deliveries: new Ledger(kv, { clock }),
    baseUrl: '',
  };
  return { ctx, clock, logger, schedule, writer, kv, close: () => kv.close() };
}

const LIMIT_BYTES = 28 * 1024;

/** Asserts-by-throwing that a card parses cleanly as schema 1.5 and fits in a Teams message. */
export function assertCleanCard(card: Record<string, unknown>): void {
  const check = checkCard(card);
  if (check.problems.length > 0) throw new Error(`card problems: ${check.problems.join('; ')}`);
  if (check.version !== '1.5') throw new Error(`card version ${check.version}`);
  if (check.verbs.includes('<missing verb>')) throw new Error('Action.Execute without verb');
  if (check.bytes >= LIMIT_BYTES) throw new Error(`card too big: ${check.bytes} bytes`);
}

/** Every card in a result (the card itself and each message's) parses cleanly. */
export function assertCleanResult(result: CardActionResult): void {
  if (result.kind !== 'card') return;
  assertCleanCard(result.card);
  for (const m of result.messages ?? []) assertCleanCard(m.card);
}

/** All visible text of a card, for assertions on what a user reads. */
export function cardText(card: Record<string, unknown>): string {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      for (const k of ['text', 'title', 'value'])
        if (typeof o[k] === 'string') out.push(o[k] as string);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}
