/**
 * Where a command reads the organisation from: `--data <csv folder>` or `--embedded` (the store
 * the STORE_* settings name), exactly one. Shared by `tick` and `export`, so both refuse the
 * same way and turn a store or CSV problem into the same usage error (exit 2).
 */
import path from 'node:path';
import { ContractError } from '../contract/problems';
import { readCsvFolder } from '../contract/read-csv-folder';
import type { KvStore } from '../ports/kv-store';
import type { LoadResult } from '../ports/schedule';
import { parseStoreConfig } from '../store/config';
import { KvSchedule } from '../store/kv-schedule';
import { openKvStore } from '../store/open-store';
import { stringOption, UsageError, type CliIo, type CliValues } from './command';

export type OrgChoice = { embedded: true } | { embedded: false; folder: string };

export type OrgInput =
  { embedded: true; kv: KvStore; schedule: KvSchedule } | { embedded: false; loaded: LoadResult };

/** Validates the choice before anything is opened. */
export function orgChoice(values: CliValues, io: CliIo): OrgChoice {
  const data = stringOption(values, 'data');
  const embedded = values['embedded'] === true;
  if (!!data === embedded)
    throw new UsageError('give exactly one of --data <folder> or --embedded');
  return embedded ? { embedded } : { embedded, folder: path.resolve(io.cwd, data as string) };
}

export async function openOrg(choice: OrgChoice, io: CliIo): Promise<OrgInput> {
  if (choice.embedded) {
    let kv: KvStore;
    try {
      kv = await openKvStore(parseStoreConfig(io.env));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    return { embedded: true, kv, schedule: new KvSchedule(kv) };
  }
  try {
    return { embedded: false, loaded: await readCsvFolder(choice.folder) };
  } catch (e) {
    if (e instanceof ContractError) throw new UsageError(e.message);
    throw e;
  }
}
