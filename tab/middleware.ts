/**
 * What every /api/tab call passes before its route's handler, outermost first:
 *   errors  — a thrown error becomes a 500 with a code (logged by name, never the message);
 *   host    — local mode believes X-Dev-User only from requests addressed to loopback (403,
 *             tab/host-check.ts: DNS rebinding);
 *   auth    — who is asking (tab/identify.ts: 401/503);
 *   access  — the handler's `deny(access)`: a refusal by the hierarchy (tab/access.ts) is logged
 *             and answered (403) in one place.
 * Logs carry ids and codes only.
 */
import { errorName } from '../kernel/errors';
import type { Logger } from '../ports/logger';
import type { OutboundMessage } from '../ports/notifier';
import type { AppContext } from '../usecases/context';
import type { TabConfig } from './config';
import { HOST_REFUSED, isLoopbackHost } from './host-check';
import { send, type Req, type Res } from './http';
import { identify } from './identify';
import type { TokenVerifier } from './token';

/** What a route's handler gets: the request, the answer, the caller, and the access check. */
export interface TabCall {
  req: Req;
  res: Res;
  /** The identified caller's staff id. */
  userId: string;
  /** The route's name in logs. */
  route: string;
  /** True (and the refusal answered) when `a` refuses: the handler just returns. */
  deny(a: Allowed): boolean;
}

/** An access decision (tab/access.ts) or a download's (tab/record-export.ts). */
export type Allowed = { ok: true } | { ok: false; status: number; code: string; message: string };

export type ApiHandler = (call: TabCall) => Promise<void>;

/** What the middleware needs of the tab. */
export interface TabEnv {
  ctx: AppContext;
  config: TabConfig;
  verifier: TokenVerifier | null;
  log: Logger;
  /** Sends the messages a use-case hands back (delivery/: ledger + send queue). */
  deliver?: (messages: OutboundMessage[]) => Promise<unknown>;
}

/** errors → host → auth → access → the handler. */
export function apiRoute(env: TabEnv, route: string, handler: ApiHandler) {
  return withErrors(env.log, route, async (req, res) => {
    if (hostRefused(env, req, res, route)) return;
    const userId = await authenticate(env, req, res, route);
    if (userId === null) return;
    await handler({ req, res, userId, route, deny: (a) => denied(env.log, res, route, userId, a) });
  });
}

/** A thrown error becomes a 500 with a code; what was already answered stays answered. */
export function withErrors(
  log: Logger,
  route: string,
  handler: (req: Req, res: Res) => Promise<void>,
) {
  return async (req: Req, res: Res): Promise<void> => {
    try {
      await handler(req, res);
    } catch (err) {
      log.error('tab.failed', { route, error: errorName(err) });
      if (!res.headersSent) send(res, 500, { error: 'internal', message: 'Something went wrong.' });
    }
  };
}

/** Local mode only: true (and answered 403) when the request is not addressed to loopback. */
export function hostRefused({ config, log }: TabEnv, req: Req, res: Res, route: string): boolean {
  if (config.mode !== 'local' || isLoopbackHost(req.headers.host)) return false;
  log.warn('tab.host-refused', { route, code: 'non-loopback-host' });
  send(res, 403, HOST_REFUSED);
  return true;
}

/** The caller's staff id, or null when they could not be identified (answered 401/503). */
async function authenticate(
  { config, verifier, log }: TabEnv,
  req: Req,
  res: Res,
  route: string,
): Promise<string | null> {
  const who = await identify(req.headers, config, verifier);
  if (who.ok) return who.staffId;
  log.warn('tab.unauthenticated', { route, code: who.code });
  send(res, who.status, { error: who.code, message: who.message });
  return null;
}

function denied(log: Logger, res: Res, route: string, userId: string, a: Allowed): boolean {
  if (a.ok) return false;
  log.warn('tab.forbidden', { route, userId, code: a.code });
  send(res, a.status, { error: a.code, message: a.message });
  return true;
}
