/**
 * A Bot Connector protocol test server (the REST API a bot calls to talk in Teams), on
 * 127.0.0.1 and a random port. Tests point activities' `serviceUrl` at it, so botbuilder's real
 * ConnectorClient makes real HTTP calls here.
 *
 * It records every conversation created, activity sent and activity updated, and can be told
 * to answer the way Teams does when things go wrong (Teams platform docs, "Status codes from
 * bot conversational APIs"): 429 with Retry-After; 403 with the cause's own code
 * (`ConversationBlockedByUser`, `BotNotInConversationRoster`, `ForbiddenOperationException`,
 * `BotDisabledByAdmin`, `NotEnoughPermissions`, `InvalidBotApiHost` for a government-cloud
 * tenant reached through the public host, and a `MessageWritesBlocked` sub-code); 404 for a
 * deleted conversation. Teams' rate limits (rate-limiter.ts) are enforced unless
 * `enforceLimits: false`: exceeding them answers 429.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { ConnectorRateLimiter, TEAMS_CONNECTOR_LIMITS, type ConnectorLimits } from './rate-limiter';
import { entraIssuer } from './token-server';

export interface RecordedCreation {
  conversationId: string;
  memberId: string;
  tenantId: string | undefined;
  body: Record<string, unknown>;
  at: number;
}

export interface RecordedActivity {
  conversationId: string;
  activityId: string;
  /** Set when the bot replied to an inbound activity (POST …/activities/{replyToId}). */
  replyToId?: string;
  activity: Record<string, unknown>;
  at: number;
}

export interface RecordedUpdate {
  conversationId: string;
  activityId: string;
  activity: Record<string, unknown>;
  at: number;
}

export interface ConnectorServerOptions {
  /** Teams' rate limits (default on: the strict behaviour); `false` turns them off. */
  enforceLimits?: boolean;
  limits?: ConnectorLimits;
  /** Artificial latency per request (ms), to make throughput benches honest. */
  latencyMs?: number;
  now?: () => number;
  /**
   * Besides the limits: answer every n-th new message (POST of an activity) 429 with
   * `Retry-After: retryAfterSeconds` (default 1), as Teams does when it sheds load (issue 14).
   */
  throttleEvery?: { n: number; retryAfterSeconds?: number };
  /**
   * Check the bot's bearer token on every request, as the Bot Connector does ("Authenticate
   * requests from your bot to the Bot Connector service"): an RS256 JWT signed by a key in
   * `jwks` (the token test server's), `aud` https://api.botframework.com, issued by Entra for
   * the bot's tenant, unexpired, for the bot's app id (`appid`, or `azp` in a v2.0 token).
   * Anything else answers 401 with the service's body. Without this (local mode, where the
   * bot sends no token) the header is not looked at.
   */
  auth?: ConnectorAuth;
}

export interface ConnectorAuth {
  jwks: JSONWebKeySet;
  /** The bot's app id (the managed identity's client id for a managed-identity bot). */
  appId: string;
  /** The bot's home tenant (single-tenant and managed-identity bots). */
  tenantId: string;
}

/** The audience of tokens for the Bot Connector (AuthenticationConstants.ToChannelFromBotOAuthScope). */
export const BOT_CONNECTOR_AUDIENCE = 'https://api.botframework.com';

type Fault = {
  status: number;
  code: string;
  retryAfterSeconds?: number;
  message?: string;
  subCode?: string;
};

/**
 * Why Teams refuses with 403, each with the code and message of Microsoft's table (the
 * `MessageWritesBlocked` sub-code is described for blocked or uninstalled bots; its exact body
 * is not published, so it is modelled as a sub-code next to a generic code).
 */
export type ForbiddenCause =
  | 'ConversationBlockedByUser'
  | 'MessageWritesBlocked'
  | 'BotNotInConversationRoster'
  | 'ForbiddenOperationException'
  | 'BotDisabledByAdmin'
  | 'NotEnoughPermissions';

