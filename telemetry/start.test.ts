/**
 * The Azure Monitor exporter costs nothing unless asked for: without
 * APPLICATIONINSIGHTS_CONNECTION_STRING nothing of the SDK or the exporter is loaded (tests,
 * the demo, `npm run dev`); with one, the providers are registered and shut down cleanly.
 */
import { RecordingLogger } from '../ports/logger';
import { startTelemetry } from './start';

const loaded = (name: string) => Object.keys(require.cache).some((k) => k.includes(name));

it('loads nothing without a connection string, and the exporter with one', async () => {
  const logger = new RecordingLogger();
  expect(await startTelemetry(undefined, logger)).toBeNull();
  expect(await startTelemetry('  ', logger)).toBeNull();
  expect(loaded('monitor-opentelemetry-exporter')).toBe(false);
  expect(loaded('sdk-metrics')).toBe(false);

  const handle = await startTelemetry(
    'InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=https://127.0.0.1:9/',
    logger,
    { metricIntervalMs: 3_600_000 },
  );
  expect(handle).not.toBeNull();
  expect(loaded('monitor-opentelemetry-exporter')).toBe(true);
  expect(logger.lines.find((l) => l.event === 'telemetry.started')).toMatchObject({
    fields: { exporter: 'azure-monitor', traces: 'exporter', metrics: 'exporter' },
  });
  // The key is never logged.
  expect(JSON.stringify(logger.lines)).not.toContain('00000000-0000-4000-8000-000000000000');
  await handle!.shutdown();
});
