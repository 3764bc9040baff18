/**
 * What every use-case (confirm, sign, swap, report sick, commands) is given. Built once at
 * start-up by the composition root (bot/main.ts) from configuration; tests build it from
 * real adapters (SqliteKv on `:memory:`, the embedded schedule) and a ManualClock.
 *
 * No botbuilder here: use-cases take plain ids and data and return cards and messages, and
 * bot/ translates to and from Teams activities.
 */
import type { WorkingCalendar } from '../policy/calendar';
import type { PolicyProfile } from '../policy/profile';
import type { Clock } from '../ports/clock';
import type { DeliveryLog } from '../ports/delivery-log';
import type { KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import type { Notifier, OutboundMessage } from '../ports/notifier';
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

/** An Adaptive Card as JSON (schema 1.5). Built only by cards/. */
export type AdaptiveCardJson = Record<string, unknown>;

/** What a text command answers in the 1:1 chat. */
export interface CommandReply {
  text?: string;
  card?: AdaptiveCardJson;
}

export type CommandHandler = (
  ctx: AppContext,
  userId: string,
  args: string,
) => Promise<CommandReply>;

export interface CommandSpec {
  /** What the user types, lower case, e.g. `next`, `triage today`. Longest match wins. */
  name: string;
  /** One line for `help` and the manifest's command list. */
  description: string;
  handler: CommandHandler;
}

/** An `Action.Execute` invoke, already authenticated by bot/ (userId = Entra object id / staff id). */
export interface CardActionRequest {
  userId: string;
  verb: string;
  /** The action's data merged with the card's inputs. */
  data: Record<string, unknown>;
  /** Teams activity id of the card acted on (recorded with signatures). */
  activityId: string;
}

export type CardActionResult =
  | {
      kind: 'card';
      /** Replaces the card for the user who acted (and, through refresh, for `refreshUserIds`). */
      card: AdaptiveCardJson;
      /** Further messages to send (e.g. sign cards to both parties); sent through the ledger. */
      messages?: OutboundMessage[];
      /**
       * The work is not (all) done and pressing again should retry it (e.g. "the agreed actions
       * could not be saved yet; please press the button again in a minute"): the bot then does
       * not answer the next press from its invoke memory (it never does for refused / invalid).
       */
      transient?: boolean;
    }
  /** The user may not do this; nothing changed. Shown as a plain message, card unchanged. */
  | { kind: 'refused'; message: string }
  /** Bad input (e.g. missing reason); the card stays so they can correct it. */
  | { kind: 'invalid'; message: string };

export type CardActionHandler = (
  ctx: AppContext,
  req: CardActionRequest,
) => Promise<CardActionResult>;
