/**
 * `POST /api/messages`: what botbuilder's `CloudAdapter.process` does, with the failure paths
 * made safe for a public endpoint.
 *
 * `CloudAdapter.process` writes every failure to `console.error` (a 10-15 line stack trace on
 * stderr, outside the redacting logger, once per anonymous request) and answers with the
 * error's message; and when the Bot Framework's signing keys cannot be fetched, even a token
 * that can never be valid gets a 500. Here instead:
 *
 * 1. the body must be an activity object (400, no detail);
 * 2. outside local mode, a token that can never be valid is refused at once (401, no detail,
 *    bot/token-screen.ts), without fetching any key;
 * 3. botbuilder authenticates the rest (signature, issuer, audience, endorsements): its
 *    refusals are 401 with no detail; a failure to fetch the keys is 503 with Retry-After
 *    (the Bot Connector retries, a legitimate activity is not lost);
 * 4. the authenticated activity runs through the adapter (`processActivity`), whose
 *    `onTurnError` handles turn failures; an invoke's response is written back.
 *
 * Every refusal is one JSON log line with a code, through the logger, rate-limited per code
 * (bot/log-limiter.ts), never the token, never a stack trace.
 */
import { errorCode, errorName } from '../kernel/errors';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, ActivityHandler } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { Logger } from '../ports/logger';
import type { BotAdapter } from './adapter';
import type { LimitedLog } from './log-limiter';
import { screenBearer } from './token-screen';

export interface InboundDeps {
  adapter: BotAdapter;
  bot: ActivityHandler;
  logger: Logger;
  limited: LimitedLog;
  /** True when inbound activities are not authenticated (explicit local mode). */
  localMode: boolean;
  now?: () => number;
}

type Req = IncomingMessage & { body?: unknown };

/** Errors botbuilder's validation throws for a bad token (jsonwebtoken's, or its own). */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

function isTokenRefusal(err: unknown): boolean {
  if (err instanceof AuthenticationError) return true;
  const e = err as { name?: unknown; statusCode?: unknown } | null;
  return (
    !!e && (e.statusCode === 401 || e.statusCode === 403 || TOKEN_ERRORS.has(String(e.name ?? '')))
  );
}

function answer(res: ServerResponse, status: number, body?: unknown, headers = {}): void {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
    res.end();
    return;
  }
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/** ISO strings to Dates, as botbuilder's validateAndFixActivity does (not exported). */
function fixTimestamps(a: Record<string, unknown>): Activity {
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    if (typeof a[field] === 'string') {
      a[raw] = a[field];
      a[field] = new Date(a[field]);
    }
  }
  return a as unknown as Activity;
}

export async function handleInbound(deps: InboundDeps, req: Req, res: ServerResponse) {
  const { adapter, bot, logger, limited } = deps;
  const body = req.body;
  if (
    !body ||
    typeof body !== 'object' ||
    Array.isArray(body) ||
    typeof (body as { type?: unknown }).type !== 'string'
  ) {
    limited.warn('inbound.bad-request', 'not-an-activity');
    return answer(res, 400);
  }
  const header = req.headers.authorization ?? '';

  if (!deps.localMode) {
    const screen = screenBearer(header, (deps.now ?? Date.now)());
    if (!screen.ok) {
      limited.warn('inbound.unauthenticated', screen.code);
      return answer(res, 401);
    }
  }

  const activity = fixTimestamps(body as Record<string, unknown>);
  let auth;
  try {
    auth = await adapter.authenticate(activity, header);
  } catch (err) {
    if (isTokenRefusal(err)) {
      limited.warn('inbound.unauthenticated', 'token-rejected');
      return answer(res, 401);
    }
    // Signing keys or OpenID metadata unreachable: not the caller's fault, try again later.
    limited.warn('inbound.auth-unavailable', 'signing-keys-unavailable', {
      error: errorName(err),
    });
    return answer(res, 503, undefined, { 'Retry-After': '30' });
  }

  try {
    const invoke = await adapter.run(auth, activity, (context) => bot.run(context));
    answer(res, invoke?.status ?? 200, invoke?.body);
  } catch (err) {
    // onTurnError handles the turn; what escapes is connector-client set-up. Code only.
    logger.error('server.process-failed', {
      code: errorCode(err),
    });
    answer(res, 500);
  }
}
