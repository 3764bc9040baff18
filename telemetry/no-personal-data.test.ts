/**
 * Telemetry carries no personal data (issue 16): the app's real flows (a Teams turn, a
 * scheduler tick that sends reminders through a throttling Bot Connector, Graph reads of an
 * organisation's SharePoint lists with throttling) run with in-memory OpenTelemetry
 * exporters, and every exported span and metric is searched for the organisation's names,
 * e-mail addresses, staff ids, children's case ids, session ids, record and action text, and
 * tokens. The instruments themselves must be there too, or the test proves nothing.
 */
import { metrics, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { ManualClock } from '../ports/clock';
import { loadDemoOrg } from '../demo/demo-org';
import type { OrgSnapshot } from '../policy/domain';
import { provisionedSite } from '../test/graph-server/fixture';
import { startHttpBot } from '../bot/testing/http-bot';
import { resetInstruments } from './instruments';
import { safeAttributes } from './attributes';

const spans = new InMemorySpanExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({
  exporter: metricExporter,
  exportIntervalMillis: 3_600_000,
});

beforeAll(() => {
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }),
  );
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  resetInstruments();
});

/** Every string a person could be identified by, or that must stay secret. */
function forbidden(org: OrgSnapshot): { exact: Set<string>; within: string[] } {
  const exact = new Set<string>();
  const within: string[] = [];
  for (const s of org.staff) {
    exact.add(s.id);
    within.push(s.name, ...(s.email ? [s.email] : []));
  }
  for (const c of org.cases) within.push(c.caseId);
  for (const s of org.sessions) {
    exact.add(s.id);
    if (s.recordSummary) within.push(s.recordSummary);
  }
  for (const a of org.actions) within.push(a.text);
  return { exact, within: within.filter((w) => w.length >= 5) };
}

it('exports turns, ticks, Graph and connector calls with codes and counts only', async () => {
  const clock = new ManualClock('2026-11-24T10:00:00Z');
  // 1. Teams: a turn, then a tick that sends reminders while the connector throttles.
  const bot = await startHttpBot({ clock });
  try {
    await bot.channel.message({ aadObjectId: 'fsw-hadley-1' }, 'next');
    bot.connector.throttleNext(2, 1);
    const tick = await bot.app.scheduler!.tickOnce();
    expect(tick?.sent).toBeGreaterThan(0);
    // Collected while the bot runs: the queue depth is observed only then.
    await reader.forceFlush();
  } finally {
    await bot.close();
  }
  // 2. SharePoint: the same organisation in the lists, read through Graph while it throttles.
  const org = await loadDemoOrg();
  const site = await provisionedSite();
  try {
    site.seed(org);
    site.server.faults.throttleEvery = 3;
    site.server.faults.retryAfterSeconds = 0;
    const { schedule } = site.openSchedule();
    const read = await schedule.load();
    expect(read.snapshot.staff.length).toBe(org.staff.length);
  } finally {
    await site.close();
  }

  await reader.forceFlush();
  const finished = spans.getFinishedSpans();
  const names = new Set(finished.map((s) => s.name));
  for (const n of ['bot.turn', 'scheduler.tick', 'graph.request', 'connector.send'])
    expect(names).toContain(n);
  const exported = metricExporter.getMetrics();
  const metricNames = new Set(
    exported.flatMap((rm) =>
      rm.scopeMetrics.flatMap((sm) => sm.metrics.map((m) => m.descriptor.name)),
    ),
  );
  for (const n of [
    'supervision.sends',
    'supervision.throttled',
    'supervision.tick.duration',
    'supervision.findings',
    'supervision.send_queue.depth',
  ])
    expect(metricNames).toContain(n);
  const throttled = exported
    .flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics))
    .filter((m) => m.descriptor.name === 'supervision.throttled')
    .flatMap((m) => m.dataPoints.map((p) => p.attributes['service']));
  expect(new Set(throttled)).toEqual(new Set(['graph', 'connector']));

  // Everything exported, as text: span names, attributes, events, statuses; metric names,
  // descriptions and data point attributes.
  const values: string[] = [];
  for (const s of finished) {
    values.push(s.name, s.status.message ?? '');
    for (const v of Object.values(s.attributes)) values.push(String(v));
    for (const e of s.events) values.push(e.name, JSON.stringify(e.attributes ?? {}));
  }
  for (const rm of exported)
    for (const sm of rm.scopeMetrics)
      for (const m of sm.metrics) {
        values.push(m.descriptor.name, m.descriptor.description);
        for (const p of m.dataPoints)
          for (const v of Object.values(p.attributes)) values.push(String(v));
      }
  // The bot seeded the same organisation (moved in time: the same people, ids and text).
  const { exact, within } = forbidden(org);
  const text = values.join('\n');
  for (const v of values) expect({ v, personal: exact.has(v) }).toEqual({ v, personal: false });
  for (const w of within) expect({ w, found: text.includes(w) }).toEqual({ w, found: false });
  // No token of any kind: the Graph test server's are `test-<uuid>`; nothing says Bearer.
  expect(text).not.toMatch(/test-[0-9a-f]{8}-|Bearer|eyJ[A-Za-z0-9_-]{10,}/);
});

it('drops any attribute that is not an allowed code, whatever a caller passes', () => {
  expect(
    safeAttributes({
      outcome: 'sent',
      'http.status': 429,
      'activity.type': 'message',
      // Not allowed keys, whatever their values:
      staffId: 'fsw-hadley-1',
      text: 'next',
      'user.name': 'Helen Ashford',
    }),
  ).toEqual({ outcome: 'sent', 'http.status': 429, 'activity.type': 'message' });
  // Allowed keys with values shaped like ids, names, e-mails or free text:
  for (const v of [
    'LL-204311',
    'Helen Ashford',
    'helen.ashford@example.org',
    '3a3b3c3d-0000-4000-8000-00000000a1d1',
    'Book a family network meeting',
    'a'.repeat(41),
  ])
    expect(safeAttributes({ outcome: v })).toEqual({});
});
