/**
 * The tab's configuration fragment (composed by config/config.ts like the store's):
 * - `TAB_APP_ID_URI` (`api://<host>/<appId>`): the Entra app the page asks SSO tokens for; the
 *   app id is its last path segment. Unset: `api://<PUBLIC_BASE_URL host>/<MicrosoftAppId>`, as
 *   the manifest defaults it; with no app id at all the tab runs in local (developer) mode,
 *   which is allowed only when the bot itself is in local mode (loopback only), otherwise off.
 * - `TAB_TENANT_ID`: the only tenant whose tokens are accepted (default MicrosoftAppTenantId).
 * - `TAB_JWKS_URL`: where the signing keys are (default the tenant's v2.0 discovery keys).
 */
import { AppError } from '../kernel/errors';
import { z } from 'zod';

export type TabConfig =
  | { mode: 'local' }
  /** SSO is not configured on an authenticated deployment: the API refuses everything. */
  | { mode: 'off' }
  | { mode: 'sso'; tenantId: string; appId: string; appIdUri: string; jwksUrl: string };

const APP_ID_URI = /^api:\/\/([^/\s]+\/)*[0-9a-fA-F-]{8,}$/;

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const tabEnvSchema = z.object({
  TAB_APP_ID_URI: z.preprocess(
    blank,
    z.string().trim().regex(APP_ID_URI, 'must look like api://<host>/<app id>').optional(),
  ),
  TAB_TENANT_ID: z.preprocess(
    blank,
    z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F-]{36}$/, 'must be the tenant id (a GUID)')
      .optional(),
  ),
  TAB_JWKS_URL: z.preprocess(blank, z.string().trim().url('must be an absolute URL').optional()),
});
export type TabEnv = z.infer<typeof tabEnvSchema>;

export class TabConfigError extends AppError {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super('config-invalid', `Configuration error in ${variable}: ${message}`);
    this.name = 'TabConfigError';
  }
}

export function defaultJwksUrl(tenantId: string): string {
  return `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`;
}

/**
 * `botLocal`: the bot runs without an app id (bound to loopback). `botTenantId`: its tenant,
 * the default for TAB_TENANT_ID.
 */
export function toTabConfig(
  env: TabEnv,
  botLocal: boolean,
  botTenantId?: string,
  fallbackAppIdUri?: string,
): TabConfig {
  // The manifest's default resource (manifest/package.ts: api://<public host>/<bot app id>) is
  // ours too, so that an unset TAB_APP_ID_URI means the same thing on both sides.
  const fallback =
    !botLocal && fallbackAppIdUri && APP_ID_URI.test(fallbackAppIdUri)
      ? fallbackAppIdUri
      : undefined;
  const uri = env.TAB_APP_ID_URI ?? fallback;
  if (!uri) return botLocal ? { mode: 'local' } : { mode: 'off' };
  const tenantId = env.TAB_TENANT_ID ?? botTenantId;
  if (!tenantId) {
    throw new TabConfigError('TAB_TENANT_ID', 'is required when TAB_APP_ID_URI is set');
  }
  const appIdUri = uri.replace(/\/+$/, '');
  const appId = appIdUri.slice(appIdUri.lastIndexOf('/') + 1);
  return {
    mode: 'sso',
    tenantId,
    appId,
    appIdUri,
    jwksUrl: env.TAB_JWKS_URL ?? defaultJwksUrl(tenantId),
  };
}

/** Parses the fragment from the environment; throws TabConfigError naming the variable. */
export function parseTabConfig(
  env: Record<string, string | undefined>,
  botLocal: boolean,
  botTenantId?: string,
  fallbackAppIdUri?: string,
): TabConfig {
  const parsed = tabEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TabConfigError(String(issue?.path[0] ?? 'TAB'), issue?.message ?? 'invalid');
  }
  return toTabConfig(parsed.data, botLocal, botTenantId, fallbackAppIdUri);
}

/** Safe to log: the mode and whether values are set, never ids. */
export function describeTabConfig(c: TabConfig): Record<string, string | boolean> {
  return {
    tabMode: c.mode,
    tabJwksCustom: c.mode === 'sso' && c.jwksUrl !== defaultJwksUrl(c.tenantId),
  };
}
