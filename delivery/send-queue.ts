/**
 * The send queue: every proactive message goes through here, paced to Teams' published limits
 * for bots (per conversation: 7 messages a second, 8 in 2 seconds, 60 in 30 seconds and
 * 1,800 an hour; per app per tenant: 50 a second), retried when Teams throttles (429) or fails transiently (412/502/503/504),
 * honouring Retry-After (429, 503) and otherwise with bounded exponential backoff with jitter,
 * and always answering with a typed outcome instead of throwing.
 *
 * Waiting is capped, once and in total, well below the ledger's 10-minute claim lease: a
 * message held past its lease could be sent by another instance as well. A longer wait is
 * given up at once with the outcome (and its Retry-After) for the ledger to retry later.
 *
 * The limits are kept as sliding-window logs (the strict form of a token bucket whose tokens
 * come back exactly one window after they were spent), the way the service counts, so no
 * window it measures can see more than the limit. The app's budget is nothing else: each of
 * its 50 places in the second (a "lane") is reused the moment its last send leaves the window,
 * and no second schedule may hold a send back after that (a fixed 20 ms grid on top did, and
 * every hold-up, once in the log, came back a second later: 48-49 a second instead of 50,
 * issue 14). Time is injected (now/sleep), so the limits are unit-tested on a fake clock.
 */
import { errorName } from '../kernel/errors';
import type { Logger } from '../ports/logger';
import { silentLogger } from '../ports/logger';
import type { Notifier, OutboundMessage, SendOutcome } from '../ports/notifier';

export interface TimeSource {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTime: TimeSource = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface RateLimits {
  perConversationPerSecond: number;
  /** Teams' "per bot per thread" row: 8 in any 2 seconds, though 7 a second would allow 14. */
  perConversationPer2Seconds?: number;
  perConversationPer30Seconds: number;
  perConversationPerHour?: number;
  perAppPerSecond: number;
}

/** Teams' published limits for proactive messages (learn.microsoft.com, "Rate limiting for bots"). */
export const TEAMS_LIMITS: RateLimits = {
  perConversationPerSecond: 7,
  perConversationPer2Seconds: 8,
  perConversationPer30Seconds: 60,
  perConversationPerHour: 1800,
  perAppPerSecond: 50,
};

/**
 * A few ms per window: what the fan-out bench needs so that its lanes, reused the moment they
 * free, do not meet the service's window still closing (docs/performance.md); a tenth of a
 * percent of the rate per ms.
 */
export const DEFAULT_WINDOW_SLACK_MS = 5;

/**
 * Whole messages only, rounded down (50/3 instances must not become 17 each, 51 in all); a rate
 * under one would stall every send, so it is refused at start-up instead.
 */
function checkedLimits(limits: RateLimits): RateLimits {
  const out = { ...limits };
  for (const name of Object.keys(out) as Array<keyof RateLimits>) {
    const value = out[name];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 1)
      throw new RangeError(`send queue: ${name} must be at least 1, got ${value}`);
    out[name] = Math.floor(value);
  }
  return out;
}

export interface SendQueueOptions {
  time?: TimeSource;
  /**
   * Teams' limits unless given. `perAppPerSecond` is per tenant, not per process: with N
   * instances sending at once, give each 50/N (docs/scheduler.md).
   */
  limits?: Partial<RateLimits>;
  /**
   * Extra ms added to each window (default DEFAULT_WINDOW_SLACK_MS), absorbing the jitter
   * between our clock at a send and the service's at its arrival: a lane reused at exactly one
   * second may reach the service a little before the send it replaces left its window (a 429).
   */
  windowSlackMs?: number;
  /**
   * Spread the sends that open the app-wide window (from idle, or when the window has room)
   * evenly over it instead of bursting 50 at once (default true): the lanes then stay spread,
   * each reused when its own send leaves the window.
   */
  smooth?: boolean;
  /** Sends in flight at once (HTTP latency must not cap throughput). */
  concurrency?: number;
  /**
   * Attempts per message, the first included (default 6), not counting 429s: those are retried
   * for as long as `maxTotalWaitMs` allows.
   */
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Longest single wait before a retry (default 60 s); a longer Retry-After gives up at once. */
  maxRetryWaitMs?: number;
  /** Longest time from queueing a message to its last retry (default 2 min). */
  maxTotalWaitMs?: number;
  /** [0, 1): jitter source, injectable for deterministic tests. */
  random?: () => number;
  logger?: Logger;
}

