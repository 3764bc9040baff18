/**
 * The one door to Microsoft Graph: the real SDK client (`Client.initWithMiddleware`) with an
 * @azure/identity credential (a user-assigned managed identity, a certificate or a secret;
 * authority host and Graph base URL configurable for sovereign clouds) and our retry middleware. Every call returns a typed
 * GraphResult; nothing raw is thrown to callers. `$batch` is split into requests of at most
 * 20 and the per-request statuses come back one by one (throttled ones are retried).
 */
import { errorCode, errorName } from '../kernel/errors';
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  ResponseType,
  type AuthenticationProvider,
} from '@microsoft/microsoft-graph-client';
import type { Logger } from '../ports/logger';
import { countThrottled, traced } from '../telemetry/instruments';
import {
  backoffMs,
  defaultRetryPolicy,
  mayResend,
  parseRetryAfter,
  RetryMiddleware,
  type RetryPolicy,
} from './retry';

export type GraphResult<T = unknown> =
  | { ok: true; status: number; body: T; etag?: string }
  | {
      ok: false;
      /** HTTP status, or 0 when the network failed after retries. */
      status: number;
      /** Graph's error code (e.g. `itemNotFound`, `resyncRequired`) or `network`. */
      code: string;
      message: string;
      retryAfterMs?: number;
      /** 410 on delta carries a fresh enumeration URL here. */
      location?: string;
    };

export interface BatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the version root, e.g. `/sites/{id}/lists/{id}/items`. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  dependsOn?: string[];
}

export const BATCH_LIMIT = 20;

export interface GraphClientOptions {
  /**
   * Client id of a user-assigned managed identity: the token comes from the host's identity
   * endpoint (App Service's IDENTITY_ENDPOINT, or IMDS), so no tenant, app id or secret.
   */
  managedIdentityClientId?: string;
  /** With a secret or certificate: the tenant and the app registration. */
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  certificatePath?: string;
  /** Including the version, e.g. https://graph.microsoft.com/v1.0. */
  graphBaseUrl: string;
  authorityHost?: string;
  retry?: Partial<RetryPolicy>;
  logger: Logger;
  /** Passed to fetch (e.g. an undici `dispatcher` trusting a test CA). */
  fetchOptions?: Record<string, unknown>;
  /** Extra CA for the token endpoint (tests: the loopback server's self-signed certificate). */
  trustedCa?: string;
  /**
   * SharePoint asks apps to decorate traffic (`NONISV|Company|App/Version`) so it throttles
   * them by app rather than lumping them with undecorated traffic.
   */
  userAgent?: string;
}

class CredentialAuthProvider implements AuthenticationProvider {
  constructor(
    private readonly credential: TokenCredential,
    private readonly scope: string,
  ) {}
  async getAccessToken(): Promise<string> {
    const t = await this.credential.getToken(this.scope);
    if (!t) throw new Error('no token');
    return t.token;
  }
}

export class GraphClient {
  readonly sdk: Client;
  readonly versionRoot: string;
  private readonly policy: RetryPolicy;
  private readonly logger: Logger;
  private readonly userAgent: string;
  /** What to check when no token comes (depends on the kind of credential). */
  private readonly authHelp: string;

