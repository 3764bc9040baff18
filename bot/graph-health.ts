/**
 * Whether Microsoft Graph answers, for `/healthz` in SharePoint mode. One cheap request (the
 * site, `$select=id`: one resource unit) at most once a minute per instance, whatever the
 * number of health probes; concurrent probes share the request in flight, and a request that
 * has not answered in a few seconds counts as failing without holding the probe up.
 *
 * Throttling (429/503 with Retry-After) is reported but leaves the instance ready: it is the
 * tenant's budget, so replacing the instance would not help, and the bot already waits.
 */
import type { Clock } from '../ports/clock';

export type GraphHealth =
  { state: 'ok' } | { state: 'throttled' } | { state: 'failing'; reason: string };

export interface GraphProbeResult {
  ok: boolean;
  status: number;
  code?: string;
}

export interface GraphHealthOptions {
  /** The cheap request (bot/main.ts: GET the site with `$select=id`). */
  probe: () => Promise<GraphProbeResult>;
  clock: Clock;
  /** How long an answer is reused (default 60 s). */
  cacheMs?: number;
  /** How long a probe may take before it counts as failing (default 5 s). */
  timeoutMs?: number;
}

export class GraphHealthCheck {
  private last: { at: number; health: GraphHealth } | null = null;
  private inFlight: Promise<GraphHealth> | null = null;

  constructor(private readonly opts: GraphHealthOptions) {}

  async check(): Promise<GraphHealth> {
    const now = this.opts.clock.now().getTime();
    if (this.last && now - this.last.at < (this.opts.cacheMs ?? 60_000)) return this.last.health;
    this.inFlight ??= this.run().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async run(): Promise<GraphHealth> {
    const timeoutMs = this.opts.timeoutMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<GraphProbeResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, status: 0, code: 'timeout' }), timeoutMs);
      timer.unref();
    });
    let r: GraphProbeResult;
    try {
      r = await Promise.race([this.opts.probe(), timedOut]);
    } catch {
      r = { ok: false, status: 0, code: 'network' };
    } finally {
      clearTimeout(timer);
    }
    const health = describe(r, timeoutMs);
    this.last = { at: this.opts.clock.now().getTime(), health };
    return health;
  }
}

/** Plain words for an administrator (the reason goes into /healthz's `reasons`). */
function describe(r: GraphProbeResult, timeoutMs: number): GraphHealth {
  if (r.ok) return { state: 'ok' };
  if (r.status === 429 || r.status === 503) return { state: 'throttled' };
  const reason =
    r.code === 'timeout'
      ? `Graph did not answer within ${timeoutMs / 1000} s`
      : r.code === 'auth' || r.status === 401
        ? 'Graph: no token (check the managed identity, or the certificate or secret)'
        : r.status === 403
          ? 'Graph refused the site (403): check the Sites.Selected grant on the site (docs/deploy.md)'
          : r.status === 404
            ? 'Graph: the site was not found (404): check SHAREPOINT_SITE'
            : r.status === 0
              ? 'Graph could not be reached (network)'
              : `Graph answered ${r.status} (${r.code ?? 'error'})`;
  return { state: 'failing', reason };
}