export interface QueueResult {
  outcome: SendOutcome;
  attempts: number;
  /** 429s seen for this message. */
  throttled: number;
}

export interface QueueStats {
  sent: number;
  throttled429: number;
  retries: number;
  failed: number;
}

/** How long the service asked us to wait (429, or a 503 with Retry-After), if it said. */
function retryAfterOf(outcome: SendOutcome): number | undefined {
  if (outcome.status === 'throttled') return outcome.retryAfterMs;
  return outcome.status === 'failed' ? outcome.retryAfterMs : undefined;
}

/** Failure codes worth retrying: the service or the network, not the request. */
const TRANSIENT = new Set(['408', '412', '500', '502', '503', '504', 'timeout', 'network']);

export function isTransient(outcome: SendOutcome): boolean {
  return outcome.status === 'failed' && TRANSIENT.has(outcome.code);
}

interface Job {
  message: OutboundMessage;
  queuedAt: number;
  readyAt: number;
  /** When the current attempt was dispatched (its entry in the rate windows). */
  sentAt: number;
  attempts: number;
  throttled: number;
  resolve: (r: QueueResult) => void;
}

/** A sliding-window log: at most `limit` events in any `windowMs`. */
class WindowLog {
  /** Ascending: events are recorded as they happen. */
  private readonly times: number[] = [];
  constructor(
    readonly limit: number,
    readonly windowMs: number,
    /** Keeps events this long after they leave the window, for `count(now, sinceMs)`. */
    private readonly retainMs = 0,
  ) {}
  /** Drops events older than the window; true when none are left (the log can be forgotten). */
  prune(now: number): boolean {
    this.trim(now);
    return this.times.length === 0;
  }
  private trim(now: number): void {
    while (
      this.times.length > 0 &&
      (this.times[0] as number) <= now - this.windowMs - this.retainMs
    )
      this.times.shift();
  }
  /** Events inside the window at `now`, and those that left it in the last `sinceMs` (≤ retainMs). */
  count(now: number, sinceMs = 0): number {
    this.trim(now);
    const from = now - this.windowMs - sinceMs;
    let n = 0;
    for (let i = this.times.length - 1; i >= 0 && (this.times[i] as number) > from; i--) n++;
    return n;
  }
  /** The earliest moment another event is allowed (≤ now when it is allowed now). */
  nextFree(now: number): number {
    if (this.count(now) < this.limit) return now;
    return (this.times[this.times.length - this.limit] as number) + this.windowMs;
  }
  record(now: number): void {
    this.times.push(now);
  }
  /** Takes back one event recorded at `at` (a request the service refused and did not count). */
  forget(at: number): void {
    const i = this.times.lastIndexOf(at);
    if (i >= 0) this.times.splice(i, 1);
  }
}

export class SendQueue {
  private readonly time: TimeSource;
  private readonly limits: RateLimits;
  private readonly slack: number;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxRetryWaitMs: number;
  private readonly maxTotalWaitMs: number;
  private readonly random: () => number;
  private readonly logger: Logger;
  private readonly global: WindowLog;
  private readonly spacingMs: number;
  /**
   * Spreading the sends that open the window: the earliest moment the next of them may go, on
   * an absolute grid of `spacingMs` slots, so that a late timer does not push later slots back
   * (issue 14: 88-91 % of 50/s when each send was timed from the previous one). Only while
   * the app's window has room: once it is full, a send goes when a lane frees, whatever the grid.
   */
  private nextSlot = Number.NEGATIVE_INFINITY;
  /** Per conversation, one sliding window per limit (1 s, 2 s, 30 s, 1 h). */
  private readonly perConversation = new Map<string, WindowLog[]>();
  private jobs: Job[] = [];
  private inFlight = 0;
  private pumping = false;
  private wake: (() => void) | null = null;
  private idleWaiters: Array<() => void> = [];
  readonly stats: QueueStats = { sent: 0, throttled429: 0, retries: 0, failed: 0 };

  constructor(
    private readonly notifier: Notifier,
    options: SendQueueOptions = {},
  ) {
    this.time = options.time ?? realTime;
    this.limits = checkedLimits({ ...TEAMS_LIMITS, ...options.limits });
    this.slack = options.windowSlackMs ?? DEFAULT_WINDOW_SLACK_MS;
    this.concurrency = options.concurrency ?? 32;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseBackoffMs = options.baseBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 60_000;
    this.maxTotalWaitMs = options.maxTotalWaitMs ?? 120_000;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
    this.spacingMs = options.smooth === false ? 0 : 1000 / this.limits.perAppPerSecond;
    this.global = new WindowLog(this.limits.perAppPerSecond, 1000 + this.slack, this.spacingMs);
  }

