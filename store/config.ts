/**
 * The state store's part of the configuration, as a zod fragment that config/ composes into
 * the app's schema (spread `storeEnvShape` into its object, run `refineStoreEnv` in its
 * superRefine), then `toStoreConfig` turns the parsed variables into what openKvStore takes.
 *
 * STATE_STORE=sqlite (default): one file, one instance. STATE_STORE=azure-table: Azure Table
 * Storage, safe for several instances; by connection string (Azurite, or a key-based account)
 * or by account URL + managed identity (production: no secret to hold).
 */
import { z } from 'zod';

/** Blank variables in a .env file mean "not set". */
const optionalText = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().trim().optional(),
);

export const STATE_STORES = ['sqlite', 'azure-table'] as const;
export const DEFAULT_SQLITE_PATH = './data/supervision-bot.sqlite';
export const DEFAULT_TABLE = 'supervisionbot';

export const storeEnvShape = {
  STATE_STORE: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.enum(STATE_STORES).default('sqlite'),
  ),
  SQLITE_PATH: optionalText,
  AZURE_TABLES_CONNECTION_STRING: optionalText,
  AZURE_TABLES_ACCOUNT_URL: optionalText,
  /** Client id of a user-assigned managed identity; blank = system-assigned / default chain. */
  AZURE_TABLES_MANAGED_IDENTITY_CLIENT_ID: optionalText,
  AZURE_TABLES_TABLE: optionalText,
  /** Years a signature audit entry is kept (counted from when it was signed). */
  AUDIT_RETENTION_YEARS: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(1).max(100).default(7),
  ),
};

export const storeEnvSchema = z.object(storeEnvShape).superRefine(refineStoreEnv);
export type StoreEnv = z.infer<z.ZodObject<typeof storeEnvShape>>;

/** Cross-field rules; every message names the variable to fix. */
export function refineStoreEnv(env: StoreEnv, ctx: z.RefinementCtx): void {
  if (
    env.AZURE_TABLES_TABLE !== undefined &&
    !/^[A-Za-z][A-Za-z0-9]{2,62}$/.test(env.AZURE_TABLES_TABLE)
  ) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['AZURE_TABLES_TABLE'],
      message: 'AZURE_TABLES_TABLE must be 3-63 letters and digits, starting with a letter',
    });
  }
  if (env.STATE_STORE !== 'azure-table') return;
  const cs = env.AZURE_TABLES_CONNECTION_STRING;
  const url = env.AZURE_TABLES_ACCOUNT_URL;
  if (!cs && !url) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['AZURE_TABLES_ACCOUNT_URL'],
      message:
        'STATE_STORE=azure-table needs AZURE_TABLES_ACCOUNT_URL (managed identity) or AZURE_TABLES_CONNECTION_STRING',
    });
  }
  if (cs && url) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['AZURE_TABLES_CONNECTION_STRING'],
      message: 'set AZURE_TABLES_CONNECTION_STRING or AZURE_TABLES_ACCOUNT_URL, not both',
    });
  }
  if (cs && !/AccountName=|TableEndpoint=|UseDevelopmentStorage=true/i.test(cs)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['AZURE_TABLES_CONNECTION_STRING'],
      message: 'AZURE_TABLES_CONNECTION_STRING does not look like a storage connection string',
    });
  }
  if (url && !/^https:\/\/|^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['AZURE_TABLES_ACCOUNT_URL'],
      message: 'AZURE_TABLES_ACCOUNT_URL must be an https:// URL (http only for a local emulator)',
    });
  }
}

export type StoreConfig =
  | { kind: 'sqlite'; path: string; auditRetentionYears: number }
  | {
      kind: 'azure-table';
      table: string;
      connectionString?: string;
      accountUrl?: string;
      managedIdentityClientId?: string;
      auditRetentionYears: number;
    };

export function toStoreConfig(env: StoreEnv): StoreConfig {
  if (env.STATE_STORE === 'sqlite') {
    return {
      kind: 'sqlite',
      path: env.SQLITE_PATH ?? DEFAULT_SQLITE_PATH,
      auditRetentionYears: env.AUDIT_RETENTION_YEARS,
    };
  }
  return {
    kind: 'azure-table',
    table: env.AZURE_TABLES_TABLE ?? DEFAULT_TABLE,
    ...(env.AZURE_TABLES_CONNECTION_STRING
      ? { connectionString: env.AZURE_TABLES_CONNECTION_STRING }
      : {}),
    ...(env.AZURE_TABLES_ACCOUNT_URL ? { accountUrl: env.AZURE_TABLES_ACCOUNT_URL } : {}),
    ...(env.AZURE_TABLES_MANAGED_IDENTITY_CLIENT_ID
      ? { managedIdentityClientId: env.AZURE_TABLES_MANAGED_IDENTITY_CLIENT_ID }
      : {}),
    auditRetentionYears: env.AUDIT_RETENTION_YEARS,
  };
}

/** Standalone use (CLI): parse the store variables alone; throws naming each bad variable. */
export function parseStoreConfig(env: Record<string, string | undefined>): StoreConfig {
  const parsed = storeEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) =>
      i.code === z.ZodIssueCode.custom ? i.message : `${i.path.join('.')}: ${i.message}`,
    );
    throw new Error(`Invalid state store configuration:\n  ${lines.join('\n  ')}`);
  }
  return toStoreConfig(parsed.data);
}

/** What may be logged at start-up: never the connection string (it holds the account key). */
export function describeStoreConfig(config: StoreConfig): Record<string, string> {
  if (config.kind === 'sqlite') return { stateStore: 'sqlite', sqlitePath: config.path };
  return {
    stateStore: 'azure-table',
    table: config.table,
    auth: config.connectionString
      ? 'connection-string'
      : config.managedIdentityClientId
        ? 'managed-identity (user-assigned)'
        : 'managed-identity / default chain',
    ...(config.accountUrl ? { accountUrl: config.accountUrl } : {}),
  };
}
