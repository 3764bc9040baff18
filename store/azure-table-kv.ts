/**
 * The scale-out state store: Azure Table Storage through `@azure/data-tables`. Several bot
 * instances (App Service scale-out) share one table safely because every KvStore guarantee is
 * enforced by the service, not by us: insert is a create (409 when it exists), replace is an
 * update with If-Match (412 when the ETag moved), delete takes If-Match too.
 *
 * One table; PartitionKey = namespace, RowKey = key, both encoded (store/azure-table-keys.ts).
 * A value is stored as UTF-8 JSON split across binary properties `v0..v{n-1}`, because one
 * property holds at most 64 KiB. Binary rather than string: it is base64 on the wire, so no
 * multi-byte character can be cut by a chunk boundary (Azurite mis-decodes those in strings),
 * and ASCII-heavy JSON takes half the space of UTF-16 strings.
 *
 * Retries: 408/429/5xx, network errors and timeouts are retried a bounded number of times,
 * honouring Retry-After. The SDK's own retry is switched off so that we can tell when a write
 * may already have been applied: every write carries a random write id (`w`), and a 409/412
 * on a retry is checked against it, so a retried insert that actually landed still reports ok.
 */
import { odata, TableClient, type TableEntity, type TableEntityResult } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import { randomUUID } from 'node:crypto';
import type { Json, KvEntry, KvStore, KvWrite } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import { silentLogger } from '../ports/logger';
import { decodeKey, encodeKey, MAX_ENCODED_KEY_LENGTH, prefixRange } from './azure-table-keys';
import { retrying, statusOf, type RetryOptions } from './azure-retry';

/** Bytes per `v<i>` property: under the 64 KiB property limit. */
const CHUNK = 60_000;
/** An entity may hold 1 MiB and 252 properties; stay well inside both. */
const MAX_CHUNKS = 15;

type Stored = Record<string, unknown>;

export interface AzureTableKvOptions extends RetryOptions {
  logger?: Logger;
  /** Entities per list page (the service caps it at 1,000). */
  listPageSize?: number;
}

export class AzureTableKv implements KvStore {
  private readonly logger: Logger;

  constructor(
    private readonly client: TableClient,
    private readonly options: AzureTableKvOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger;
  }

  static fromConnectionString(
    connectionString: string,
    table: string,
    options: AzureTableKvOptions = {},
  ): AzureTableKv {
    const endpoint = /TableEndpoint=([^;]+)/i.exec(connectionString)?.[1] ?? '';
    const client = TableClient.fromConnectionString(connectionString, table, {
      allowInsecureConnection: isLoopbackHttp(endpoint),
      retryOptions: { maxRetries: 0 },
    });
    return new AzureTableKv(client, options);
  }

  /** Production: `https://<account>.table.core.windows.net` + a managed identity credential. */
  static fromAccountUrl(
    accountUrl: string,
    table: string,
    credential: TokenCredential,
    options: AzureTableKvOptions = {},
  ): AzureTableKv {
    const client = new TableClient(accountUrl, table, credential, {
      allowInsecureConnection: isLoopbackHttp(accountUrl),
      retryOptions: { maxRetries: 0 },
    });
    return new AzureTableKv(client, options);
  }

  /** Creates the table if it does not exist yet (idempotent). */
  async ensureTable(): Promise<void> {
    await this.retry('create-table', (abortSignal) => this.client.createTable({ abortSignal }));
  }

  async get(namespace: string, key: string): Promise<KvEntry | null> {
    const [pk, rk] = [encodeKey(namespace), encodeRowKey(key)];
    try {
      const entity = await this.retry('get', (abortSignal) =>
        this.client.getEntity<Stored>(pk, rk, { abortSignal }),
      );
      return { key, value: decodeValue(entity), etag: entity.etag };
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw err;
    }
  }