  constructor(opts: GraphClientOptions) {
    this.userAgent = opts.userAgent ?? 'NONISV|SupervisionBot|SupervisionBot/0.1';
    const base = new URL(opts.graphBaseUrl);
    const segments = base.pathname.replace(/\/+$/, '').split('/').filter(Boolean);
    const version = segments.pop() ?? 'v1.0';
    const host = `${base.protocol}//${base.host}${segments.length ? '/' + segments.join('/') : ''}`;
    this.versionRoot = `${host}/${version}`;
    this.policy = { ...defaultRetryPolicy, ...opts.retry };
    this.logger = opts.logger;

    const common = {
      ...(opts.authorityHost ? { authorityHost: opts.authorityHost } : {}),
      // Sovereign and test authorities are not in MSAL's public instance list.
      disableInstanceDiscovery: true,
      ...(opts.trustedCa ? { tlsOptions: { ca: opts.trustedCa } } : {}),
    };
    this.authHelp = opts.managedIdentityClientId
      ? 'Could not get a Graph token from the managed identity: check GRAPH_MANAGED_IDENTITY_CLIENT_ID is the client id of an identity assigned to this app'
      : 'Could not sign in to Microsoft Graph: check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and the secret or certificate';
    const credential: TokenCredential = opts.managedIdentityClientId
      ? new ManagedIdentityCredential({ clientId: opts.managedIdentityClientId })
      : opts.certificatePath
        ? new ClientCertificateCredential(
            opts.tenantId ?? '',
            opts.clientId ?? '',
            { certificatePath: opts.certificatePath },
            common,
          )
        : new ClientSecretCredential(
            opts.tenantId ?? '',
            opts.clientId ?? '',
            opts.clientSecret ?? '',
            common,
          );

    const auth = new AuthenticationHandler(
      new CredentialAuthProvider(credential, `${base.protocol}//${base.host}/.default`),
    );
    const retry = new RetryMiddleware(this.policy);
    const http = new HTTPMessageHandler();
    auth.setNext(retry);
    retry.setNext(http);
    this.sdk = Client.initWithMiddleware({
      middleware: auth,
      baseUrl: host,
      defaultVersion: version,
      customHosts: new Set([base.hostname]),
      ...(opts.fetchOptions ? { fetchOptions: opts.fetchOptions as never } : {}),
    });
  }

  /** `path` is relative to the version root, or an absolute next/delta link. */
  async request<T = unknown>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<GraphResult<T>> {
    // A span per call (retries inside it); its attributes are the method, a fixed word for
    // the kind of resource and the result: never the path, which carries site and item ids.
    return traced(
      'graph.request',
      { 'http.method': method, 'graph.operation': graphOperation(path) },
      async (span) => {
        const r = await this.send<T>(method, path, body, headers);
        span.set({ 'http.status': r.status, outcome: r.ok ? 'ok' : r.code });
        return r;
      },
    );
  }

  private async send<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<GraphResult<T>> {
    let res: Response;
    try {
      const req = this.sdk
        .api(path)
        .headers({ 'User-Agent': this.userAgent, ...headers })
        .responseType(ResponseType.RAW);
      res = (await (method === 'GET'
        ? req.get()
        : method === 'POST'
          ? req.post(body ?? {})
          : method === 'PATCH'
            ? req.patch(body ?? {})
            : req.delete())) as Response;
    } catch (e) {
      // No token (wrong secret, expired certificate, consent missing) is not a network fault:
      // say so, without the identity library's message (it may carry tenant details).
      // The SDK wraps the identity error in a GraphError whose code is the original name.
      const name = `${errorName(e)} ${errorCode(e, '')}`;
      if (/Authentication|Credential/i.test(name)) {
        this.logger.error('graph.auth-failed', { method, error: name.trim() });
        return {
          ok: false,
          status: 401,
          code: 'auth',
          message: this.authHelp,
        };
      }
      const code = errorCode(e, 'network');
      this.logger.warn('graph.request-failed', { method, code });
      return { ok: false, status: 0, code: 'network', message: `Graph request failed (${code})` };
    }
    return toResult<T>(res);
  }

