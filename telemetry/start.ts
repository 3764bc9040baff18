/**
 * Turns telemetry on when APPLICATIONINSIGHTS_CONNECTION_STRING is set: Azure Monitor's
 * OpenTelemetry exporter for the traces and metrics of telemetry/instruments.ts.
 *
 * Why the exporter with the OpenTelemetry SDK, not Microsoft's distro
 * (`@azure/monitor-opentelemetry`): the distro adds auto-instrumentation for HTTP, databases
 * and loggers (about 170 MB installed against about 40 MB), and App Service's own
 * Application Insights agent (infra/main.bicep) already records requests, dependencies and
 * exceptions; this app adds what only it knows (turns, ticks, Graph, sends, throttling,
 * findings). The SDK is loaded here, lazily, so tests and the demo never load it.
 *
 * If a tracer or meter provider is already registered (the App Service agent registers its
 * own), that one is kept and receives these spans and metrics.
 */
import { dirname, join } from 'node:path';
import { metrics, trace } from '@opentelemetry/api';
import type { Logger } from '../ports/logger';
import { resetInstruments } from './instruments';

export interface TelemetryHandle {
  /** Flushes what is buffered and stops exporting (on shutdown). */
  shutdown(): Promise<void>;
}

export interface TelemetryOptions {
  /** How often metrics are exported (default 60 s). */
  metricIntervalMs?: number;
  /** service.name / cloud role name in Application Insights. */
  serviceName?: string;
}

export async function startTelemetry(
  connectionString: string | undefined,
  logger: Logger,
  options: TelemetryOptions = {},
): Promise<TelemetryHandle | null> {
  const cs = connectionString?.trim();
  if (!cs) return null;
  const [{ AzureMonitorTraceExporter, AzureMonitorMetricExporter }, traceSdk, metricSdk, res] =
    await Promise.all([
      import('@azure/monitor-opentelemetry-exporter'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/sdk-metrics'),
      import('@opentelemetry/resources'),
    ]);
  const resource = res.resourceFromAttributes({
    'service.name': options.serviceName ?? 'supervision-bot',
  });
  const tracerProvider = new traceSdk.BasicTracerProvider({
    resource,
    spanProcessors: [
      new traceSdk.BatchSpanProcessor(new AzureMonitorTraceExporter({ connectionString: cs })),
    ],
  });
  const meterProvider = new metricSdk.MeterProvider({
    resource,
    readers: [
      new metricSdk.PeriodicExportingMetricReader({
        exporter: new AzureMonitorMetricExporter({ connectionString: cs }),
        exportIntervalMillis: options.metricIntervalMs ?? 60_000,
      }),
    ],
  });
  const tracesOurs = trace.setGlobalTracerProvider(tracerProvider);
  const metricsOurs = metrics.setGlobalMeterProvider(meterProvider);
  resetInstruments();
  logger.info('telemetry.started', {
    exporter: 'azure-monitor',
    traces: tracesOurs ? 'exporter' : 'existing-provider',
    metrics: metricsOurs ? 'exporter' : 'existing-provider',
  });
  return {
    async shutdown() {
      await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
      stopExporterSettingsPoll();
    },
  };
}

/**
 * The exporter's constructor starts a process-wide poll of Azure Monitor's settings service
 * ("OneSettings": 5-15 s after start, then hourly) that the exporters' own shutdown leaves
 * running, and the package does not export a way to stop it. Its timer is unref'd, but each
 * poll is an HTTPS request with a 10 s timeout that holds the process open while in flight:
 * a process that shut telemetry down and then ended on its own (a jest worker, anything not
 * calling process.exit) stayed alive for it. So shutdown stops it through the singleton's
 * own `shutdown()` ("stop OneSettings polling ... safe to restart with a later initialize"),
 * reached by file path (the exporter version is pinned in package.json); if a later version
 * moves it, nothing is stopped and nothing fails.
 */
function stopExporterSettingsPoll(): void {
  try {
    const main = require.resolve('@azure/monitor-opentelemetry-exporter');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(dirname(main), '_configuration', 'configurationManager.js')) as {
      ConfigurationManager?: { getInstance?: () => { shutdown?: () => void } };
    };
    mod.ConfigurationManager?.getInstance?.().shutdown?.();
  } catch {
    // Not found in this version of the exporter: nothing to stop.
  }
}
