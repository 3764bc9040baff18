/**
 * Starts Azurite's Table service (the npm devDependency, so it works on a fresh CI machine)
 * on 127.0.0.1 for integration tests, in memory, and stops it again.
 *
 * Azurite accepts `--tablePort 0` but then does not say which port it got, so we reserve a
 * free port first (listen on 0, read it, close) and retry on the rare race where someone
 * else takes it before Azurite binds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Azurite's well-known development account (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteHandle {
  connectionString: string;
  /** `http://127.0.0.1:<port>/devstoreaccount1` */
  tableEndpoint: string;
  port: number;
  /** How long start-up took, for the record. */
  startupMs: number;
  stop(): Promise<void>;
}

const BIN = join(__dirname, '..', 'node_modules', '.bin', 'azurite-table');
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export function azuriteConnectionString(tableEndpoint: string): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
    `TableEndpoint=${tableEndpoint};`
  );
}

export async function startAzurite(opts: { timeoutMs?: number } = {}): Promise<AzuriteHandle> {
  const started = Date.now();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      const child = await launch(port, opts.timeoutMs ?? 45_000);
      const tableEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
      return {
        connectionString: azuriteConnectionString(tableEndpoint),
        tableEndpoint,
        port,
        startupMs: Date.now() - started,
        stop: () => stopChild(child),
      };
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(`Azurite did not start: ${String(lastError)}`);
}

async function launch(port: number, timeoutMs: number): Promise<ChildProcess> {
  installExitHook();
  const child = spawn(
    process.execPath,
    [
      BIN,
      '--tableHost',
      '127.0.0.1',
      '--tablePort',
      String(port),
      '--inMemoryPersistence',
      '--silent',
      '--skipApiVersionCheck',
      '--loose',
      // Never phone home from a test run.
      '--disableTelemetry',
    ],
    { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-2000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-2000)));
  child.once('exit', () => running.delete(child));

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`azurite-table exited (${child.exitCode ?? child.signalCode}): ${output}`);
    }
    if (await accepts(port)) return child;
    await sleep(50);
  }
  await stopChild(child);
  throw new Error(`azurite-table did not listen on ${port} within ${timeoutMs} ms: ${output}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A test that crashes or forgets stop() must not leave Azurite running. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
