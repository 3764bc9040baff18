/**
 * Bounded retries for Azure Table calls: 408, 429 and 5xx responses, network errors and our
 * own per-request timeout. Honours Retry-After (seconds or an HTTP date), otherwise backs off
 * exponentially with full jitter. Anything else (404, 409, 412, 400...) is an answer, not a
 * failure, and goes straight back to the caller.
 */
import { AppError } from '../kernel/errors';
import { parseRetryAfter } from '../kernel/retry-after';

export interface RetryOptions {
  /** Attempts after the first (default 4). */
  maxRetries?: number;
  /** First back-off step (default 250 ms); doubles each attempt. */
  baseDelayMs?: number;
  /** Cap on any single wait, Retry-After included (default 20 s). */
  maxDelayMs?: number;
  /** Abort a request that has not answered in this long (default 15 s). */
  requestTimeoutMs?: number;
}

/** Thrown when the retries are used up; its code (`kv-unavailable`) is in kernel/errors.ts. */
export class KvUnavailableError extends AppError {
  constructor(
    readonly status: number | string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(
      'kv-unavailable',
      `Azure Tables unavailable (${status}) after ${attempts} attempts`,
      options,
    );
    this.name = 'KvUnavailableError';
  }
}

interface ErrorLike {
  statusCode?: number;
  code?: string;
  name?: string;
  response?: { headers?: { get(name: string): string | undefined } };
}

export function statusOf(err: unknown): number | undefined {
  return (err as ErrorLike | null)?.statusCode;
}

/** What made a call retryable, or null when the error is a real answer. */
function transient(err: unknown, timedOut: boolean): number | string | null {
  if (timedOut) return 'timeout';
  const e = (err ?? {}) as ErrorLike;
  const status = e.statusCode;
  if (status === 408 || status === 429 || (status !== undefined && status >= 500)) return status;
  if (status === undefined) {
    if (e.name === 'AbortError') return 'timeout';
    if (e.code === 'REQUEST_SEND_ERROR' || /^E[A-Z]+$/.test(e.code ?? ''))
      return e.code ?? 'network';
  }
  return null;
}

function retryAfterMs(err: unknown): number | undefined {
  const header = (err as ErrorLike | null)?.response?.headers?.get('retry-after');
  return parseRetryAfter(header) ?? undefined;
}

export async function retrying<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  options: RetryOptions,
  onRetry: (attempt: number, status: number | string, delayMs: number) => void,
): Promise<T> {
  const maxRetries = options.maxRetries ?? 4;
  const base = options.baseDelayMs ?? 250;
  const cap = options.maxDelayMs ?? 20_000;
  const timeout = options.requestTimeoutMs ?? 15_000;
  for (let attempt = 0; ; attempt++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    try {
      return await fn(controller.signal);
    } catch (err) {
      const why = transient(err, controller.signal.aborted);
      if (why === null) throw err;
      if (attempt >= maxRetries) throw new KvUnavailableError(why, attempt + 1, { cause: err });
      const delay = Math.min(cap, retryAfterMs(err) ?? Math.random() * base * 2 ** attempt);
      onRetry(attempt + 1, why, Math.round(delay));
      await new Promise((r) => setTimeout(r, delay));
    } finally {
      clearTimeout(timer);
    }
  }
}
