/**
 * Configuration: read from the environment ONCE at start-up, validated with zod, and failing
 * fast with a message that names the variable. Only `redactedSummary()` is ever logged.
 *
 * The core variables live here; the store and SharePoint adapters own their own fragments
 * (store/config.ts, sharepoint/config.ts), composed here by `loadConfig` so each adapter keeps
 * its variables next to its code.
 */
import { isAbsolute, posix } from 'node:path';
import { AppError } from '../kernel/errors';
import { z } from 'zod';
import { PROFILE_IDS } from '../policy/profile';
import { graphConfigSchema, redactGraphConfig, type GraphConfig } from '../sharepoint/config';
import {
  describeStoreConfig,
  storeEnvSchema,
  toStoreConfig,
  type StoreConfig,
} from '../store/config';
import { describeTabConfig, parseTabConfig, TabConfigError, type TabConfig } from '../tab/config';
import { LOG_LEVELS } from './logger';

export class ConfigError extends AppError {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super('config-invalid', `Configuration error in ${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

const blankToUndefined = (v: unknown): unknown =>
  typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v;

const optionalString = z.preprocess(blankToUndefined, z.string().optional());

const bool = (dflt: boolean) =>
  z.preprocess(
    blankToUndefined,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], {
        errorMap: () => ({ message: 'must be true or false' }),
      })
      .optional()
      .transform((v) => (v === undefined ? dflt : ['true', '1', 'yes'].includes(v))),
  );

const int = (dflt: number, min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ invalid_type_error: 'must be a whole number' })
      .int('must be a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .optional()
      .transform((v) => v ?? dflt),
  );

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** `08:30-17:30` (default): when proactive messages may go out (Europe/London wall clock). */
const workingHours = z.preprocess(
  blankToUndefined,
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const text = v ?? '08:30-17:30';
      const [from, to, extra] = text.split('-').map((s) => s.trim());
      if (!from || !to || extra !== undefined || !HHMM.test(from) || !HHMM.test(to) || from >= to) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: 'must look like 08:00-18:00 (start before end)',
        });
        return z.NEVER;
      }
      return { from, to };
    }),
);

const idList = z.preprocess(
  blankToUndefined,
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    ),
);

const coreSchema = z.object({
  PORT: int(3978, 0, 65535),
  HOST: optionalString,
  /**
   * true: run WITHOUT authentication (no MicrosoftAppId), on 127.0.0.1, on the embedded store,
   * for a developer's machine (`npm run dev` sets it). Never inferred from anything else.
   */
  LOCAL_MODE: bool(false),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppTenantId: optionalString,
  MicrosoftAppType: z.preprocess(
    blankToUndefined,
    z
      .enum(['SingleTenant', 'UserAssignedMSI'], {
        errorMap: () => ({ message: 'must be SingleTenant or UserAssignedMSI' }),
      })
      .optional(),
  ),
  PROFILE: z.preprocess(
    blankToUndefined,
    z
      .enum(PROFILE_IDS, {
        errorMap: () => ({ message: `must be one of ${PROFILE_IDS.join(', ')}` }),
      })
      .optional()
      .transform((v) => v ?? 'telford-sf'),
  ),
  PROFILE_OVERRIDES: optionalString,
  DATA_SOURCE: z.preprocess(
    blankToUndefined,
    z
      .enum(['embedded', 'sharepoint'], {
        errorMap: () => ({ message: 'must be embedded or sharepoint' }),
      })
      .optional()
      .transform((v) => v ?? 'embedded'),
  ),
  DEMO: bool(false),
  TICK_SECONDS: int(60, 0, 86_400),
  /**
   * true: this deployment may send proactive messages (reminders, escalations). Default true in
   * local mode only: a staging slot or a second deployment sends nothing unless told to.
   */
  SEND_ENABLED: z.preprocess(
    blankToUndefined,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], {
        errorMap: () => ({ message: 'must be true or false' }),
      })
      .optional(),
  ),
  /** How long a tick lease lasts (0 = 2.5 × TICK_SECONDS, at least 30 s). */
  TICK_LEASE_SECONDS: int(0, 0, 86_400),
  /** Teams allows 50 proactive messages a second per app per tenant: with N instances, 50/N. */
  SEND_RATE_PER_SECOND: int(50, 1, 50),
  WORKING_HOURS: workingHours,
  ADMIN_IDS: idList,
  PUBLIC_BASE_URL: z.preprocess(
    blankToUndefined,
    z.string().url('must be an absolute URL like https://bot.example.org').optional(),
  ),
  /** The controller named on /privacy and /terms (bot/legal-pages.ts). */
  ORGANISATION_NAME: optionalString,
  /** Where people send privacy requests (the DPO's address), named on /privacy. */
  PRIVACY_CONTACT: optionalString,
  /** The organisation's own privacy notice (.html as is, other files as plain text). */
  PRIVACY_NOTICE_FILE: optionalString,
  /** The organisation's own terms of use (.html as is, other files as plain text). */
  TERMS_FILE: optionalString,
  /** Informational; any value starting `prod` (any case) also refuses LOCAL_MODE=true. */
  NODE_ENV: optionalString,
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z
      .enum(LOG_LEVELS, {
        errorMap: () => ({ message: `must be one of ${LOG_LEVELS.join(', ')}` }),
      })
      .optional()
      .transform((v) => v ?? 'info'),
  ),
});

/** Every core variable name (the .env.example test checks each is documented). */
export const CORE_VARIABLES = Object.keys(coreSchema.shape);

export type AuthConfig =
  | { mode: 'local' }
  | { mode: 'SingleTenant'; appId: string; password: string; tenantId: string }
  | { mode: 'UserAssignedMSI'; appId: string; tenantId: string };

export interface CoreConfig {
  port: number;
  host: string;
  auth: AuthConfig;
  profile: (typeof PROFILE_IDS)[number];
  profileOverridesPath?: string;
  dataSource: 'embedded' | 'sharepoint';
  demo: boolean;
  /** 0 disables the scheduler tick (e.g. a web-only instance). */
  tickSeconds: number;
  /** False: the scheduler does not run here (SEND_ENABLED; default true in local mode only). */
  sendEnabled: boolean;
  /** How long the tick lease lasts (scheduler/tick-lease.ts), in seconds. */
  tickLeaseSeconds: number;
  /** This instance's share of the tenant's send limit (messages per second). */
  sendRatePerSecond: number;
  workingHours: { from: string; to: string };
  adminIds: string[];
  publicBaseUrl: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** What /privacy and /terms say (bot/legal-pages.ts). */
  legal: {
    organisationName?: string;
    privacyContact?: string;
    privacyNoticeFile?: string;
    termsFile?: string;
  };
}

type Env = Record<string, string | undefined>;

function firstIssue(error: z.ZodError): ConfigError {
  const issue = error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  return new ConfigError(variable, issue?.message ?? 'invalid');
}

/** Parses the core variables; throws ConfigError naming the first bad variable. */
export function parseCoreConfig(env: Env): CoreConfig {
  const parsed = coreSchema.safeParse(env);
  if (!parsed.success) throw firstIssue(parsed.error);
  const e = parsed.data;

  let auth: AuthConfig;
  if (!e.MicrosoftAppId) {
    if (e.MicrosoftAppPassword) {
      throw new ConfigError('MicrosoftAppId', 'is required when MicrosoftAppPassword is set');
    }
    // Unauthenticated only when asked for in so many words: a missing app id on a server (a
    // typo, a lost app setting, a staging slot) must stop the bot, not open it.
    if (!e.LOCAL_MODE) {
      throw new ConfigError(
        'MicrosoftAppId',
        "is not set. Set MicrosoftAppId and MicrosoftAppTenantId to run the bot; local mode (no authentication, 127.0.0.1 only, for a developer's machine) runs only with LOCAL_MODE=true",
      );
    }
    auth = { mode: 'local' };
  } else {
    if (e.LOCAL_MODE) {
      throw new ConfigError(
        'LOCAL_MODE',
        'must not be true when MicrosoftAppId is set: local mode authenticates nobody',
      );
    }
    if (!e.MicrosoftAppTenantId) {
      throw new ConfigError(
        'MicrosoftAppTenantId',
        'is required when MicrosoftAppId is set (single-tenant bot)',
      );
    }
    const type = e.MicrosoftAppType ?? 'SingleTenant';
    if (type === 'SingleTenant') {
      if (!e.MicrosoftAppPassword) {
        throw new ConfigError(
          'MicrosoftAppPassword',
          'is required for MicrosoftAppType=SingleTenant',
        );
      }
      auth = {
        mode: 'SingleTenant',
        appId: e.MicrosoftAppId,
        password: e.MicrosoftAppPassword,
        tenantId: e.MicrosoftAppTenantId,
      };
    } else {
      if (e.MicrosoftAppPassword) {
        throw new ConfigError(
          'MicrosoftAppPassword',
          'must not be set for MicrosoftAppType=UserAssignedMSI',
        );
      }
      auth = { mode: 'UserAssignedMSI', appId: e.MicrosoftAppId, tenantId: e.MicrosoftAppTenantId };
    }
  }

  // Local mode authenticates nobody (bot or tab: the tab offers a developer identity picker), so
  // it is for a developer's machine with the embedded demo data: never on the organisation's
  // real data, never in production.
  if (auth.mode === 'local' && e.DATA_SOURCE === 'sharepoint') {
    throw new ConfigError(
      'MicrosoftAppId',
      'is required with DATA_SOURCE=sharepoint: local mode (LOCAL_MODE=true) authenticates nobody and runs on the embedded store only',
    );
  }
  if (auth.mode === 'local' && env.WEBSITE_SITE_NAME?.trim()) {
    throw new ConfigError(
      'MicrosoftAppId',
      'is required on App Service (WEBSITE_SITE_NAME is set): local mode (LOCAL_MODE=true) authenticates nobody and is for development only',
    );
  }
  if (auth.mode === 'local' && /^prod/i.test(e.NODE_ENV ?? '')) {
    throw new ConfigError(
      'MicrosoftAppId',
      `is required with NODE_ENV=${e.NODE_ENV}: local mode (LOCAL_MODE=true) authenticates nobody and is for development only`,
    );
  }

  // Local mode accepts unauthenticated activities, so it must never be reachable from outside.
  const host = e.HOST ?? (auth.mode === 'local' ? '127.0.0.1' : '0.0.0.0');
  if (auth.mode === 'local' && !LOOPBACK.has(host)) {
    throw new ConfigError(
      'HOST',
      'local mode (LOCAL_MODE=true) binds to 127.0.0.1 only; unset HOST or set MicrosoftAppId',
    );
  }

  return {
    port: e.PORT,
    host,
    auth,
    profile: e.PROFILE,
    ...(e.PROFILE_OVERRIDES ? { profileOverridesPath: e.PROFILE_OVERRIDES } : {}),
    dataSource: e.DATA_SOURCE,
    demo: e.DEMO,
    tickSeconds: e.TICK_SECONDS,
    sendEnabled:
      e.SEND_ENABLED === undefined
        ? auth.mode === 'local'
        : ['true', '1', 'yes'].includes(e.SEND_ENABLED),
    tickLeaseSeconds: e.TICK_LEASE_SECONDS || Math.max(30, Math.ceil(e.TICK_SECONDS * 2.5)),
    sendRatePerSecond: e.SEND_RATE_PER_SECOND,
    workingHours: e.WORKING_HOURS,
    adminIds: e.ADMIN_IDS,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? '').replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL,
    legal: {
      ...(e.ORGANISATION_NAME ? { organisationName: e.ORGANISATION_NAME } : {}),
      ...(e.PRIVACY_CONTACT ? { privacyContact: e.PRIVACY_CONTACT } : {}),
      ...(e.PRIVACY_NOTICE_FILE ? { privacyNoticeFile: e.PRIVACY_NOTICE_FILE } : {}),
      ...(e.TERMS_FILE ? { termsFile: e.TERMS_FILE } : {}),
    },
  };
}

/** Only what is safe to log: modes, sizes and whether secrets are present, never their values. */
export function coreSummary(c: CoreConfig): Record<string, string | number | boolean> {
  // Keys avoid words the logger redacts (password, secret...): these are flags, not values.
  return {
    port: c.port,
    host: c.host,
    authMode: c.auth.mode,
    appIdSet: c.auth.mode !== 'local',
    tenantIdSet: c.auth.mode !== 'local',
    credential:
      c.auth.mode === 'SingleTenant'
        ? 'client-secret'
        : c.auth.mode === 'UserAssignedMSI'
          ? 'managed-identity'
          : 'none',
    profile: c.profile,
    profileOverrides: c.profileOverridesPath !== undefined,
    dataSource: c.dataSource,
    demo: c.demo,
    tickSeconds: c.tickSeconds,
    sendEnabled: c.sendEnabled,
    tickLeaseSeconds: c.tickLeaseSeconds,
    sendRatePerSecond: c.sendRatePerSecond,
    workingHours: `${c.workingHours.from}-${c.workingHours.to}`,
    adminCount: c.adminIds.length,
    publicBaseUrlSet: c.publicBaseUrl !== '',
    ownPrivacyNotice: c.legal.privacyNoticeFile !== undefined,
    ownTerms: c.legal.termsFile !== undefined,
    logLevel: c.logLevel,
  };
}

export interface AppConfig extends CoreConfig {
  store: StoreConfig;
  /** Present when DATA_SOURCE=sharepoint. */
  graph?: GraphConfig;
  /** The tab's SSO settings (tab/config.ts): local, off or sso. */
  tab: TabConfig;
}

/**
 * Production: NODE_ENV=production (any `prod…`), or App Service, which sets WEBSITE_SITE_NAME on
 * every web app and slot whatever the app settings say.
 */
export function isProduction(env: Env): boolean {
  return /^prod/i.test((env.NODE_ENV ?? '').trim()) || Boolean(env.WEBSITE_SITE_NAME?.trim());
}

/**
 * The embedded SQLite store on a server names its file, on local disk. The default path is
 * relative, so it lands in the app folder, which App Service may make read-only (run from
 * package) and which lives under /home, App Service's network share (Azure Files), where
 * SQLite's file locking is unsafe. `:memory:` forgets the ledger at every restart (reminders
 * sent twice). Production deployments use STATE_STORE=azure-table.
 */
function checkSqlitePath(
  core: CoreConfig,
  store: { STATE_STORE: string; SQLITE_PATH?: string | undefined },
  env: Env,
): void {
  if (store.STATE_STORE !== 'sqlite') return;
  const production = isProduction(env);
  if (core.auth.mode === 'local' && !production) return;
  const file = store.SQLITE_PATH;
  if (!file) {
    throw new ConfigError(
      'SQLITE_PATH',
      `must be set explicitly (a file on local disk, never a network share) to use STATE_STORE=sqlite ${production ? 'in production' : 'outside local mode'}; production deployments use STATE_STORE=azure-table`,
    );
  }
  if (!production) return;
  if (!isAbsolute(file)) {
    throw new ConfigError(
      'SQLITE_PATH',
      `must be an absolute path to a file on local disk in production (${file === ':memory:' ? ':memory: loses the delivery ledger at every restart' : 'a relative path lands in the app folder'}); production deployments use STATE_STORE=azure-table`,
    );
  }
  if (env.WEBSITE_SITE_NAME?.trim() && /^\/home(\/|$)/.test(posix.normalize(file))) {
    throw new ConfigError(
      'SQLITE_PATH',
      "is under /home, App Service's network share, where SQLite's locking is unsafe: use STATE_STORE=azure-table (or a path on local disk)",
    );
  }
}

/**
 * Parses the whole configuration once; throws ConfigError naming the first variable at fault.
 * Blank values count as unset (as in a .env file with `NAME=`).
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const core = parseCoreConfig(env);
  const storeParsed = storeEnvSchema.safeParse(env);
  if (!storeParsed.success) throw firstIssue(storeParsed.error);
  let tab: TabConfig;
  try {
    tab = parseTabConfig(
      env,
      core.auth.mode === 'local',
      core.auth.mode === 'local' ? undefined : core.auth.tenantId,
      // The manifest's default SSO resource (manifest/package.ts), so both sides agree: the
      // bot's own registration, only for a single-tenant bot. A managed identity cannot expose
      // an API, so a managed-identity bot names the tab's registration in TAB_APP_ID_URI.
      core.auth.mode === 'SingleTenant' && core.publicBaseUrl
        ? `api://${new URL(core.publicBaseUrl).host}/${core.auth.appId}`
        : undefined,
    );
  } catch (err) {
    if (err instanceof TabConfigError)
      throw new ConfigError(err.variable, err.message.replace(/^Configuration error in \S+: /, ''));
    throw err;
  }
  checkSqlitePath(core, storeParsed.data, env);
  const config: AppConfig = { ...core, store: toStoreConfig(storeParsed.data), tab };
  if (core.dataSource === 'sharepoint') {
    const cleaned: Record<string, string> = {};
    for (const [k, v] of Object.entries(env))
      if (v !== undefined && v.trim() !== '') cleaned[k] = v;
    const graph = graphConfigSchema.safeParse(cleaned);
    if (!graph.success) throw firstIssue(graph.error);
    config.graph = graph.data as GraphConfig;
  }
  if (core.demo && core.dataSource !== 'embedded') {
    throw new ConfigError(
      'DEMO',
      'DEMO=true seeds the embedded store: it needs DATA_SOURCE=embedded',
    );
  }
  return config;
}

/** The start-up log line: modes and presence only, never a secret or connection string. */
export function redactedSummary(c: AppConfig): Record<string, string | number | boolean> {
  return {
    ...coreSummary(c),
    ...describeStoreConfig(c.store),
    ...(c.graph ? redactGraphConfig(c.graph) : {}),
    ...describeTabConfig(c.tab),
  };
}
