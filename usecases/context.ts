/**
 * What every use-case (confirm, sign, swap, report sick, commands) is given. Built once at
 * start-up by the composition root (bot/main.ts) from configuration; tests build it from
 * real adapters (SqliteKv on `:memory:`, the embedded schedule) and a ManualClock.
 *
 * No botbuilder and no card here: use-cases take typed commands and return typed outcomes
 * (usecases/outcome.ts); present/ builds the cards and bot/ translates to and from Teams
 * activities.
 */
import type { WorkingCalendar } from '../policy/calendar';
import type { PolicyProfile } from '../policy/profile';
import type { Clock } from '../ports/clock';
import type { DeliveryLog } from '../ports/delivery-log';
import type { KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import type { Notifier } from '../ports/notifier';
import type { ScheduleSource, ScheduleWriter } from '../ports/schedule';

export interface AppContext {
  source: ScheduleSource;
  writer: ScheduleWriter;
  /** State: ledger, conversation references, delta tokens, pending writes, card state. */
  kv: KvStore;
  profile: PolicyProfile;
  calendar: WorkingCalendar;
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  /** Reads the delivery ledger (who an escalation went to); the scheduler's `Ledger`. */
  deliveries: DeliveryLog;
  /** Public base URL of this app (for "Open in tab" deep links); may be empty in local mode. */
  baseUrl: string;
}