  async insert(namespace: string, key: string, value: Json): Promise<KvWrite> {
    const entity = toEntity(namespace, key, value);
    let retried = false;
    try {
      const res = await this.retry(
        'insert',
        (abortSignal) => this.client.createEntity(entity, { abortSignal }),
        () => (retried = true),
      );
      return { ok: true, etag: res.etag ?? '' };
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
      const ours = retried ? await this.landedWrite(entity) : null;
      return ours ? { ok: true, etag: ours } : { ok: false, reason: 'exists' };
    }
  }

  async replace(namespace: string, key: string, value: Json, ifEtag: string): Promise<KvWrite> {
    const entity = toEntity(namespace, key, value);
    // An empty If-Match would be dropped on the way and the update become unconditional.
    if (!ifEtag) {
      const exists = await this.get(namespace, key);
      return { ok: false, reason: exists ? 'conflict' : 'not-found' };
    }
    let retried = false;
    try {
      const res = await this.retry(
        'replace',
        (abortSignal) => this.client.updateEntity(entity, 'Replace', { etag: ifEtag, abortSignal }),
        () => (retried = true),
      );
      return { ok: true, etag: res.etag ?? '' };
    } catch (err) {
      const status = statusOf(err);
      if (status === 404) return { ok: false, reason: 'not-found' };
      if (status !== 412) throw err;
      const ours = retried ? await this.landedWrite(entity) : null;
      return ours ? { ok: true, etag: ours } : { ok: false, reason: 'conflict' };
    }
  }

  async upsert(namespace: string, key: string, value: Json): Promise<{ etag: string }> {
    const entity = toEntity(namespace, key, value);
    const res = await this.retry('upsert', (abortSignal) =>
      this.client.upsertEntity(entity, 'Replace', { abortSignal }),
    );
    return { etag: res.etag ?? '' };
  }

  async delete(namespace: string, key: string, ifEtag?: string): Promise<boolean> {
    const [pk, rk] = [encodeKey(namespace), encodeRowKey(key)];
    if (ifEtag === '') return false; // matches no version (see replace)
    let retried = false;
    try {
      await this.retry(
        'delete',
        (abortSignal) => this.client.deleteEntity(pk, rk, { etag: ifEtag ?? '*', abortSignal }),
        () => (retried = true),
      );
      return true;
    } catch (err) {
      const status = statusOf(err);
      // A 404 after an attempt that may have landed is most likely our own delete.
      if (status === 404) return retried;
      if (status === 412) return false;
      throw err;
    }
  }

