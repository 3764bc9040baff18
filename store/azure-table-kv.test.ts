/**
 * AzureTableKv against a real Azurite Table service (the real SDK over real HTTP), plus a
 * small fault-injecting proxy on 127.0.0.1 for the retry paths Azurite never produces.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RecordingLogger } from '../ports/logger';
import { azuriteConnectionString, startAzurite, type AzuriteHandle } from '../test/azurite';
import { AzureTableKv } from './azure-table-kv';
import { KvUnavailableError } from './azure-retry';
import { decodeKey, encodeKey, prefixRange } from './azure-table-keys';
import { describeKvStoreContract } from './kv-store.contract';
import { describeKvScheduleSuite } from './kv-schedule.suite';

let azurite: AzuriteHandle;

beforeAll(async () => {
  azurite = await startAzurite();
  // Start-up time is worth knowing on CI; shown once per run.
  process.stdout.write(`azurite-table started in ${azurite.startupMs} ms\n`);
});

afterAll(async () => {
  await azurite?.stop();
});

const tableName = (): string => `kv${randomUUID().replace(/-/g, '').slice(0, 16)}`;

async function openOn(table: string, options = {}): Promise<AzureTableKv> {
  const kv = AzureTableKv.fromConnectionString(azurite.connectionString, table, options);
  await kv.ensureTable();
  return kv;
}

let contractTable = '';
describeKvStoreContract(
  'AzureTableKv on Azurite, two clients',
  async () => openOn((contractTable = tableName())),
  undefined,
  { openPeer: async () => openOn(contractTable) },
);

describeKvScheduleSuite('AzureTableKv on Azurite', async () => openOn(tableName()));

describe('azure table key encoding', () => {
  test('round-trips and never emits a character Azure forbids', () => {
    const keys = ['a/b', 'c\\d', 'e#f', 'g?h', '%~+', '\u0000\u001f\u007f\u009f', 'ok é 😀', "q'"];
    for (const k of keys) {
      const enc = encodeKey(k);
      // eslint-disable-next-line no-control-regex
      expect(enc).not.toMatch(/[\u0000-\u001f\u007f-\u009f/\\#?%+]/);
      expect(decodeKey(enc)).toBe(k);
    }
  });

  test('prefix of the key <=> prefix of the encoded key', () => {
    expect(encodeKey('s1|x/y').startsWith(encodeKey('s1|x/'))).toBe(true);
    expect(encodeKey('s1~7E').startsWith(encodeKey('s1~'))).toBe(true);
    expect(encodeKey('s1/').startsWith(encodeKey('s1~2'))).toBe(false);
  });

  test('prefix range: upper bound is the incremented last character, none near surrogates', () => {
    expect(prefixRange('s1|')).toEqual({ ge: 's1|', lt: 's1}' });
    expect(prefixRange('x\uffff')).toEqual({ ge: 'x\uffff' });
    expect(prefixRange('')).toEqual({ ge: '' });
  });
});

describe('AzureTableKv specifics', () => {
  test('values over one property (64 KiB) are split and reassembled; too large is refused', async () => {
    const kv = await openOn(tableName());
    const big = 'é'.repeat(70_000) + '😀'.repeat(20_000);
    expect((await kv.insert('ns', 'big', big)).ok).toBe(true);
    const got = (await kv.get('ns', 'big'))?.value;
    // Compared as a boolean: a failure must not print 150 000 characters.
    expect(got === big).toBe(true);
    await expect(kv.insert('ns', 'huge', 'x'.repeat(1_000_000))).rejects.toThrow(
      /kv-value-too-large/,
    );
  });

  test('list follows continuation tokens across pages', async () => {
    const kv = await openOn(tableName(), { listPageSize: 40 });
    const keys = Array.from({ length: 150 }, (_, i) => `p|${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((k) => kv.insert('ns', k, 1)));
    }
    await kv.insert('ns', 'q', 1);
    const listed = await kv.list('ns', 'p|');
    expect(listed.map((e) => e.key)).toEqual(keys);
    expect(await kv.list('ns')).toHaveLength(151);
  });

  test('ensureTable is idempotent', async () => {
    const t = tableName();
    const kv = await openOn(t);
    await kv.ensureTable();
    expect((await kv.insert('ns', 'k', 1)).ok).toBe(true);
  });
});

describe('AzureTableKv retries (fault-injecting proxy in front of Azurite)', () => {
  let proxy: Server;
  let port = 0;
  /** Scripted faults for the next requests, consumed in order; empty = pass through. */
  let faults: Array<'503' | '429' | 'drop-response' | 'hang'> = [];
  let seen = 0;

  beforeAll(async () => {
    proxy = createServer((req, res) => {
      seen++;
      const fault = faults.shift();
      if (fault === '503' || fault === '429') {
        // Retry-After: 0 on 503, 1 second on 429 (the client must wait that long).
        const retryAfter = fault === '429' ? '1' : '0';
        res.writeHead(Number(fault), {
          'retry-after': retryAfter,
          'content-type': 'application/json',
        });
        res.end('{"odata.error":{"code":"ServerBusy","message":{"value":"busy"}}}');
        req.resume();
        return;
      }
      if (fault === 'hang') {
        req.resume();
        return; // never answers: the client's timeout must fire
      }
      const upstream = request(
        {
          host: '127.0.0.1',
          port: azurite.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (up) => {
          if (fault === 'drop-response') {
            // The write reached the service but the answer is lost: the ambiguous case.
            up.resume();
            res.socket?.destroy();
            return;
          }
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    port = (proxy.address() as AddressInfo).port;
  });

  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise((r) => proxy.close(r));
  });

  beforeEach(() => {
    faults = [];
    seen = 0;
  });

  // A generous timeout except where the test is about timeouts: a loaded CI machine must not
  // turn a slow answer into an extra attempt and upset the request counts.
  async function viaProxy(
    requestTimeoutMs = 15_000,
  ): Promise<{ kv: AzureTableKv; logger: RecordingLogger }> {
    const logger = new RecordingLogger();
    const cs = azuriteConnectionString(`http://127.0.0.1:${port}/devstoreaccount1`);
    const kv = AzureTableKv.fromConnectionString(cs, tableName(), {
      logger,
      baseDelayMs: 5,
      requestTimeoutMs,
    });
    await kv.ensureTable();
    seen = 0;
    return { kv, logger };
  }

  test('503 and 429 with Retry-After are retried and the write lands once', async () => {
    const { kv, logger } = await viaProxy();
    faults = ['503', '429'];
    const w = await kv.insert('ns', 'k', { v: 1 });
    expect(w.ok).toBe(true);
    expect(seen).toBe(3);
    expect(
      logger.lines
        .filter((l) => l.event === 'kv.azure.retry')
        .map((l) => [l.fields.status, l.fields.delayMs]),
    ).toEqual([
      [503, 0],
      [429, 1000],
    ]);
    expect((await kv.get('ns', 'k'))?.value).toEqual({ v: 1 });
  });

  test('a lost response to an insert that landed still reports ok (not exists)', async () => {
    const { kv } = await viaProxy();
    faults = ['drop-response'];
    const w = await kv.insert('ns', 'claim', 'mine');
    expect(w.ok).toBe(true);
    expect(w.ok && w.etag).toBe((await kv.get('ns', 'claim'))?.etag);
    // ...while someone else's existing entry is still reported as exists.
    faults = ['drop-response'];
    expect(await kv.insert('ns', 'claim', 'again')).toEqual({ ok: false, reason: 'exists' });
  });

  test('a lost response to a replace that landed still reports ok (not conflict)', async () => {
    const { kv } = await viaProxy();
    const w1 = await kv.insert('ns', 'k', 1);
    if (!w1.ok) throw new Error('insert failed');
    faults = ['drop-response'];
    const w2 = await kv.replace('ns', 'k', 2, w1.etag);
    expect(w2.ok).toBe(true);
    expect((await kv.get('ns', 'k'))?.value).toBe(2);
  });

  test('a request that never answers times out and is retried', async () => {
    const { kv, logger } = await viaProxy(1_500);
    faults = ['hang'];
    expect((await kv.upsert('ns', 'k', 'v')).etag).toBeTruthy();
    expect(seen).toBeGreaterThanOrEqual(2);
    const retries = logger.lines.filter((l) => l.event === 'kv.azure.retry');
    expect(retries[0]?.fields.status).toBe('timeout');
  });

  test('after the bounded retries it gives up with a typed error', async () => {
    const { kv } = await viaProxy();
    faults = ['503', '503', '503', '503', '503', '503'];
    await expect(kv.get('ns', 'k')).rejects.toBeInstanceOf(KvUnavailableError);
    expect(seen).toBe(5);
  });
});
