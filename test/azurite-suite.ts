/**
 * Azurite for one test file: started before its tests and stopped after them, and fresh tables
 * opened the way two bot instances open the same one (each its own client).
 */
import { AzureTableKv } from '../store/azure-table-kv';
import { startAzurite, type AzuriteHandle } from './azurite';

/** Registers the file's beforeAll/afterAll; call the result inside a test for the handle. */
export function azuriteForSuite(): () => AzuriteHandle {
  let azurite: AzuriteHandle | undefined;
  beforeAll(async () => {
    azurite = await startAzurite();
  }, 60_000);
  afterAll(async () => {
    await azurite?.stop();
  });
  return () => {
    if (!azurite)
      throw new Error('Azurite is not running (azuriteForSuite at the top of the file)');
    return azurite;
  };
}

/** A new table (`prefix` + a timestamp), created, and a client for each of two instances. */
export async function tableForTwoInstances(
  azurite: AzuriteHandle,
  prefix: string,
): Promise<[AzureTableKv, AzureTableKv]> {
  const table = `${prefix}${Date.now()}`;
  const a = AzureTableKv.fromConnectionString(azurite.connectionString, table);
  await a.ensureTable();
  return [a, AzureTableKv.fromConnectionString(azurite.connectionString, table)];
}
