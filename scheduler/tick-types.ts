import type { LeaseKeeper } from '../delivery/lease-keeper';
/** The tick's dependencies and report (scheduler/tick.ts). */
import type { WorkingCalendar } from '../policy/calendar';
import type { Instant, LocalDate, OrgSnapshot } from '../policy/domain';
import type { EvaluationResult } from '../policy/findings';
import type { PolicyProfile } from '../policy/profile';
import type { Clock } from '../ports/clock';
import type { KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import type { OutboundMessage } from '../ports/notifier';
import type { ScheduleSource } from '../ports/schedule';
import type { HousekeepingReport } from './housekeeping';
import type { Ledger } from '../delivery/ledger';
import type { OutboxOptions, OutboxReport } from '../delivery/outbox-resend';
import type { PlanOptions } from './plan';
import type { NotificationKind, PlannedNotification } from '../ports/planned';
import type { Rendered } from './render-own';
import type { SendQueue } from '../delivery/send-queue';
import type { WorkingHours } from '../policy/working-hours';

export type EvaluateFn = (
  snapshot: OrgSnapshot,
  profile: PolicyProfile,
  asOf: LocalDate,
  calendar: WorkingCalendar,
) => EvaluationResult;

/** Extra planners (the rota's triage reminders) run beside the supervision planner. */
export type Planner = (
  snapshot: OrgSnapshot,
  profile: PolicyProfile,
  now: Instant,
  calendar: WorkingCalendar,
) => PlannedNotification[];

/** What the signature re-check found (usecases/record-recheck.ts). */
export interface RecheckFound {
  candidates: number;
  stale: number;
  voided: number;
  busy: number;
  /** Re-requests for the voided signatures, delivered like event messages (outbox path). */
  messages: OutboundMessage[];
}

/**
 * The signature re-check step: finds signed records whose content changed outside the bot,
 * voids and re-requests them (`run`), and delivers the messages (`deliver`: the composition
 * root's MessageDelivery, the same outbox + ledger path as card actions and triage steps).
 */
export interface RecheckStep {
  run(
    snapshot: OrgSnapshot,
    opts: { dryRun: boolean; lookbackDays: number },
  ): Promise<RecheckFound>;
  deliver(messages: OutboundMessage[]): Promise<Array<{ key: string; outcome: string }>>;
}

export interface RecheckReport {
  candidates: number;
  stale: number;
  voided: number;
  busy: number;
  /** Re-requests handed to delivery (0 on a dry run). */
  requested: number;
  /** Of those, sent now (the rest are failed/held: the outbox step resends them). */
  sent: number;
  error?: string;
}

/** Renders kinds owned by other areas (supervision cards, triage cards); null = nothing to send. */
export type KindRenderer = (
  snapshot: OrgSnapshot,
  planned: PlannedNotification,
) => Promise<Rendered | null> | Rendered | null;

export interface TickDeps {
  source: ScheduleSource;
  kv: KvStore;
  profile: PolicyProfile;
  calendar: WorkingCalendar;
  clock: Clock;
  logger: Logger;
  queue: SendQueue;
  evaluate: EvaluateFn;
  /** This instance's id in ledger claims. */
  owner: string;
  renderers?: Partial<Record<NotificationKind, KindRenderer>>;
  planners?: Planner[];
  ledger?: Ledger;
  /**
   * How long a claim is ours before another instance may take it over unless renewed (default
   * 30 s; renewed every third of it while this instance is still sending it).
   */
  leaseMs?: number;
  /**
   * `false`: send without taking the app-wide sender lease (delivery/sender-lease.ts), e.g. a
   * single instance's tests. Default: take it, so instances share Teams' 50/s by turns.
   */
  senderLease?: false;
  /** The renewer of this instance's claims (default: one per tick; tests pass theirs). */
  leases?: LeaseKeeper;
  workingHours?: WorkingHours;
  /** Staff ids that get the daily data-problems digest (config ADMIN_IDS). */
  adminIds?: string[];
  planOptions?: PlanOptions;
  tabUrl?: string;
  dryRun?: boolean;
  /** Checked before each claim: a stopping scheduler claims nothing new. */
  shouldStop?: () => boolean;
  /**
   * Notifications being claimed/rendered/sent at once (default: what the queue sends in half a
   * lease, at most 200).
   */
  maxInFlight?: number;
  /**
   * Whether a message to this person can go now. When it says no (local mode: they have not
   * opened the chat yet, so there is no conversation and none can be created), the item is
   * not claimed: it waits, unrecorded, and goes on the first tick after their first message
   * or install (the bot asks for that tick: Scheduler.requestTick). Absent: everyone is.
   */
  reachable?: (recipientId: string) => Promise<boolean>;
  /**
   * The outbox step: resend event messages whose send failed or whose sender died
   * (delivery/outbox-resend.ts). On unless `false`.
   */
  outbox?: false | OutboxOptions;
  /**
   * The signature re-check (usecases/record-recheck.ts), run right after the snapshot loads.
   * Its window is `planOptions.signLookbackDays` (default 30). Off when absent.
   */
  recheck?: RecheckStep;
  /**
   * Run housekeeping once a day (the first tick of each London day on any instance claims
   * `housekeeping|<date>` in the ledger): prune the ledger, forget leavers.
   */
  housekeeping?: {
    retainDays?: number;
    /** The composition root's daily audit-retention step (store/audit-retention.ts); returns how many were pruned. */
    pruneAudit?: () => Promise<number>;
  };
}

export interface WouldSend {
  key: string;
  kind: NotificationKind;
  recipientId: string;
  reason: string;
  /** Dry run: what the ledger says (already sent ones are not sent again). */
  ledger: 'new' | 'sent' | 'claimed' | 'failed' | 'abandoned';
}

export interface TickReport {
  at: Instant;
  asOf: LocalDate;
  dryRun: boolean;
  findings: number;
  planned: number;
  due: number;
  claimed: number;
  sent: number;
  skippedAlreadySent: number;
  heldByOther: number;
  abandoned: number;
  /** L1/L2 escalations delivered inside a manager's digest rather than on their own. */
  viaDigest: number;
  /** Due, but for someone with no conversation yet (`reachable` said no): waiting, not failed. */
  awaitingContact?: number;
  deferred: Array<{ key: string; until: Instant }>;
  failed: Array<{ key: string; outcome: string }>;
  notApplicable: number;
  problems: number;
  stopped: boolean;
  /** Another instance held the sender (delivery/sender-lease.ts): nothing was claimed. */
  senderBusy?: boolean;
  evaluateMs: number;
  planMs: number;
  wouldSend?: WouldSend[];
  sentKeys: string[];
  /** The outbox step (absent when it is switched off). */
  outbox?: OutboxReport;
  /** The signature re-check step (absent when it is not wired). */
  recheck?: RecheckReport;
  /** Set on the tick that ran the day's housekeeping. */
  housekeeping?: HousekeepingReport;
  error?: string;
}
