import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite, type AzuriteHandle } from '../test/azurite';
import { AzureTableKv } from './azure-table-kv';
import { describeStoreConfig, parseStoreConfig } from './config';
import { openKvStore } from './open-store';
import { SqliteKv } from './sqlite-kv';

describe('store configuration', () => {
  test('defaults to SQLite at ./data/supervision-bot.sqlite with 7-year audit retention', () => {
    expect(parseStoreConfig({})).toEqual({
      kind: 'sqlite',
      path: './data/supervision-bot.sqlite',
      auditRetentionYears: 7,
    });
    expect(parseStoreConfig({ STATE_STORE: '', SQLITE_PATH: '' })).toMatchObject({
      kind: 'sqlite',
    });
  });

  test('azure-table by connection string or by account URL + managed identity', () => {
    expect(
      parseStoreConfig({
        STATE_STORE: 'azure-table',
        AZURE_TABLES_CONNECTION_STRING: 'UseDevelopmentStorage=true',
        AUDIT_RETENTION_YEARS: '10',
      }),
    ).toEqual({
      kind: 'azure-table',
      table: 'supervisionbot',
      connectionString: 'UseDevelopmentStorage=true',
      auditRetentionYears: 10,
    });
    const mi = parseStoreConfig({
      STATE_STORE: 'azure-table',
      AZURE_TABLES_ACCOUNT_URL: 'https://acct.table.core.windows.net',
      AZURE_TABLES_MANAGED_IDENTITY_CLIENT_ID: '00000000-0000-0000-0000-000000000001',
      AZURE_TABLES_TABLE: 'supervisionprod',
    });
    expect(mi).toMatchObject({
      table: 'supervisionprod',
      managedIdentityClientId: expect.any(String),
    });
    expect(describeStoreConfig(mi)).toEqual({
      stateStore: 'azure-table',
      table: 'supervisionprod',
      auth: 'managed-identity (user-assigned)',
      accountUrl: 'https://acct.table.core.windows.net',
    });
  });

  test('bad configuration fails with a message naming the variable', () => {
    expect(() => parseStoreConfig({ STATE_STORE: 'mongo' })).toThrow(/STATE_STORE/);
    expect(() => parseStoreConfig({ STATE_STORE: 'azure-table' })).toThrow(
      /AZURE_TABLES_ACCOUNT_URL/,
    );
    expect(() =>
      parseStoreConfig({
        STATE_STORE: 'azure-table',
        AZURE_TABLES_ACCOUNT_URL: 'http://acct.example.org',
      }),
    ).toThrow(/https/);
    expect(() =>
      parseStoreConfig({ STATE_STORE: 'azure-table', AZURE_TABLES_CONNECTION_STRING: 'nonsense' }),
    ).toThrow(/AZURE_TABLES_CONNECTION_STRING/);
    expect(() => parseStoreConfig({ AZURE_TABLES_TABLE: 'bad-name' })).toThrow(
      /AZURE_TABLES_TABLE/,
    );
    expect(() => parseStoreConfig({ AUDIT_RETENTION_YEARS: 'seven' })).toThrow(
      /AUDIT_RETENTION_YEARS/,
    );
  });

  test('the logged description never carries the connection string', () => {
    const secret = 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=SECRETKEY==;';
    const cfg = parseStoreConfig({
      STATE_STORE: 'azure-table',
      AZURE_TABLES_CONNECTION_STRING: secret,
    });
    expect(JSON.stringify(describeStoreConfig(cfg))).not.toContain('SECRETKEY');
  });
});

describe('openKvStore', () => {
  test('sqlite: creates the directory and the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'open-store-'));
    try {
      const path = join(dir, 'nested', 'deeper', 'state.sqlite');
      const kv = await openKvStore({ kind: 'sqlite', path, auditRetentionYears: 7 });
      expect(kv).toBeInstanceOf(SqliteKv);
      expect((await kv.insert('ns', 'k', 1)).ok).toBe(true);
      await kv.close();
      expect(existsSync(path)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('azure-table on Azurite', () => {
    let azurite: AzuriteHandle;
    beforeAll(async () => {
      azurite = await startAzurite();
    });
    afterAll(async () => {
      await azurite?.stop();
    });

    test('creates the table and works; a second open reuses it', async () => {
      const config = {
        kind: 'azure-table' as const,
        table: 'openstoretest',
        connectionString: azurite.connectionString,
        auditRetentionYears: 7,
      };
      const a = await openKvStore(config);
      expect(a).toBeInstanceOf(AzureTableKv);
      expect((await a.insert('ns', 'k', 'v')).ok).toBe(true);
      const b = await openKvStore(config);
      expect((await b.get('ns', 'k'))?.value).toBe('v');
    });
  });
});
