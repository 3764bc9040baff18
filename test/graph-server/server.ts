/**
 * A Microsoft Graph (SharePoint lists) protocol test server on 127.0.0.1, port 0, over TLS
 * with a throwaway certificate. Serves the Entra token endpoint (and the OpenID metadata MSAL
 * reads first), the Graph routes in routes.ts, JSON `$batch` (at most 20 requests, `dependsOn`
 * → 424 when the dependency failed, per-request statuses and headers), injectable faults
 * (429/503 with Retry-After every Nth request, 500s, dropped connections) and a request log
 * with counts per endpoint and SharePoint resource units (RU) as Microsoft publishes them:
 * single item query 1, multi-item query 2, create/update/delete 2, delta with a token 1.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { route, type GraphReply, type RouteInfo } from './routes';
import { LONDON_TIME_ZONE, SharePointState } from './state';
import { testCertificate } from './tls';

export interface Faults {
  /** Every Nth Graph request (top-level or inside a batch) is throttled. */
  throttleEvery?: number;
  throttleStatus?: 429 | 503;
  retryAfterSeconds?: number;
  /** Every Nth Graph request answers `errorStatus` (500 unless set). */
  errorEvery?: number;
  errorStatus?: number;
  /** Every Nth top-level Graph request has its connection destroyed without an answer. */
  dropEvery?: number;
  /** Every Nth top-level Graph request is CARRIED OUT, then its connection destroyed (a lost answer). */
  dropAfterEvery?: number;
  /** Limits dropAfterEvery to requests of this method (e.g. only the POST loses its answer). */
  dropAfterMethod?: string;
  /** Delta reports changed items without `fields`, whatever was asked (clients must re-read). */
  deltaOmitsFields?: boolean;
  /**
   * Every Nth write (POST/PATCH/DELETE, top-level or in a batch) is CARRIED OUT and then
   * answered `applyThenErrorStatus` (503 unless set): a 5xx never proves nothing happened.
   */
  applyThenErrorEvery?: number;
  applyThenErrorStatus?: number;
  /** Limits applyThenErrorEvery to this method. */
  applyThenErrorMethod?: string;
  /**
   * SharePoint's per-application resource-unit budget per minute (a sliding minute): a request
   * that finds it spent answers 429 with the Retry-After until enough RU leave the window
   * (e.g. 1,200 for a tenant of up to 1,000 licences, "Avoid getting throttled or blocked in
   * SharePoint Online"). Requests inside a batch count one by one.
   */
  ruPerMinute?: number;
  /** Added to every top-level answer (ms), plus latencyPerItemMs per item in its `value`. */
  latencyMs?: number;
  latencyPerItemMs?: number;
}

/**
 * Graph application permissions as the test server enforces them. A token carries the app
 * roles consented for its client id (`appRoles`; an app not listed gets DEFAULT_ROLES). With
 * `Sites.Selected` the app reaches only sites granted to it (`siteGrants`: site id → app id →
 * role, as `POST /sites/{id}/permissions` records), up to that role. What each needs:
 *   - read (GET): Sites.Read.All, Sites.ReadWrite.All, Sites.Manage.All, Sites.FullControl.All,
 *     or Sites.Selected + any role;
 *   - item writes: Sites.ReadWrite.All and up, or Sites.Selected + write/owner/fullcontrol;
 *   - list create, column create or update: Sites.Manage.All (the least privileged permission
 *     Graph's "Create list" and "Create columnDefinition" pages name) or Sites.FullControl.All,
 *     or Sites.Selected + owner/fullcontrol. Whether Sites.Selected + write may do it is not
 *     documented ("write: read and modify the metadata and contents"), so it is refused here:
 *     the strict reading.
 */
export interface Permissions {
  appRoles: Map<string, string[]>;
  siteGrants: Map<string, Map<string, 'read' | 'write' | 'owner' | 'fullcontrol'>>;
}

const DEFAULT_ROLES = ['Sites.FullControl.All'];

type Need = 'read' | 'write' | 'manage';

function needOf(method: string, path: string): Need {
  if (method === 'GET') return 'read';
  if (/\/lists$/.test(path) || /\/columns(\/[^/]+)?$/.test(path)) return 'manage';
  return 'write';
}

function allowed(roles: string[], grant: string | undefined, need: Need): boolean {
  if (roles.includes('Sites.FullControl.All') || roles.includes('Sites.Manage.All')) return true;
  if (need !== 'manage' && roles.includes('Sites.ReadWrite.All')) return true;
  if (need === 'read' && roles.includes('Sites.Read.All')) return true;
  if (!roles.includes('Sites.Selected') || !grant) return false;
  if (need === 'read') return true;
  if (need === 'write') return grant !== 'read';
  return grant === 'owner' || grant === 'fullcontrol';
}

