/**
 * Turns whatever the Bot Connector client threw into a typed SendOutcome. The status and
 * Retry-After live in different places depending on the HTTP stack (core-rest-pipeline
 * RestError, fetch errors, plain objects), so this reads them defensively.
 */
import { parseRetryAfter } from '../kernel/retry-after';
import type { SendOutcome } from '../ports/notifier';

interface ErrorLike {
  statusCode?: number;
  status?: number;
  code?: string;
  response?: { status?: number; headers?: unknown; bodyAsText?: string; parsedBody?: unknown };
  body?: unknown;
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  const h = headers as { get?: (n: string) => string | null | undefined } & Record<string, unknown>;
  if (typeof h.get === 'function') return h.get(name) ?? undefined;
  const v = h[name] ?? h[name.toLowerCase()];
  return typeof v === 'string' ? v : undefined;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; 1 s when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number = Date.now()): number {
  return parseRetryAfter(value, () => now) ?? 1000;
}

function errorCode(e: ErrorLike): string | undefined {
  const bodies = [e.body, e.response?.parsedBody];
  if (e.response?.bodyAsText) {
    try {
      bodies.push(JSON.parse(e.response.bodyAsText));
    } catch {
      // not JSON
    }
  }
  for (const b of bodies) {
    const code = (b as { error?: { code?: unknown } } | undefined)?.error?.code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * `existing`: the send went to a stored chat; `create`: creating a new 1:1 chat failed, where a
 * 403/404 means Teams will not let the bot reach this person (not installed, unknown user).
 */
export function classifySendError(err: unknown, route: 'existing' | 'create'): SendOutcome {
  const e = (err ?? {}) as ErrorLike;
  const status = e.statusCode ?? e.response?.status ?? e.status;
  if (typeof status !== 'number') {
    const code = typeof e.code === 'string' ? e.code : '';
    if (/TIMEDOUT|ETIMEDOUT|AbortError|timeout/i.test(code))
      return { status: 'failed', code: 'timeout' };
    return { status: 'failed', code: 'network' };
  }
  if (status === 429)
    return {
      status: 'throttled',
      retryAfterMs: retryAfterMs(header(e.response?.headers, 'retry-after')),
    };
  // A 503 may say how long the service will be down; without Retry-After, the queue backs off.
  const after = header(e.response?.headers, 'retry-after');
  if (status === 503 && after !== undefined)
    return { status: 'failed', code: '503', retryAfterMs: retryAfterMs(after) };
  const code = errorCode(e);
  if (route === 'create') {
    if (status === 403 && code === 'ConversationBlockedByUser') return { status: 'blocked' };
    if (status === 403 || status === 404) return { status: 'recipient-not-found' };
  } else {
    if (status === 403) return { status: 'blocked' };
    if (status === 404) return { status: 'conversation-gone' };
  }
  return { status: 'failed', code: String(status) };
}
