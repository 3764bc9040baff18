/**
 * Our retry policy as a Graph SDK middleware (it replaces the SDK's RetryHandler so the
 * behaviour is ours and testable): 408/429/503 honour Retry-After (seconds or HTTP date);
 * without it, and for 500/502/504 and network errors, a jittered exponential backoff.
 * Network errors and 500/502/504 are not retried for POST (see mayResend); throttling answers
 * are, since a throttled request was not carried out. Bounded
 * in attempts and in any single wait: a Retry-After longer than `maxWaitMs` is handed back to
 * the caller (as a throttled result) instead of blocking a tick.
 */
import { countThrottled } from '../telemetry/instruments';
import { parseRetryAfter } from '../kernel/retry-after';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxWaitMs: number;
  /** Injected so tests run without real waiting (and can check the waits asked for). */
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 500,
  maxWaitMs: 30_000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random,
};

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRY_STATUSES.has(status);
}

/**
 * 408 and 429 say the request was not carried out. Any 5xx answer to a POST, 503 included, may
 * come after the item was created (the front door can fail after SharePoint applied the
 * write), so resending it could create a second one: the caller re-reads the list by the
 * record's key first and only then tries again (sharepoint/item-writer.ts).
 */
const NOT_CARRIED_OUT = new Set([408, 429]);

export function mayResend(method: string, status: number): boolean {
  if (!isRetryableStatus(status)) return false;
  return method.toUpperCase() !== 'POST' || NOT_CARRIED_OUT.has(status);
}

/** Retry-After as milliseconds, or null when absent/unreadable (kernel/retry-after.ts). */
export { parseRetryAfter };

/** Full jitter: uniform in [0, base·2^attempt], never above maxWaitMs. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const cap = Math.min(policy.maxWaitMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(policy.random() * cap);
}

function methodOf(context: Context): string {
  return String(context.options?.method ?? 'GET').toUpperCase();
}

export class RetryMiddleware implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly policy: RetryPolicy) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error('RetryMiddleware needs a next middleware');
    for (let attempt = 0; ; attempt++) {
      let failure: unknown = null;
      try {
        await this.next.execute(context);
      } catch (e) {
        failure = e;
      }
      const last = attempt >= this.policy.maxRetries;
      if (failure) {
        // A POST whose connection broke may have been applied: resending could create a
        // second item. The caller keeps it pending and checks for it before trying again.
        if (last || methodOf(context) === 'POST') throw failure;
        await this.policy.sleep(backoffMs(this.policy, attempt));
        continue;
      }
      const res = context.response;
      if (res && (res.status === 429 || (res.status === 503 && res.headers.has('Retry-After'))))
        countThrottled('graph');
      if (!res || !mayResend(methodOf(context), res.status) || last) return;
      const asked = parseRetryAfter(res.headers.get('Retry-After'));
      if (asked !== null && asked > this.policy.maxWaitMs) return; // the caller keeps it pending
      // Drain the body so the connection can be reused.
      await res.arrayBuffer().catch(() => undefined);
      await this.policy.sleep(asked ?? backoffMs(this.policy, attempt));
    }
  }
}
