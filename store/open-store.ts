/**
 * Opens the configured KvStore, creating what it needs: the SQLite file's directory, or the
 * Azure table. Called once by the composition root and the CLI.
 */
import {
  DefaultAzureCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import { silentLogger } from '../ports/logger';
import { AzureTableKv } from './azure-table-kv';
import type { StoreConfig } from './config';
import { describeStoreConfig } from './config';
import { SqliteKv } from './sqlite-kv';

export interface OpenStoreOptions {
  logger?: Logger;
  /** Overrides the managed identity (tests, or a credential the host already built). */
  credential?: TokenCredential;
}

export async function openKvStore(
  config: StoreConfig,
  options: OpenStoreOptions = {},
): Promise<KvStore> {
  const logger = options.logger ?? silentLogger;
  logger.info('store.open', describeStoreConfig(config));
  if (config.kind === 'sqlite') {
    if (config.path !== ':memory:') mkdirSync(dirname(resolve(config.path)), { recursive: true });
    return new SqliteKv(config.path);
  }
  const kv = config.connectionString
    ? AzureTableKv.fromConnectionString(config.connectionString, config.table, { logger })
    : AzureTableKv.fromAccountUrl(
        config.accountUrl ?? '',
        config.table,
        options.credential ?? credentialFor(config.managedIdentityClientId),
        { logger },
      );
  await kv.ensureTable();
  return kv;
}

/**
 * A user-assigned identity is named by its client id; otherwise the default chain, which is
 * the system-assigned managed identity on App Service and a developer's az login locally.
 */
function credentialFor(clientId: string | undefined): TokenCredential {
  return clientId ? new ManagedIdentityCredential({ clientId }) : new DefaultAzureCredential();
}