const FORBIDDEN: Record<ForbiddenCause, Fault> = {
  ConversationBlockedByUser: {
    status: 403,
    code: 'ConversationBlockedByUser',
    message: 'User blocked the conversation with the bot.',
  },
  MessageWritesBlocked: {
    status: 403,
    code: 'Forbidden',
    subCode: 'MessageWritesBlocked',
    message: 'Message writes are blocked for this conversation.',
  },
  BotNotInConversationRoster: {
    status: 403,
    code: 'BotNotInConversationRoster',
    message: "The bot isn't part of the conversation roster.",
  },
  ForbiddenOperationException: {
    status: 403,
    code: 'ForbiddenOperationException',
    message: "Bot isn't installed in user's personal scope",
  },
  BotDisabledByAdmin: {
    status: 403,
    code: 'BotDisabledByAdmin',
    message: 'The tenant admin disabled this bot',
  },
  NotEnoughPermissions: {
    status: 403,
    code: 'NotEnoughPermissions',
    message: "Bot doesn't have required permissions",
  },
};

/** The public host answers this for a GCC tenant's conversation (Microsoft's table). */
export const GCC_HOST = 'https://smba.infra.gcc.teams.microsoft.com';

const TENANT_FALLBACK = 'tenant-unknown';

export class ConnectorTestServer {
  readonly creations: RecordedCreation[] = [];
  readonly activities: RecordedActivity[] = [];
  readonly updates: RecordedUpdate[] = [];
  /** Every request, in order (method, path, status answered; a refusal's `Retry-After` in seconds). */
  readonly requests: Array<{
    method: string;
    path: string;
    status: number;
    retryAfterSeconds?: number;
  }> = [];
  /** How many 429s were answered. */
  throttled = 0;
  /** Requests refused 401 (with `auth`), and why (for test diagnostics; never the token). */
  readonly refusals: string[] = [];

  private server: http.Server | null = null;
  private baseUrl = '';
  private nextId = 1;
  /** New-message POSTs seen, for `throttleEvery`. */
  private postsSeen = 0;
  private readonly limiter: ConnectorRateLimiter | null;
  private readonly blocked = new Set<string>();
  private readonly notInstalled = new Set<string>();
  /** User (member id or Entra id) → why sends to them are refused. */
  private readonly forbiddenFor = new Map<string, ForbiddenCause>();
  private readonly forbiddenTenants = new Map<string, ForbiddenCause>();
  private readonly governmentTenants = new Set<string>();
  private readonly deleted = new Set<string>();
  private readonly conversationByMember = new Map<string, string>();
  private readonly tenantByConversation = new Map<string, string>();
  private readonly memberByConversation = new Map<string, { memberId: string; aad: string }>();
  private readonly queuedFaults: Fault[] = [];
  private readonly now: () => number;

  constructor(private readonly options: ConnectorServerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.limiter =
      options.enforceLimits !== false
        ? new ConnectorRateLimiter(options.limits ?? TEAMS_CONNECTOR_LIMITS, this.now)
        : null;
  }

  /** Base URL to use as `serviceUrl`, with a trailing slash like Teams' own. */
  get url(): string {
    return this.baseUrl;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}/`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections?.();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /**
   * The government-cloud (GCC) host of this server: Teams' `https://smba.infra.gcc.teams.microsoft.com`
   * stands for it. Point the sender's government service URL here.
   */
  get gccUrl(): string {
    return `${this.baseUrl}gcc/`;
  }

  /** Sends and creations for this user answer 403 with the cause's body. */
  forbid(userId: string, cause: ForbiddenCause): void {
    this.forbiddenFor.set(userId, cause);
  }

  /** Every request for this tenant answers 403 with the cause's body (e.g. BotDisabledByAdmin). */
  forbidTenant(tenantId: string, cause: ForbiddenCause): void {
    this.forbiddenTenants.set(tenantId, cause);
  }