/** Documented-or-observed behaviours with more than one candidate answer. */
export interface Behaviour {
  /** The answer to a value a unique column refuses: 409, 400 or (default) 500. */
  duplicateStatus: 409 | 400 | 500;
}

export interface Hooks {
  /**
   * Runs just before a Graph request (top-level or inside a batch) is carried out, so a test can
   * play another user or instance at that exact moment (e.g. between a read and a create).
   */
  beforeRoute?: (req: { method: string; path: string; inBatch: boolean }) => void;
  /** Answers a request instead of the route (a fault aimed at one request); null: carry on. */
  intercept?: (req: { method: string; path: string; inBatch: boolean }) => GraphReply | null;
}

export interface LogEntry {
  method: string;
  endpoint: string;
  status: number;
  ru: number;
  inBatch: boolean;
  /** A `$batch` envelope (its requests are logged one by one, `inBatch`). */
  envelope?: boolean;
}

export interface GraphTestServer {
  /** e.g. https://127.0.0.1:41234 — the authority host and the Graph host alike. */
  origin: string;
  /** `${origin}/v1.0`, the value for GRAPH_BASE_URL. */
  graphBaseUrl: string;
  /** PEM of the certificate clients must trust. */
  ca: string;
  state: SharePointState;
  faults: Faults;
  behaviour: Behaviour;
  hooks: Hooks;
  log: LogEntry[];
  /** Requests and RU since the last reset, per endpoint (requests inside a batch count in RU, not requests). */
  stats(): { requests: number; ru: number; byEndpoint: Record<string, number>; throttled: number };
  resetLog(): void;
  /** Tokens issued (tests check the SDK really authenticated). */
  tokensIssued(): number;
  /**
   * Mints a Graph token for an app (client id) as another token service would (a managed
   * identity endpoint, test/managed-identity-server/); it carries the app's roles like the
   * token endpoint's do.
   */
  issueToken(appId: string): string;
  /** App roles put in tokens, and Sites.Selected grants per site (see permissionDenied). */
  permissions: Permissions;
  close(): Promise<void>;
}

export interface GraphServerOptions {
  /** Page size when a request gives no $top (SharePoint's default is 200). */
  defaultPageSize?: number;
  now?: () => Date;
  /** See Behaviour (defaults: the strictest reading). */
  duplicateStatus?: 409 | 400 | 500;
}

/**
 * Certificate credentials send a JWT client assertion: the right assertion type, a JWT
 * whose header names the certificate (x5t / x5t#S256) and is signed (RS256/PS256).
 */
/** A secret the token endpoint refuses (tests of a wrong secret). */
export const REJECTED_SECRET = 'wrong-secret';

function validAssertion(form: URLSearchParams): boolean {
  if (
    form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
  )
    return false;
  const parts = (form.get('client_assertion') ?? '').split('.');
  if (parts.length !== 3 || !parts[2]) return false;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    return (
      /^(RS|PS)256$/.test(String(header['alg'])) && Boolean(header['x5t'] ?? header['x5t#S256'])
    );
  } catch {
    return false;
  }
}

