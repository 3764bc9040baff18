/**
 * A Bot Connector protocol test server (the REST API a bot calls to talk in Teams), on
 * 127.0.0.1 and a random port. Tests point activities' `serviceUrl` at it, so botbuilder's real
 * ConnectorClient makes real HTTP calls here.
 *
 * It records every conversation created, activity sent and activity updated, and can be told
 * to answer the way Teams does when things go wrong: 429 with Retry-After, 403 for a user who
 * blocked the bot, 403/404 for a user without the app, 404 for a deleted conversation. In
 * `enforceLimits` mode it applies Teams' rate limits and answers 429 when they are exceeded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorRateLimiter, TEAMS_CONNECTOR_LIMITS, type ConnectorLimits } from './rate-limiter';

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
}

type Fault = { status: number; code: string; retryAfterSeconds?: number };

const TENANT_FALLBACK = 'tenant-unknown';

export class ConnectorTestServer {
  readonly creations: RecordedCreation[] = [];
  readonly activities: RecordedActivity[] = [];
  readonly updates: RecordedUpdate[] = [];
  /** Every request, in order (method, path, status answered). */
  readonly requests: Array<{ method: string; path: string; status: number }> = [];
  /** How many 429s were answered. */
  throttled = 0;

  private server: http.Server | null = null;
  private baseUrl = '';
  private nextId = 1;
  /** New-message POSTs seen, for `throttleEvery`. */
  private postsSeen = 0;
  private readonly limiter: ConnectorRateLimiter | null;
  private readonly blocked = new Set<string>();
  private readonly notInstalled = new Set<string>();
  private readonly deleted = new Set<string>();
  private readonly conversationByMember = new Map<string, string>();
  private readonly tenantByConversation = new Map<string, string>();
  private readonly memberByConversation = new Map<string, { memberId: string; aad: string }>();
  private readonly queuedFaults: Fault[] = [];
  private readonly now: () => number;

  constructor(private readonly options: ConnectorServerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.limiter = options.enforceLimits
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

    const fault = this.queuedFaults.shift();
    if (fault) return this.fault(res, method, path, fault);

    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    // POST /v3/conversations
    if (
      method === 'POST' &&
      parts.length === 2 &&
      parts[0] === 'v3' &&
      parts[1] === 'conversations'
    ) {
      return this.createConversation(res, method, path, body);
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
      if (this.isBlockedIn(conversationId)) {
        return this.answer(res, method, path, 403, {
          error: {
            code: 'ConversationBlockedByUser',
            message: 'User blocked the conversation with the bot.',
          },
        });
      }
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
    if (this.blocked.has(memberId) || this.blocked.has(aad)) {
      return this.answer(res, method, path, 403, {
        error: {
          code: 'ConversationBlockedByUser',
          message: 'User blocked the conversation with the bot.',
        },
      });
    }
    if (this.notInstalled.has(memberId) || this.notInstalled.has(aad)) {
      return this.answer(res, method, path, 403, {
        error: {
          code: 'BotNotInConversationRoster',
          message: 'The bot is not part of the conversation roster.',
        },
      });
    }
    // Teams answers the same 1:1 conversation id every time for the same user.
    let id = this.conversationByMember.get(memberId);
    if (!id) {
      id = `a:conv-${memberId}`;
      this.conversationByMember.set(memberId, id);
      this.registerConversation(id, memberId, aad, tenantId);
    }
    this.creations.push({ conversationId: id, memberId, tenantId, body, at: this.now() });
    this.answer(res, method, path, 201, { id, serviceUrl: this.baseUrl });
  }

  private isBlockedIn(conversationId: string): boolean {
    const m = this.memberByConversation.get(conversationId);
    return m !== undefined && (this.blocked.has(m.memberId) || this.blocked.has(m.aad));
  }

  private fault(res: http.ServerResponse, method: string, path: string, f: Fault): void {
    if (f.status === 429) this.throttled++;
    const headers: Record<string, string> =
      f.retryAfterSeconds !== undefined ? { 'Retry-After': String(f.retryAfterSeconds) } : {};
    this.answer(res, method, path, f.status, { error: { code: f.code, message: f.code } }, headers);
  }

  private answer(
    res: http.ServerResponse,
    method: string,
    path: string,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    this.requests.push({ method, path, status });
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
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