  async list(namespace: string, prefix?: string): Promise<KvEntry[]> {
    const pk = encodeKey(namespace);
    const encodedPrefix = encodeKey(prefix ?? '');
    const range = prefixRange(encodedPrefix);
    const filter =
      range.lt !== undefined
        ? odata`PartitionKey eq ${pk} and RowKey ge ${range.ge} and RowKey lt ${range.lt}`
        : range.ge !== ''
          ? odata`PartitionKey eq ${pk} and RowKey ge ${range.ge}`
          : odata`PartitionKey eq ${pk}`;
    const entries = await this.entities('list', namespace, { filter }, (entity) => {
      const rowKey = entity.rowKey ?? '';
      if (!rowKey.startsWith(encodedPrefix)) return undefined;
      return { key: decodeKey(rowKey), value: decodeValue(entity), etag: entity.etag };
    });
    return entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async scan(namespace: string, visit: (entry: KvEntry) => void): Promise<void> {
    // Listed whole first: a listing that fails part-way is started again by the retry, and
    // streaming its pages would hand some entries over twice.
    for (const entry of await this.list(namespace)) visit(entry);
  }

  async versions(namespace: string, visit: (key: string, etag: string) => void): Promise<void> {
    const filter = odata`PartitionKey eq ${encodeKey(namespace)}`;
    // Only the row key selected: the etag comes with every entity, the value chunks stay
    // behind. Collected first, as scan does: a retried listing would hand keys over twice.
    const listed = await this.entities(
      'versions',
      namespace,
      { filter, select: ['RowKey'] },
      (entity): [string, string] => [decodeKey(entity.rowKey ?? ''), entity.etag],
    );
    for (const [key, etag] of listed) visit(key, etag);
  }

  /**
   * Every entity the query selects, made into a T by `decode` (undefined: skipped), page by
   * page. A failed page makes `retry` list again from the start, so each attempt starts empty.
   * An entity `decode` cannot read is not one of ours (or is damaged): skipped with a warning
   * rather than failing the whole listing.
   */
  private entities<T>(
    op: string,
    namespace: string,
    queryOptions: { filter: string; select?: string[] },
    decode: (entity: TableEntityResult<Stored>) => T | undefined,
  ): Promise<T[]> {
    return this.retry(op, async (abortSignal) => {
      const out: T[] = [];
      const pages = this.client
        .listEntities<Stored>({ queryOptions, abortSignal })
        .byPage({ maxPageSize: this.options.listPageSize ?? 1000 });
      for await (const page of pages) {
        for (const entity of page) {
          try {
            const x = decode(entity);
            if (x !== undefined) out.push(x);
          } catch {
            this.logger.warn('kv.azure.undecodable-entity', { namespace });
          }
        }
      }
      return out;
    });
  }

  async close(): Promise<void> {
    // TableClient holds no resources that need releasing (HTTP keep-alive sockets time out).
  }

  /** After an ambiguous retry: the entity's etag if the stored write is the one we sent. */
  private async landedWrite(entity: TableEntity<Stored>): Promise<string | null> {
    try {
      const current = await this.retry('verify', (abortSignal) =>
        this.client.getEntity<Stored>(entity.partitionKey, entity.rowKey, { abortSignal }),
      );
      return current.w === entity.w ? current.etag : null;
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw err;
    }
  }

  private retry<T>(
    op: string,
    fn: (signal: AbortSignal) => Promise<T>,
    onRetry?: () => void,
  ): Promise<T> {
    return retrying(fn, this.options, (attempt, status, delayMs) => {
      onRetry?.();
      this.logger.warn('kv.azure.retry', { op, attempt, status, delayMs });
    });
  }
}

function encodeRowKey(key: string): string {
  const rk = encodeKey(key);
  if (rk.length > MAX_ENCODED_KEY_LENGTH) {
    throw new Error(
      `kv-key-too-long: encoded key is ${rk.length} characters (max ${MAX_ENCODED_KEY_LENGTH})`,
    );
  }
  return rk;
}

function toEntity(namespace: string, key: string, value: Json): TableEntity<Stored> {
  const bytes = Buffer.from(JSON.stringify(value), 'utf8');
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += CHUNK) {
    chunks.push(new Uint8Array(bytes.subarray(i, i + CHUNK)));
  }
  if (chunks.length > MAX_CHUNKS) {
    throw new Error(`kv-value-too-large: ${bytes.length} bytes (max ${CHUNK * MAX_CHUNKS})`);
  }
  const entity: TableEntity<Stored> = {
    partitionKey: encodeKey(namespace),
    rowKey: encodeRowKey(key),
    n: chunks.length,
    w: randomUUID(),
  };
  chunks.forEach((c, i) => (entity[`v${i}`] = c));
  return entity;
}

function decodeValue(entity: TableEntityResult<Stored>): Json {
  const n = entity.n;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_CHUNKS) {
    throw new Error('kv-entity-malformed: missing chunk count');
  }
  const parts: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const part = entity[`v${i}`];
    if (!(part instanceof Uint8Array)) throw new Error(`kv-entity-malformed: missing chunk ${i}`);
    parts.push(part);
  }
  return JSON.parse(Buffer.concat(parts).toString('utf8')) as Json;
}

/** Plain http is allowed only towards this machine (Azurite); anything else must be https. */
function isLoopbackHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}