  /**
   * The tenant is in the government cloud (GCC): its requests through the public host answer
   * 403 `InvalidBotApiHost`; through `gccUrl` they are served.
   */
  governmentTenant(tenantId: string): void {
    this.governmentTenants.add(tenantId);
  }

  /** The user (by aadObjectId or channel id) has blocked the bot: sends answer 403. */
  blockUser(userId: string): void {
    this.blocked.add(userId);
  }

  /** The app is not installed for the user: creating a 1:1 conversation answers 403. */
  notInstalledFor(userId: string): void {
    this.notInstalled.add(userId);
  }

  /** The conversation was deleted: sends to it answer 404. */
  deleteConversation(conversationId: string): void {
    this.deleted.add(conversationId);
  }

  /** The next `count` requests answer 429 with this Retry-After (seconds). */
  throttleNext(count: number, retryAfterSeconds = 1): void {
    for (let i = 0; i < count; i++)
      this.queuedFaults.push({ status: 429, code: 'TooManyRequests', retryAfterSeconds });
  }

  /** The next `count` requests answer `status` (e.g. 503). */
  failNext(count: number, status: number, code = 'ServiceError'): void {
    for (let i = 0; i < count; i++) this.queuedFaults.push({ status, code });
  }

  /** Makes a 1:1 conversation known (the channel helper does this for inbound activities). */
  registerConversation(
    conversationId: string,
    memberId: string,
    aadObjectId: string,
    tenantId: string,
  ): void {
    this.conversationByMember.set(memberId, conversationId);
    this.conversationByMember.set(aadObjectId, conversationId);
    this.memberByConversation.set(conversationId, { memberId, aad: aadObjectId });
    this.tenantByConversation.set(conversationId, tenantId);
  }

  /** The 1:1 conversation id this server gave a member, if any. */
  conversationFor(memberId: string): string | undefined {
    return this.conversationByMember.get(memberId);
  }

