/**
 * Shutting telemetry down stops all of the exporter, including its process-wide poll of Azure
 * Monitor's settings service, which the exporters' own shutdown leaves running: an HTTPS
 * request in flight held a finished process (a jest worker) open. A file of its own, so the
 * poll is started here, by the first exporter in a fresh module registry.
 */
import { createServer, type Socket } from 'node:net';
import { RecordingLogger } from '../ports/logger';
import { startTelemetry } from './start';

it("stops the exporter's settings poll on shutdown: nothing reaches the settings service afterwards", async () => {
  // The poll goes through HTTPS_PROXY: a local proxy sees whether it is ever attempted.
  const attempts: string[] = [];
  const sockets = new Set<Socket>();
  const proxy = createServer((socket) => {
    sockets.add(socket);
    socket.once('data', (d: Buffer) => attempts.push(d.toString().split('\r\n')[0] ?? ''));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const address = proxy.address();
  const saved = process.env.HTTPS_PROXY;
  process.env.HTTPS_PROXY = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // The poll's first run is 5-15 s after the first exporter starts: 5 s with random() = 0.
  const random = jest.spyOn(Math, 'random').mockReturnValue(0);
  try {
    const handle = await startTelemetry(
      'InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=https://127.0.0.1:9/',
      new RecordingLogger(),
      { metricIntervalMs: 3_600_000 },
    );
    random.mockRestore();
    await handle!.shutdown();
    await new Promise((r) => setTimeout(r, 6_500));
    expect(attempts).toEqual([]);
  } finally {
    random.mockRestore();
    if (saved === undefined) delete process.env.HTTPS_PROXY;
    else process.env.HTTPS_PROXY = saved;
    for (const s of sockets) s.destroy();
    await new Promise((r) => proxy.close(r));
  }
}, 30_000);
