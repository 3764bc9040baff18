/**
 * The app's traces and metrics, through the OpenTelemetry API only (`@opentelemetry/api`, a
 * few kilobytes with no dependencies). Without a registered SDK every call is a no-op; with
 * one (telemetry/start.ts, when APPLICATIONINSIGHTS_CONNECTION_STRING is set) they go to
 * Azure Monitor. Every attribute passes through safeAttributes: codes and counts only.
 *
 * Traces: `bot.turn` (one inbound activity), `scheduler.tick`, `graph.request`,
 * `connector.send`. Metrics: `supervision.sends` (by outcome), `supervision.throttled` (429s,
 * by service), `supervision.send_queue.depth`, `supervision.tick.duration` (ms),
 * `supervision.findings` (by kind, per tick).
 */
import { metrics, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { safeAttributes, type Attributes } from './attributes';

const NAME = 'supervision-bot';

const tracer = () => trace.getTracer(NAME);
const meter = () => metrics.getMeter(NAME);

/**
 * Instruments are created on first use from the global meter provider at that moment: tests
 * register an in-memory provider first, production registers Azure Monitor's before the app
 * starts (bot/main.ts).
 */
let made: {
  sends: ReturnType<ReturnType<typeof meter>['createCounter']>;
  throttled: ReturnType<ReturnType<typeof meter>['createCounter']>;
  tickDuration: ReturnType<ReturnType<typeof meter>['createHistogram']>;
  findings: ReturnType<ReturnType<typeof meter>['createCounter']>;
} | null = null;

function instruments(): NonNullable<typeof made> {
  if (made) return made;
  const m = meter();
  made = {
    sends: m.createCounter('supervision.sends', {
      description: 'Proactive messages handed to the Bot Connector, by outcome',
    }),
    throttled: m.createCounter('supervision.throttled', {
      description: 'Throttled answers (429, or 503 with Retry-After), by service',
    }),
    tickDuration: m.createHistogram('supervision.tick.duration', {
      description: 'Scheduler tick duration',
      unit: 'ms',
    }),
    findings: m.createCounter('supervision.findings', {
      description: 'Findings evaluated by the scheduler, by kind (counted once per tick)',
    }),
  };
  return made;
}

/** Forget the instruments (tests that register a new provider). */
export function resetInstruments(): void {
  made = null;
}

/** Runs `fn` inside a span; the span ends with fn, marked as an error if fn throws. */
export async function traced<T>(
  name: string,
  attributes: Attributes,
  fn: (span: { set(attrs: Attributes): void }) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, { attributes: safeAttributes(attributes) }, async (s) => {
    const handle = { set: (a: Attributes) => s.setAttributes(safeAttributes(a)) };
    try {
      return await fn(handle);
    } catch (err) {
      s.setStatus({ code: SpanStatusCode.ERROR });
      // The error's name only: messages may quote what was being processed.
      s.setAttribute(
        'outcome',
        safeAttributes({ outcome: (err as Error)?.name }).outcome ?? 'error',
      );
      throw err;
    } finally {
      s.end();
    }
  });
}

/** A span for something already finished (a tick, from its report). */
export function recordSpan(
  name: string,
  startMs: number,
  endMs: number,
  attributes: Attributes,
  failed = false,
): void {
  const s: Span = tracer().startSpan(name, {
    startTime: startMs,
    attributes: safeAttributes(attributes),
  });
  if (failed) s.setStatus({ code: SpanStatusCode.ERROR });
  s.end(endMs);
}

export function countSend(outcome: string): void {
  instruments().sends.add(1, safeAttributes({ outcome }));
}

export function countThrottled(service: 'graph' | 'connector'): void {
  instruments().throttled.add(1, safeAttributes({ service }));
}

export function recordTick(durationMs: number, findingsByKind: Record<string, number>): void {
  const i = instruments();
  i.tickDuration.record(durationMs);
  for (const [kind, n] of Object.entries(findingsByKind))
    if (n > 0) i.findings.add(n, safeAttributes({ 'finding.kind': kind }));
}

/** The send queue's depth, read when metrics are collected. */
export function observeQueueDepth(read: () => number): () => void {
  const gauge = meter().createObservableGauge('supervision.send_queue.depth', {
    description: 'Messages waiting in the send queue',
  });
  const cb = (r: { observe(v: number): void }) => r.observe(read());
  gauge.addCallback(cb);
  return () => gauge.removeCallback(cb);
}