  /** Activities sent into one conversation (new and replies). */
  activitiesIn(conversationId: string): RecordedActivity[] {
    return this.activities.filter((a) => a.conversationId === conversationId);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    let body: Record<string, unknown> = {};
    try {
      const raw = await readBody(req);
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return this.answer(res, method, path, 400, {
        error: { code: 'BadSyntax', message: 'invalid JSON' },
      });
    }
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));

    if (this.options.auth) {
      const why = await checkBearer(req.headers.authorization, this.options.auth);
      if (why) {
        this.refusals.push(why);
        // The Bot Connector's own 401 body (an ASP.NET authorization filter), no error code.
        return this.answer(res, method, path, 401, {
          message: 'Authorization has been denied for this request.',
        });
      }
    }

    const fault = this.queuedFaults.shift();
    if (fault) return this.fault(res, method, path, fault);

    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const viaGcc = parts[0] === 'gcc';
    if (viaGcc) parts.shift();
    // POST /v3/conversations
    if (
      method === 'POST' &&
      parts.length === 2 &&
      parts[0] === 'v3' &&
      parts[1] === 'conversations'
    ) {
      return this.createConversation(res, method, path, body, viaGcc);
    }
    if (
      parts[0] === 'v3' &&
      parts[1] === 'conversations' &&
      parts[2] &&
      parts[3] === 'activities'
    ) {
      const conversationId = parts[2];
      const activityId = parts[4];
      if (this.deleted.has(conversationId)) {
        return this.answer(res, method, path, 404, {
          error: { code: 'ConversationNotFound', message: 'Conversation not found.' },
        });
      }
      const tenant = this.tenantByConversation.get(conversationId);
      if (tenant && this.governmentTenants.has(tenant) && !viaGcc)
        return this.invalidHost(res, method, path);
      if (this.isBlockedIn(conversationId))
        return this.fault(res, method, path, FORBIDDEN.ConversationBlockedByUser);
      const cause = this.forbiddenIn(conversationId);
      if (cause) return this.fault(res, method, path, FORBIDDEN[cause]);
      if (method === 'POST' && this.options.throttleEvery) {
        const { n, retryAfterSeconds = 1 } = this.options.throttleEvery;
        if (++this.postsSeen % n === 0)
          return this.fault(res, method, path, {
            status: 429,
            code: 'TooManyRequests',
            retryAfterSeconds,
          });
      }
      if (method === 'POST' || method === 'PUT') {
        const wait =
          this.limiter?.admit(
            conversationId,
            this.tenantByConversation.get(conversationId) ?? TENANT_FALLBACK,
          ) ?? 0;
        if (wait > 0)
          return this.fault(res, method, path, {
            status: 429,
            code: 'TooManyRequests',
            retryAfterSeconds: wait,
          });
      }
      if (method === 'POST') {
        const id = `act-${this.nextId++}`;
        this.activities.push({
          conversationId,
          activityId: id,
          ...(activityId ? { replyToId: activityId } : {}),
          activity: body,
          at: this.now(),
        });
        return this.answer(res, method, path, 201, { id });
      }
      if (method === 'PUT' && activityId) {
        this.updates.push({ conversationId, activityId, activity: body, at: this.now() });
        return this.answer(res, method, path, 200, { id: activityId });
      }
    }
    return this.answer(res, method, path, 404, {
      error: { code: 'NotFound', message: `no route ${method} ${path}` },
    });
  }

  private createConversation(
    res: http.ServerResponse,
    method: string,
    path: string,
    body: Record<string, unknown>,
    viaGcc = false,
  ): void {
    const members = Array.isArray(body.members)
      ? (body.members as Array<Record<string, unknown>>)
      : [];
    const member = members[0];
    const memberId = typeof member?.id === 'string' ? member.id : '';
    const aad = typeof member?.aadObjectId === 'string' ? member.aadObjectId : memberId;
    const channelData = (body.channelData ?? {}) as { tenant?: { id?: string } };
    const tenantId = typeof body.tenantId === 'string' ? body.tenantId : channelData.tenant?.id;
    if (!memberId || members.length !== 1 || body.isGroup === true) {
      return this.answer(res, method, path, 400, {
        error: { code: 'BadArgument', message: 'one member required for a 1:1 chat' },
      });
    }
    if (!tenantId) {
      return this.answer(res, method, path, 400, {
        error: { code: 'BadArgument', message: 'tenant id required' },
      });
    }
    if (this.governmentTenants.has(tenantId) && !viaGcc) return this.invalidHost(res, method, path);
    const tenantCause = this.forbiddenTenants.get(tenantId);
    if (tenantCause) return this.fault(res, method, path, FORBIDDEN[tenantCause]);
    if (this.blocked.has(memberId) || this.blocked.has(aad))
      return this.fault(res, method, path, FORBIDDEN.ConversationBlockedByUser);
    if (this.notInstalled.has(memberId) || this.notInstalled.has(aad))
      return this.fault(res, method, path, FORBIDDEN.BotNotInConversationRoster);
    const cause = this.forbiddenFor.get(memberId) ?? this.forbiddenFor.get(aad);
    if (cause) return this.fault(res, method, path, FORBIDDEN[cause]);
    // Teams answers the same 1:1 conversation id every time for the same user.
    let id = this.conversationByMember.get(memberId);
    // A creation that carries its first message (`activity`, which Teams posts as the chat's
    // first message) is a send as well: the injected every-n-th 429 applies to it.
    const first =
      body.activity && typeof body.activity === 'object'
        ? (body.activity as Record<string, unknown>)
        : undefined;
    if (first && this.options.throttleEvery) {
      const { n, retryAfterSeconds = 1 } = this.options.throttleEvery;
      if (++this.postsSeen % n === 0)
        return this.fault(res, method, path, {
          status: 429,
          code: 'TooManyRequests',
          retryAfterSeconds,
        });
    }
    // Creating a conversation is rate-limited too ("Create conversation" rows).
    if (this.limiter?.countsCreations) {
      const wait = this.limiter.admit(id ?? `a:conv-${memberId}`, tenantId, 'create');
      if (wait > 0)
        return this.fault(res, method, path, {
          status: 429,
          code: 'TooManyRequests',
          retryAfterSeconds: wait,
        });
    }
    if (!id) {
      id = `a:conv-${memberId}`;
      this.conversationByMember.set(memberId, id);
      this.registerConversation(id, memberId, aad, tenantId);
    }
    this.creations.push({ conversationId: id, memberId, tenantId, body, at: this.now() });
    const serviceUrl = viaGcc ? this.gccUrl : this.baseUrl;
    if (!first) return this.answer(res, method, path, 201, { id, serviceUrl });
    const activityId = `act-${this.nextId++}`;
    this.activities.push({ conversationId: id, activityId, activity: first, at: this.now() });
    this.answer(res, method, path, 201, { id, serviceUrl, activityId });
  }

  private invalidHost(res: http.ServerResponse, method: string, path: string): void {
    this.fault(res, method, path, {
      status: 403,
      code: 'InvalidBotApiHost',
      message: `Invalid bot api host. For GCC tenants, please call ${GCC_HOST}.`,
    });
  }

  private forbiddenIn(conversationId: string): ForbiddenCause | undefined {
    const tenant = this.tenantByConversation.get(conversationId);
    const byTenant = tenant ? this.forbiddenTenants.get(tenant) : undefined;
    if (byTenant) return byTenant;
    const m = this.memberByConversation.get(conversationId);
    if (!m) return undefined;
    return this.forbiddenFor.get(m.memberId) ?? this.forbiddenFor.get(m.aad);
  }

  private isBlockedIn(conversationId: string): boolean {
    const m = this.memberByConversation.get(conversationId);
    return m !== undefined && (this.blocked.has(m.memberId) || this.blocked.has(m.aad));
  }

  private fault(res: http.ServerResponse, method: string, path: string, f: Fault): void {
    if (f.status === 429) this.throttled++;
    const headers: Record<string, string> =
      f.retryAfterSeconds !== undefined ? { 'Retry-After': String(f.retryAfterSeconds) } : {};
    this.answer(
      res,
      method,
      path,
      f.status,
      {
        error: {
          code: f.code,
          message: f.message ?? f.code,
          ...(f.subCode ? { subCode: f.subCode } : {}),
        },
      },
      headers,
    );
  }

  private answer(
    res: http.ServerResponse,
    method: string,
    path: string,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const retryAfter = headers['Retry-After'];
    this.requests.push(
      retryAfter === undefined
        ? { method, path, status }
        : { method, path, status, retryAfterSeconds: Number(retryAfter) },
    );
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}

/** Why the Authorization header is refused, or null when it carries a good token. */
async function checkBearer(
  header: string | undefined,
  auth: ConnectorAuth,
): Promise<string | null> {
  const m = /^Bearer (\S+)$/.exec(header ?? '');
  if (!m) return 'no bearer token';
  try {
    const { payload } = await jwtVerify(m[1]!, createLocalJWKSet(auth.jwks), {
      algorithms: ['RS256'],
      audience: BOT_CONNECTOR_AUDIENCE,
      issuer: [
        entraIssuer(auth.tenantId),
        `https://login.microsoftonline.com/${auth.tenantId}/v2.0`,
      ],
      requiredClaims: ['exp'],
    });
    const app = payload.appid ?? payload.azp;
    if (app !== auth.appId) return `token for another app (${String(app)})`;
    return null;
  } catch (err) {
    const e = err as { code?: string; claim?: string };
    return `${e.code ?? 'invalid token'}${e.claim ? ` (${e.claim})` : ''}`;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts a server; the caller closes it. */
export async function startConnectorServer(
  options: ConnectorServerOptions = {},
): Promise<ConnectorTestServer> {
  const s = new ConnectorTestServer(options);
  await s.start();
  return s;
}
