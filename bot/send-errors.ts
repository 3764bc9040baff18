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

/** The error's code and sub-code from whichever body the HTTP stack kept. */
function errorCodes(e: ErrorLike): { code?: string; subCode?: string } {
  const bodies = [e.body, e.response?.parsedBody];
  if (e.response?.bodyAsText) {
    try {
      bodies.push(JSON.parse(e.response.bodyAsText));
    } catch {
      // not JSON
    }
  }
  let code: string | undefined;
  let subCode: string | undefined;
  for (const b of bodies) {
    const body = b as { error?: { code?: unknown; subCode?: unknown }; subCode?: unknown };
    if (!code && typeof body?.error?.code === 'string') code = body.error.code;
    const sub = body?.error?.subCode ?? body?.subCode;
    if (!subCode && typeof sub === 'string') subCode = sub;
  }
  return { ...(code ? { code } : {}), ...(subCode ? { subCode } : {}) };
}

/**
 * The outcome code of a 403 that InvalidBotApiHost explains: the conversation belongs to a
 * government-cloud (GCC) tenant and must be reached through the GCC host (the sender follows
 * it, bot/connector-notifier.ts).
 */
export const GOVERNMENT_HOST_CODE = 'invalid-bot-api-host';

/**
 * The 403s of Teams' "Status codes from bot conversational APIs", told apart. Only a user's
 * block is permanent: `ConversationBlockedByUser`, and the `MessageWritesBlocked` sub-code
 * Teams uses for a blocked (or uninstalled) bot. The app missing for the user
 * (`ForbiddenOperationException`, `BotNotInConversationRoster`) is "recipient not found": it
 * heals when the app is installed. Anything else (`BotDisabledByAdmin`,
 * `NotEnoughPermissions`, an unknown or absent code) is a failure the ledger retries a few
 * times and reports, never a silent drop; `InvalidBotApiHost` sends the sender to the GCC host.
 */
function forbidden(e: ErrorLike): SendOutcome {
  const { code, subCode } = errorCodes(e);
  if (
    code === 'ConversationBlockedByUser' ||
    subCode === 'MessageWritesBlocked' ||
    code === 'MessageWritesBlocked'
  )
    return { status: 'blocked' };
  if (code === 'ForbiddenOperationException' || code === 'BotNotInConversationRoster')
    return { status: 'recipient-not-found' };
  if (code === 'InvalidBotApiHost') return { status: 'failed', code: GOVERNMENT_HOST_CODE };
  // Not a 4xx-looking code: the ledger keeps it retryable (ledger.ts retryableOutcome).
  return { status: 'failed', code: `forbidden-${code ?? 'unknown'}` };
}

/**
 * The bot's own credentials failed, a problem for whoever configured the app registration or
 * managed identity, never the recipient's doing: `bot-token` when no token could be had (a
 * wrong or expired secret, an identity not assigned), `bot-unauthorized` when the Bot Connector
 * answered 401 to the token it got (wrong audience, tenant or app id, an expired token). Both
 * heal once the configuration is fixed, so they stay retryable (not 4xx-looking codes).
 */
export const BOT_TOKEN_CODE = 'bot-token';
export const BOT_UNAUTHORIZED_CODE = 'bot-unauthorized';

/** Errors raised while getting the bot's token (ours, and @azure/identity's for a managed identity). */
const TOKEN_ERRORS = new Set([
  'BotTokenError',
  'AuthenticationError',
  'CredentialUnavailableError',
]);

/**
 * `existing`: the send went to a stored chat; `create`: creating a new 1:1 chat failed, where a
 * 404 means Teams does not know this person. A 403 is told apart by its cause (forbidden()).
 */
export function classifySendError(err: unknown, route: 'existing' | 'create'): SendOutcome {
  const e = (err ?? {}) as ErrorLike;
  if (TOKEN_ERRORS.has(String((err as { name?: unknown } | null)?.name)))
    return { status: 'failed', code: BOT_TOKEN_CODE };
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
  if (status === 401) return { status: 'failed', code: BOT_UNAUTHORIZED_CODE };
  if (status === 403) return forbidden(e);
  if (status === 404)
    return route === 'create' ? { status: 'recipient-not-found' } : { status: 'conversation-gone' };
  return { status: 'failed', code: String(status) };
}