  /** This queue's pace (messages a second), for sizing how much to claim at once. */
  get ratePerSecond(): number {
    return this.limits.perAppPerSecond;
  }

  /** Queues one message; resolves with its final outcome (never rejects). */
  send(message: OutboundMessage): Promise<QueueResult> {
    return new Promise((resolve) => {
      const now = this.time.now();
      this.jobs.push({
        message,
        queuedAt: now,
        readyAt: now,
        sentAt: now,
        attempts: 0,
        throttled: 0,
        resolve,
      });
      this.kick();
    });
  }

  sendAll(messages: OutboundMessage[]): Promise<QueueResult[]> {
    return Promise.all(messages.map((m) => this.send(m)));
  }

  /** Resolves when nothing is queued or in flight. */
  drain(): Promise<void> {
    if (this.jobs.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get pending(): number {
    return this.jobs.length + this.inFlight;
  }

  private conversation(id: string): WindowLog[] {
    let c = this.perConversation.get(id);
    if (!c) {
      const l = this.limits;
      const windows: Array<[number | undefined, number]> = [
        [l.perConversationPerSecond, 1000],
        [l.perConversationPer2Seconds, 2000],
        [l.perConversationPer30Seconds, 30_000],
        [l.perConversationPerHour, 3_600_000],
      ];
      c = windows.flatMap(([limit, ms]) =>
        limit === undefined ? [] : [new WindowLog(limit, ms + this.slack)],
      );
      this.perConversation.set(id, c);
    }
    return c;
  }

  private pruneConversations(now: number): void {
    for (const [id, c] of this.perConversation) {
      // every(), not some(): each window must be pruned, and the entry kept while any counts.
      if (c.map((w) => w.prune(now)).every(Boolean)) this.perConversation.delete(id);
    }
  }

  private kick(): void {
    if (this.wake) {
      const w = this.wake;
      this.wake = null;
      w();
    }
    if (!this.pumping) {
      this.pumping = true;
      void this.pump();
    }
  }

  private async pump(): Promise<void> {
    let yielded = false;
    for (;;) {
      if (this.jobs.length === 0 && this.inFlight === 0) {
        // Cleared in the same synchronous step as the emptiness check: a send() arriving in
        // any later microtask must start a new pump, never find this one "still running".
        this.pumping = false;
        // Forget only conversations with nothing left in any window (the hour's included): the
        // service still counts recent sends, and the next batch to the same person may come at once.
        this.pruneConversations(this.time.now());
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of waiters) w();
        return;
      }
      const now = this.time.now();
      let earliest = Number.POSITIVE_INFINITY;
      let picked = -1;
      if (this.inFlight < this.concurrency) {
        const globalFree = this.appFree(now);
        if (globalFree > now) earliest = globalFree;
        else {
          for (let i = 0; i < this.jobs.length; i++) {
            const job = this.jobs[i] as Job;
            if (job.readyAt > now) {
              earliest = Math.min(earliest, job.readyAt);
              continue;
            }
            const c = this.conversation(job.message.recipientId);
            const free = Math.max(...c.map((w) => w.nextFree(now)));
            if (free <= now) {
              picked = i;
              break;
            }
            earliest = Math.min(earliest, free);
          }
        }
      }
      if (picked >= 0) {
        const [job] = this.jobs.splice(picked, 1) as [Job];
        this.dispatch(job, now);
        yielded = false;
        continue;
      }
      if (this.inFlight > 0 && !yielded) {
        // Let sends that have already finished report (and maybe re-queue) before sleeping.
        yielded = true;
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      yielded = false;
      // Nothing may go now: wait for a window to open, a send to finish, or a new message.
      const woken = new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      if (Number.isFinite(earliest) && this.inFlight < this.concurrency) {
        await Promise.race([this.time.sleep(Math.max(1, earliest - now)), woken]);
      } else {
        await woken;
      }
      this.wake = null;
    }
  }

  /**
   * A send now would reuse a lane: the window was full a slot ago, and a send has just left it
   * (or is about to). Otherwise it opens a place: the first second after idle.
   */
  private reusesLane(now: number): boolean {
    return this.global.count(now, this.spacingMs) >= this.limits.perAppPerSecond;
  }

  /**
   * When the app's budget lets the next send go: when the window has room (the oldest of its
   * last 50 sends has left it), and, for a send that opens a place, on the spreading grid too.
   */
  private appFree(now: number): number {
    const free = this.global.nextFree(now);
    return this.reusesLane(now) ? free : Math.max(free, this.nextSlot);
  }

  private dispatch(job: Job, now: number): void {
    // A send that opens a place in the window takes a slot on the grid (late by less than a
    // slot: the grid is kept; idle for longer: a new grid starts now). One that reuses a lane
    // does not: the lane keeps its own place in the second.
    if (!this.reusesLane(now)) {
      const slot = this.nextSlot >= now - this.spacingMs ? this.nextSlot : now;
      this.nextSlot = slot + this.spacingMs;
    }
    this.global.record(now);
    const c = this.conversation(job.message.recipientId);
    for (const w of c) w.record(now);
    job.sentAt = now;
    job.attempts++;
    this.inFlight++;
    void this.attempt(job).then(
      () => {
        this.inFlight--;
        this.kick();
      },
      () => {
        this.inFlight--;
        this.kick();
      },
    );
  }

  private async attempt(job: Job): Promise<void> {
    let outcome: SendOutcome;
    try {
      outcome = await this.notifier.send(job.message);
    } catch (err) {
      // A Notifier should not throw; if one does, it is a transient failure, not a crash.
      outcome = { status: 'failed', code: 'network' };
      this.logger.warn('send-queue.notifier-threw', {
        key: job.message.key,
        error: errorName(err),
      });
    }
    const retry = outcome.status === 'throttled' || isTransient(outcome);
    if (outcome.status === 'throttled') {
      job.throttled++;
      this.stats.throttled429++;
      this.giveBack(job);
    }
    // A 429 does not use up an attempt: the service refused the request without judging it and
    // said when to come back, and the total wait (maxTotalWaitMs) bounds how long we listen.
    // Counting them, a message refused six times in a row (one in ten thousand, at a tenth of
    // sends refused and a little jitter) went back to the ledger and arrived minutes late.
    const failures = job.attempts - job.throttled;
    if (retry && (outcome.status === 'throttled' || failures < this.maxAttempts)) {
      const now = this.time.now();
      // The service's Retry-After when it gave one, to the ms: it knows when its window opens,
      // and waiting longer (the backoff grew to 1-2 s by a third attempt) only stretches the
      // end of a burst. Backoff when it did not say.
      const after = retryAfterOf(outcome);
      const wait =
        after !== undefined && after > 0
          ? after
          : this.backoff(outcome.status === 'throttled' ? job.throttled : failures);
      if (wait <= this.maxRetryWaitMs && now + wait - job.queuedAt <= this.maxTotalWaitMs) {
        this.stats.retries++;
        job.readyAt = now + wait;
        // Ahead of the messages still waiting (it has waited longest): once its Retry-After
        // is over it goes next, instead of piling up with the other retries behind a batch.
        this.jobs.unshift(job);
        this.logger.debug('send-queue.retry', {
          key: job.message.key,
          status: outcome.status,
          waitMs: wait,
        });
        return;
      }
      // Waiting longer could outlast the claim's lease: hand the outcome back now (with its
      // Retry-After), and the ledger makes the key claimable again after that.
      this.logger.info('send-queue.gave-up-waiting', { key: job.message.key, waitMs: wait });
    }
    if (outcome.status === 'sent') this.stats.sent++;
    else this.stats.failed++;
    job.resolve({ outcome, attempts: job.attempts, throttled: job.throttled });
  }

  /**
   * A 429 is a request the service refused: it did not count it against the app's or the
   * conversation's window (the Bot Connector test server models it so; Teams' rate-limit page
   * does not say, so this is an assumption, docs/bot.md). Counting it here as well would spend
   * a tenth of the budget on refusals when every tenth send is refused. So its entry leaves
   * the windows and its slot on the grid is handed to the next message. The windows still hold
   * every accepted send, so after a real limit (the windows full) nothing more goes until they
   * open: refusals cannot snowball.
   */
  private giveBack(job: Job): void {
    this.global.forget(job.sentAt);
    for (const w of this.perConversation.get(job.message.recipientId) ?? []) w.forget(job.sentAt);
    // Its lane is free again now: the next message takes it without waiting for the grid.
    this.nextSlot = Math.min(this.nextSlot, this.time.now());
  }

  /** Exponential backoff with "equal jitter": half fixed, half random. */
  private backoff(attempt: number): number {
    const cap = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (attempt - 1));
    return Math.round(cap / 2 + (cap / 2) * this.random());
  }
}
