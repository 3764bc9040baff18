/**
 * Teams' published limits for bots, as the service enforces them (Teams platform docs, "Optimize
 * your bot with rate limiting", https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit):
 * per bot per thread, "Send to conversation" 7 per 1 s, 8 per 2 s, 60 per 30 s and 1,800 per
 * 3,600 s, and "Create conversation" the same four windows; and 50 requests a second per app
 * per tenant across everything. Sliding windows, so a burst that any real window would reject
 * is rejected here too.
 */
export interface ConnectorLimits {
  perConversationPerSecond: number;
  perConversationPer30Seconds: number;
  perAppPerTenantPerSecond: number;
  /** Absent: not enforced (limits objects written before it existed keep their meaning). */
  perConversationPer2Seconds?: number;
  /** Absent: not enforced. */
  perConversationPerHour?: number;
  /**
   * Conversation creation counted too: in its own per-conversation windows (the same
   * numbers, Teams' "Create conversation" rows) and in the app's per-tenant second.
   */
  countCreations?: boolean;
}

export const TEAMS_CONNECTOR_LIMITS: ConnectorLimits = {
  perConversationPerSecond: 7,
  perConversationPer2Seconds: 8,
  perConversationPer30Seconds: 60,
  perConversationPerHour: 1800,
  perAppPerTenantPerSecond: 50,
  countCreations: true,
};

class Window {
  private readonly times: number[] = [];
  private head = 0;
  constructor(
    private readonly limit: number,
    private readonly ms: number,
  ) {}
  /** Seconds until a slot frees, or 0 when one is free now. */
  wait(now: number): number {
    while (this.head < this.times.length && (this.times[this.head] as number) <= now - this.ms)
      this.head++;
    if (this.head > 1024) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    if (this.times.length - this.head < this.limit) return 0;
    const oldest = this.times[this.times.length - this.limit] as number;
    return Math.max(1, Math.ceil((oldest + this.ms - now) / 1000));
  }
  add(now: number): void {
    this.times.push(now);
  }
}

export type Operation = 'send' | 'create';

export class ConnectorRateLimiter {
  private readonly conversations = new Map<string, Window[]>();
  private readonly tenants = new Map<string, Window>();
  constructor(
    private readonly limits: ConnectorLimits = TEAMS_CONNECTOR_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  get countsCreations(): boolean {
    return this.limits.countCreations === true;
  }

  private windows(): Window[] {
    const l = this.limits;
    const out = [
      new Window(l.perConversationPerSecond, 1000),
      new Window(l.perConversationPer30Seconds, 30_000),
    ];
    if (l.perConversationPer2Seconds) out.push(new Window(l.perConversationPer2Seconds, 2000));
    if (l.perConversationPerHour) out.push(new Window(l.perConversationPerHour, 3_600_000));
    return out;
  }

  /**
   * Admits one operation on a conversation (returns 0) or answers the Retry-After seconds for
   * a 429. Sends and creations have separate per-conversation windows; both count against the
   * app's per-tenant second.
   */
  admit(conversationId: string, tenantId: string, op: Operation = 'send'): number {
    const t = this.now();
    const key = `${op}|${conversationId}`;
    let c = this.conversations.get(key);
    if (!c) {
      c = this.windows();
      this.conversations.set(key, c);
    }
    let app = this.tenants.get(tenantId);
    if (!app) {
      app = new Window(this.limits.perAppPerTenantPerSecond, 1000);
      this.tenants.set(tenantId, app);
    }
    const wait = Math.max(app.wait(t), ...c.map((w) => w.wait(t)));
    if (wait > 0) return wait;
    for (const w of c) w.add(t);
    app.add(t);
    return 0;
  }
}