export async function startGraphServer(opts: GraphServerOptions = {}): Promise<GraphTestServer> {
  const { key, cert } = testCertificate();
  const state = new SharePointState(opts.now);
  const faults: Faults = {};
  const behaviour: Behaviour = { duplicateStatus: opts.duplicateStatus ?? 500 };
  const hooks: Hooks = {};
  let writeCounter = 0;
  const log: LogEntry[] = [];
  /** Issued token → the app it was issued to (client id) and the app roles it carries. */
  const tokens = new Map<string, { appId: string; roles: string[] }>();
  const permissions: Permissions = { appRoles: new Map(), siteGrants: new Map() };
  let counter = 0;
  let topCounter = 0;
  let origin = '';

  /** (time, RU) of served requests in the last minute, for the RU budget. */
  const spent: Array<{ at: number; ru: number }> = [];
  const budgetWait = (): number => {
    const limit = faults.ruPerMinute;
    if (!limit) return 0;
    const now = Date.now();
    while (spent.length > 0 && spent[0]!.at <= now - 60_000) spent.shift();
    let total = spent.reduce((a, b) => a + b.ru, 0);
    if (total < limit) return 0;
    // Seconds until enough RU have left the window to be under the limit again.
    for (const e of spent) {
      total -= e.ru;
      if (total < limit) return Math.max(1, Math.ceil((e.at + 60_000 - now) / 1000));
    }
    return 60;
  };

  /** 403 accessDenied when the token's roles (and Sites.Selected grants) do not allow it. */
  const permissionDenied = (
    method: string,
    path: string,
    authorization: string | undefined,
  ): GraphReply | null => {
    const who = tokens.get((authorization ?? '').replace(/^Bearer /, ''));
    if (!who) return null; // unauthenticated requests were refused before
    const p = decodeURIComponent(path.replace(/^\/v1\.0/, ''));
    const byPath = /^\/sites\/([^/:,]+):(\/[^:]*)/.exec(p);
    const byId = /^\/sites\/([^/]+)/.exec(p);
    const site = byPath
      ? state.findSiteByPath(byPath[1]!, byPath[2]!)
      : byId
        ? state.sites.get(byId[1]!)
        : undefined;
    const grant = site ? permissions.siteGrants.get(site.id)?.get(who.appId) : undefined;
    if (allowed(who.roles, grant, needOf(method, p))) return null;
    return {
      status: 403,
      body: {
        error: {
          code: 'accessDenied',
          message: 'Access denied',
        },
      },
    };
  };

  const fault = (): GraphReply | null => {
    counter += 1;
    const wait = budgetWait();
    if (wait > 0)
      return {
        status: 429,
        headers: { 'Retry-After': String(wait) },
        body: { error: { code: 'TooManyRequests', message: 'Resource unit budget spent' } },
      };
    if (faults.throttleEvery && counter % faults.throttleEvery === 0) {
      const status = faults.throttleStatus ?? 429;
      return {
        status,
        headers: { 'Retry-After': String(faults.retryAfterSeconds ?? 1) },
        body: {
          error: {
            code: status === 429 ? 'TooManyRequests' : 'serviceNotAvailable',
            message: 'Throttled',
          },
        },
      };
    }
    if (faults.errorEvery && counter % faults.errorEvery === 0) {
      const status = faults.errorStatus ?? 500;
      return {
        status,
        body: {
          error:
            status === 403
              ? { code: 'accessDenied', message: 'Access denied' }
              : { code: 'generalException', message: 'General exception' },
        },
      };
    }
    return null;
  };

  const serve = (
    method: string,
    url: string,
    headers: Record<string, string | undefined>,
    body: unknown,
    inBatch: boolean,
  ): GraphReply => {
    const f = fault();
    if (f) {
      log.push({ method, endpoint: 'throttled', status: f.status, ru: 0, inBatch });
      return f;
    }
    const denied = permissionDenied(method, url.split('?')[0]!, headers['authorization']);
    if (denied) {
      log.push({ method, endpoint: 'forbidden', status: 403, ru: 0, inBatch });
      return denied;
    }
    hooks.beforeRoute?.({ method, path: url.split('?')[0]!, inBatch });
    const forced = hooks.intercept?.({ method, path: url.split('?')[0]!, inBatch });
    if (forced) {
      log.push({ method, endpoint: 'intercepted', status: forced.status, ru: 0, inBatch });
      return forced;
    }
    const info: RouteInfo = { endpoint: 'unknown', ru: 0 };
    let reply: GraphReply;
    try {
      reply = route(
        {
          state,
          base: `${origin}/v1.0`,
          defaultPageSize: opts.defaultPageSize ?? 200,
          duplicateStatus: behaviour.duplicateStatus,
          ...(faults.deltaOmitsFields ? { deltaOmitsFields: true } : {}),
        },
        method,
        url,
        headers,
        body,
        info,
      );
    } catch (e) {
      reply = { status: 500, body: { error: { code: 'generalException', message: String(e) } } };
    }
    if (faults.applyThenErrorEvery && method !== 'GET') {
      const counted = !faults.applyThenErrorMethod || faults.applyThenErrorMethod === method;
      if (counted && ++writeCounter % faults.applyThenErrorEvery === 0) {
        const status = faults.applyThenErrorStatus ?? 503;
        log.push({ method, endpoint: info.endpoint, status: reply.status, ru: info.ru, inBatch });
        info.endpoint = 'applied-then-failed';
        info.ru = 0;
        reply = {
          status,
          body: {
            error: {
              code: status === 503 ? 'serviceNotAvailable' : 'generalException',
              message: 'Service unavailable',
            },
          },
        };
      }
    }
    log.push({ method, endpoint: info.endpoint, status: reply.status, ru: info.ru, inBatch });
    if (faults.ruPerMinute) spent.push({ at: Date.now(), ru: info.ru });
    return reply;
  };

  const batch = (body: unknown, headers: Record<string, string | undefined>): GraphReply => {
    const reqs = (body as { requests?: unknown })?.requests;
    if (!Array.isArray(reqs))
      return {
        status: 400,
        body: { error: { code: 'BadRequest', message: 'Invalid batch payload.' } },
      };
    if (reqs.length > 20) {
      return {
        status: 400,
        body: {
          error: { code: 'BadRequest', message: 'Number of requests exceeds the limit of 20.' },
        },
      };
    }
    const ids = new Set<string>();
    for (const r of reqs as Array<{ id?: unknown }>) {
      if (typeof r.id !== 'string' || ids.has(r.id)) {
        return {
          status: 400,
          body: {
            error: { code: 'BadRequest', message: 'Batch request ids must be unique strings.' },
          },
        };
      }
      ids.add(r.id);
    }
    const statuses = new Map<string, number>();
    const responses = (
      reqs as Array<{
        id: string;
        method: string;
        url: string;
        headers?: Record<string, string>;
        body?: unknown;
        dependsOn?: string[];
      }>
    ).map((r) => {
      const failedDep = (r.dependsOn ?? []).find(
        (d) => !((statuses.get(d) ?? 0) >= 200 && (statuses.get(d) ?? 0) < 300),
      );
      if (failedDep) {
        statuses.set(r.id, 424);
        return {
          id: r.id,
          status: 424,
          body: { error: { code: 'FailedDependency', message: 'Failed dependency' } },
        };
      }
      const h: Record<string, string | undefined> = { authorization: headers['authorization'] };
      for (const [k, v] of Object.entries(r.headers ?? {})) h[k.toLowerCase()] = v;
      const url = r.url.startsWith('/') ? `/v1.0${r.url}` : `/v1.0/${r.url}`;
      const reply = serve(String(r.method).toUpperCase(), url, h, r.body ?? null, true);
      statuses.set(r.id, reply.status);
      return {
        id: r.id,
        status: reply.status,
        headers: { 'Content-Type': 'application/json', ...(reply.headers ?? {}) },
        body: reply.body ?? null,
      };
    });
    return { status: 200, body: { responses } };
  };

  const server: Server = createServer(
    { key, cert },
    (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', origin);
        let loseAnswer = false;
        const send = (r: GraphReply) => {
          const delay = latencyOf(r);
          if (delay > 0) {
            setTimeout(() => answer(r), delay);
            return;
          }
          answer(r);
        };
        const answer = (r: GraphReply) => {
          if (loseAnswer) {
            log.push({
              method: req.method ?? 'GET',
              endpoint: 'answer-lost',
              status: 0,
              ru: 0,
              inBatch: false,
            });
            req.socket.destroy();
            return;
          }
          res.writeHead(r.status, { 'Content-Type': 'application/json', ...(r.headers ?? {}) });
          res.end(r.body === undefined ? '' : JSON.stringify(r.body));
        };
        // Entra ID: OpenID metadata (MSAL reads it before the first token) and the token endpoint.
        const oidc = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
        if (oidc) {
          const t = `${origin}/${oidc[1]}`;
          return send({
            status: 200,
            body: {
              token_endpoint: `${t}/oauth2/v2.0/token`,
              authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
              end_session_endpoint: `${t}/oauth2/v2.0/logout`,
              device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
              issuer: `${t}/v2.0`,
              jwks_uri: `${t}/discovery/v2.0/keys`,
              response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
              token_endpoint_auth_methods_supported: [
                'client_secret_post',
                'private_key_jwt',
                'client_secret_basic',
              ],
            },
          });
        }
        if (/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname) && req.method === 'POST') {
          const form = new URLSearchParams(text);
          log.push({ method: 'POST', endpoint: 'token', status: 200, ru: 0, inBatch: false });
          if (
            form.get('grant_type') !== 'client_credentials' ||
            !form.get('client_id') ||
            !(form.get('scope') ?? '').endsWith('/.default') ||
            !(
              (form.get('client_secret') && form.get('client_secret') !== REJECTED_SECRET) ||
              validAssertion(form)
            )
          ) {
            return send({
              status: 400,
              body: { error: 'invalid_request', error_description: 'client credentials required' },
            });
          }
          const token = `test-${randomUUID()}`;
          const appId = form.get('client_id') ?? '';
          tokens.set(token, {
            appId,
            roles: permissions.appRoles.get(appId) ?? [...DEFAULT_ROLES],
          });
          return send({
            status: 200,
            body: {
              token_type: 'Bearer',
              expires_in: 3599,
              ext_expires_in: 3599,
              access_token: token,
            },
          });
        }
        const beta = /^\/beta\/sites\/([^/]+)$/.exec(url.pathname);
        if (!url.pathname.startsWith('/v1.0/') && !beta)
          return send({ status: 404, body: { error: { code: 'NotFound', message: 'Not found' } } });

        topCounter += 1;
        if (faults.dropEvery && topCounter % faults.dropEvery === 0) {
          log.push({
            method: req.method ?? 'GET',
            endpoint: 'dropped',
            status: 0,
            ru: 0,
            inBatch: false,
          });
          req.socket.destroy();
          return;
        }
        loseAnswer = Boolean(
          faults.dropAfterEvery &&
          topCounter % faults.dropAfterEvery === 0 &&
          (!faults.dropAfterMethod || faults.dropAfterMethod === req.method),
        );
        const auth = req.headers['authorization'] ?? '';
        if (!auth.startsWith('Bearer ') || !tokens.has(auth.slice(7))) {
          log.push({
            method: req.method ?? 'GET',
            endpoint: 'unauthorized',
            status: 401,
            ru: 0,
            inBatch: false,
          });
          return send({
            status: 401,
            body: {
              error: {
                code: 'InvalidAuthenticationToken',
                message: 'Access token is empty or invalid.',
              },
            },
          });
        }
        let body: unknown = null;
        if (text) {
          try {
            body = JSON.parse(text);
          } catch {
            return send({
              status: 400,
              body: { error: { code: 'BadRequest', message: 'Invalid JSON body.' } },
            });
          }
        }
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(req.headers))
          headers[k] = Array.isArray(v) ? v.join(',') : v;
        if (url.pathname === '/v1.0/$batch' && req.method === 'POST') {
          const f = fault();
          if (f) {
            log.push({
              method: 'POST',
              endpoint: 'throttled',
              status: f.status,
              ru: 0,
              inBatch: false,
              envelope: true,
            });
            return send(f);
          }
          log.push({
            method: 'POST',
            endpoint: 'batch',
            status: 200,
            ru: 0,
            inBatch: false,
            envelope: true,
          });
          return send(batch(body, headers));
        }
        if (beta) {
          // Beta: the site's settings (siteSettings: languageTag, timeZone).
          const site = state.sites.get(decodeURIComponent(beta[1]!));
          log.push({
            method: 'GET',
            endpoint: 'site-beta',
            status: site ? 200 : 404,
            ru: 1,
            inBatch: false,
          });
          return send(
            site
              ? {
                  status: 200,
                  body: {
                    id: site.id,
                    settings: { languageTag: 'en-GB', timeZone: site.timeZone ?? LONDON_TIME_ZONE },
                  },
                }
              : {
                  status: 404,
                  body: { error: { code: 'itemNotFound', message: 'Site not found' } },
                },
          );
        }
        send(serve(req.method ?? 'GET', `${url.pathname}${url.search}`, headers, body, false));
      });
    },
  );

  function latencyOf(r: GraphReply): number {
    const base = faults.latencyMs ?? 0;
    const per = faults.latencyPerItemMs ?? 0;
    if (!base && !per) return 0;
    const body = r.body as
      { value?: unknown[]; responses?: Array<{ body?: { value?: unknown[] } }> } | undefined;
    const items =
      (body?.value?.length ?? 0) +
      (body?.responses ?? []).reduce((n, x) => n + (x.body?.value?.length ?? 1), 0);
    return base + per * items;
  }

  // Graph's front door keeps idle connections far longer than node's 5 s default.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    graphBaseUrl: `${origin}/v1.0`,
    ca: cert,
    state,
    faults,
    behaviour,
    hooks,
    log,
    stats() {
      const entries = log.filter((e) => e.endpoint !== 'token');
      const byEndpoint: Record<string, number> = {};
      let ru = 0;
      let requests = 0;
      let throttled = 0;
      for (const e of entries) {
        byEndpoint[e.endpoint] = (byEndpoint[e.endpoint] ?? 0) + 1;
        ru += e.ru;
        if (!e.inBatch) requests += 1;
        if (e.status === 429 || e.status === 503) throttled += 1;
      }
      return { requests, ru, byEndpoint, throttled };
    },
    resetLog() {
      log.length = 0;
    },
    tokensIssued: () => tokens.size,
    issueToken: (appId: string) => {
      const token = `test-${randomUUID()}`;
      tokens.set(token, { appId, roles: permissions.appRoles.get(appId) ?? [...DEFAULT_ROLES] });
      return token;
    },
    permissions,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