  /**
   * Sends independent requests in `$batch`es of at most 20. Throttled or 5xx inner requests
   * (for a POST only the throttled ones: see mayResend) are retried, honouring their
   * Retry-After, within the policy's bounds; each request's final result is returned.
   */
  async batch(requests: BatchRequest[]): Promise<Map<string, GraphResult>> {
    const results = new Map<string, GraphResult>();
    let pending = [...requests];
    for (let attempt = 0; pending.length > 0; attempt++) {
      const retry: BatchRequest[] = [];
      let waitMs = 0;
      for (let i = 0; i < pending.length; i += BATCH_LIMIT) {
        const chunk = pending.slice(i, i + BATCH_LIMIT);
        const outer = await this.request<{
          responses?: Array<{
            id: string;
            status: number;
            headers?: Record<string, string>;
            body?: unknown;
          }>;
        }>('POST', '/$batch', {
          requests: chunk.map((r) => ({
            id: r.id,
            method: r.method,
            url: r.url,
            ...(r.body !== undefined
              ? { body: r.body, headers: { 'Content-Type': 'application/json', ...r.headers } }
              : r.headers
                ? { headers: r.headers }
                : {}),
            ...(r.dependsOn ? { dependsOn: r.dependsOn } : {}),
          })),
        });
        if (!outer.ok) {
          for (const r of chunk) results.set(r.id, outer);
          continue;
        }
        const byId = new Map((outer.body.responses ?? []).map((r) => [r.id, r]));
        for (const r of chunk) {
          const inner = byId.get(r.id);
          const result = inner
            ? innerResult(inner)
            : ({
                ok: false,
                status: 0,
                code: 'missing',
                message: 'No response in batch',
              } as GraphResult);
          results.set(r.id, result);
          if (!result.ok && result.status === 429) countThrottled('graph');
          if (
            !result.ok &&
            mayResend(r.method, result.status) &&
            attempt < this.policy.maxRetries
          ) {
            const asked = result.retryAfterMs ?? null;
            if (asked !== null && asked > this.policy.maxWaitMs) continue;
            retry.push(r);
            waitMs = Math.max(waitMs, asked ?? backoffMs(this.policy, attempt));
          }
        }
      }
      if (retry.length === 0) break;
      await this.policy.sleep(waitMs);
      pending = retry;
    }
    return results;
  }
}

/** What a Graph path is for, as one word (never the ids in it). */
export function graphOperation(path: string): string {
  const p = path.split('?')[0]!;
  if (/\$batch$/.test(p)) return 'batch';
  if (/\/delta$/.test(p)) return 'delta';
  if (/\/items\/[^/]+$/.test(p)) return 'item';
  if (/\/items$/.test(p)) return 'items';
  if (/\/columns(\/[^/]+)?$/.test(p)) return 'columns';
  if (/\/permissions(\/[^/]+)?$/.test(p)) return 'permissions';
  if (/\/lists\/[^/]+$/.test(p)) return 'list';
  if (/\/lists$/.test(p)) return 'lists';
  if (/\/sites\/[^/]+$/.test(p) || /:\/sites\//.test(p)) return 'site';
  return 'other';
}

function innerResult(inner: {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}): GraphResult {
  const headers = lower(inner.headers ?? {});
  if (inner.status >= 200 && inner.status < 300) {
    const body = inner.body ?? null;
    const etag = (body as { '@odata.etag'?: string } | null)?.['@odata.etag'] ?? headers['etag'];
    return { ok: true, status: inner.status, body, ...(etag ? { etag } : {}) };
  }
  const e = (inner.body as { error?: { code?: string; message?: string } } | null)?.error;
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  return {
    ok: false,
    status: inner.status,
    code: e?.code ?? `http-${inner.status}`,
    message: e?.message ?? `HTTP ${inner.status}`,
    ...(retryAfterMs !== null ? { retryAfterMs } : {}),
  };
}

function lower(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

async function toResult<T>(res: Response): Promise<GraphResult<T>> {
  const text = await res.text().catch(() => '');
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (res.ok) {
    const etag =
      (body as { '@odata.etag'?: string } | null)?.['@odata.etag'] ??
      res.headers.get('ETag') ??
      undefined;
    return { ok: true, status: res.status, body: body as T, ...(etag ? { etag } : {}) };
  }
  const e = (body as { error?: { code?: string; message?: string } } | null)?.error;
  const retryAfterMs = parseRetryAfter(res.headers.get('Retry-After'));
  const location = res.headers.get('Location');
  return {
    ok: false,
    status: res.status,
    code: e?.code ?? `http-${res.status}`,
    message: e?.message ?? `HTTP ${res.status}`,
    ...(retryAfterMs !== null ? { retryAfterMs } : {}),
    ...(location ? { location } : {}),
  };
}
