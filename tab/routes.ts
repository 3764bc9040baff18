/**
 * Mounts the tab on the bot's HTTP server (bot/main.ts `mounts`, bot/server.ts `Routes`): one
 * handler per route (tab/api/), each behind the same middleware (tab/middleware.ts: errors,
 * host check, identification, access).
 *
 *   GET  /tab/ (+ its scripts, app.css, vendor/teams-js.js)  the page               api/page.ts
 *   GET  /api/tab/mode                  local or sso (no data; the page needs it)  api/dev-people.ts
 *   GET  /api/tab/dev/people            local mode only: the identity picker       api/dev-people.ts
 *   GET  /api/tab/me                    my supervision                             api/me.ts
 *   GET  /api/tab/team[.csv]?manager=ID my team (or a sub-tree of it)              api/team.ts
 *   GET  /api/tab/people/:id            one person's history                       api/people.ts
 *   GET  /api/tab/audit-sample?manager=ID&month=YYYY-MM  the month's dip sample    api/audit-sample.ts
 *   GET  /api/tab/triage?month=YYYY-MM  the rota month                             api/triage.ts
 *   GET  /api/tab/records/:id.pdf       one record, printable                      api/pdf.ts
 *   GET  /api/tab/people/:id/file.pdf?from=D&to=D  a supervision file              api/pdf.ts
 *   GET  /api/tab/record-form/:id       a session's record form                    api/record-form.ts
 *   POST /api/tab/record-form/:id       {finish, sections, cases, nextSessionAt?}  api/record-form.ts
 *   POST /api/tab/sign                  {sessionId, decision, comment?, contentHash?}  api/actions.ts
 *   POST /api/tab/triage/swap           {date, to: 'hub' | staff id}               api/actions.ts
 *
 * Every /api/tab request except `mode` is identified first (tab/identify.ts: 401/503), then
 * authorised against the hierarchy (tab/access.ts: 403). In local mode a request whose Host is
 * not a loopback name is refused before that (403, tab/host-check.ts: DNS rebinding). Because
 * identity travels in a header (Bearer or X-Dev-User) and never in a cookie, another site
 * cannot make a browser call this API on someone's behalf. Logs carry ids and codes only.
 */
import type { OutboundMessage } from '../ports/notifier';
import type { AppContext } from '../usecases/context';
import { signRoute, swapRoute } from './api/actions';
import { auditSampleRoute } from './api/audit-sample';
import { devPeopleRoute, modeRoute } from './api/dev-people';
import { meRoute } from './api/me';
import { mountPage } from './api/page';
import { filePdfRoute, recordPdfRoute } from './api/pdf';
import { personRoute } from './api/people';
import { recordFormRoute, recordSaveRoute } from './api/record-form';
import { teamCsvRoute, teamRoute } from './api/team';
import { triageRoute } from './api/triage';
import type { TabConfig } from './config';
import type { RouteTarget } from './http';
import { apiRoute, type ApiHandler, type TabEnv } from './middleware';
import { createTokenVerifier, type TokenVerifier } from './token';

export type { RouteTarget } from './http';
export { mostReportedTo } from './api/dev-people';

export interface TabOptions {
  config: TabConfig;
  /** Overrides the JWKS-backed verifier (tests may pass their own keys' verifier). */
  verifier?: TokenVerifier;
  /** Sends the messages a use-case hands back (delivery/: ledger + send queue). */
  deliver?: (messages: OutboundMessage[]) => Promise<unknown>;
}

/** The identified API: method, path, name in logs, handler. */
const API: Array<['get' | 'post', string, string, (env: TabEnv) => ApiHandler]> = [
  ['get', '/api/tab/me', 'me', meRoute],
  ['get', '/api/tab/team', 'team', teamRoute],
  ['get', '/api/tab/team.csv', 'team.csv', teamCsvRoute],
  ['get', '/api/tab/people/:id', 'people', personRoute],
  ['get', '/api/tab/records/:file', 'record.pdf', recordPdfRoute],
  ['get', '/api/tab/people/:id/file.pdf', 'file.pdf', filePdfRoute],
  ['get', '/api/tab/audit-sample', 'audit-sample', auditSampleRoute],
  ['get', '/api/tab/triage', 'triage', triageRoute],
  ['get', '/api/tab/record-form/:id', 'record-form', recordFormRoute],
  ['post', '/api/tab/record-form/:id', 'record-save', recordSaveRoute],
  ['post', '/api/tab/sign', 'sign', signRoute],
  ['post', '/api/tab/triage/swap', 'swap', swapRoute],
];

export function tabRoutes(options: TabOptions): (server: RouteTarget, ctx: AppContext) => void {
  return (server, ctx) => {
    const { config } = options;
    const env: TabEnv = {
      ctx,
      config,
      verifier:
        options.verifier ?? (config.mode === 'sso' ? createTokenVerifier(config, ctx.clock) : null),
      log: ctx.logger,
      ...(options.deliver ? { deliver: options.deliver } : {}),
    };
    mountPage(server);
    server.get('/api/tab/mode', modeRoute(env));
    server.get('/api/tab/dev/people', devPeopleRoute(env));
    for (const [method, path, name, route] of API)
      server[method](path, apiRoute(env, name, route(env)));
  };
}
