/**
 * Teams' published proactive-messaging limits, as the service enforces them: per conversation
 * 7 messages a second and 60 in 30 seconds, and 50 a second per app per tenant. Sliding windows,
 * so a burst that any real window would reject is rejected here too.
 */
export interface ConnectorLimits {
  perConversationPerSecond: number;
  perConversationPer30Seconds: number;
  perAppPerTenantPerSecond: number;
}

export const TEAMS_CONNECTOR_LIMITS: ConnectorLimits = {
  perConversationPerSecond: 7,
  perConversationPer30Seconds: 60,
  perAppPerTenantPerSecond: 50,
};

class Window {
  private readonly times: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly ms: number,
  ) {}
  /** Seconds until a slot frees, or 0 when one is free now. */
  wait(now: number): number {
    while (this.times.length > 0 && (this.times[0] as number) <= now - this.ms) this.times.shift();
    if (this.times.length < this.limit) return 0;
    const oldest = this.times[this.times.length - this.limit] as number;
    return Math.max(1, Math.ceil((oldest + this.ms - now) / 1000));
  }
  add(now: number): void {
    this.times.push(now);
  }
}

export class ConnectorRateLimiter {
  private readonly conversations = new Map<string, { second: Window; half: Window }>();
  private readonly tenants = new Map<string, Window>();
  constructor(
    private readonly limits: ConnectorLimits = TEAMS_CONNECTOR_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Admits one message (returns 0) or answers the Retry-After seconds for a 429. */
  admit(conversationId: string, tenantId: string): number {
    const t = this.now();
    let c = this.conversations.get(conversationId);
    if (!c) {
      c = {
        second: new Window(this.limits.perConversationPerSecond, 1000),
        half: new Window(this.limits.perConversationPer30Seconds, 30_000),
      };
      this.conversations.set(conversationId, c);
    }
    let app = this.tenants.get(tenantId);
    if (!app) {
      app = new Window(this.limits.perAppPerTenantPerSecond, 1000);
      this.tenants.set(tenantId, app);
    }
    const wait = Math.max(c.second.wait(t), c.half.wait(t), app.wait(t));
    if (wait > 0) return wait;
    c.second.add(t);
    c.half.add(t);
    app.add(t);
    return 0;
  }
}
