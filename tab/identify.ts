/**
 * Who is asking: the staff id behind one API request.
 *
 * - SSO mode: `Authorization: Bearer <Teams SSO token>` only; an `X-Dev-User` header is
 *   refused outright (401), so a developer shortcut can never reach a real deployment.
 * - Local mode (no app id; the bot is on loopback): `X-Dev-User: <staff id>` chosen in the
 *   page's clearly marked developer picker.
 * - Off (an authenticated bot without TAB_APP_ID_URI): nothing is served (503).
 */
import type { TabConfig } from './config';
import type { TokenFailure, TokenVerifier } from './token';

export const DEV_USER_HEADER = 'x-dev-user';

export type Identity =
  | { ok: true; staffId: string; via: 'sso' | 'dev' }
  | {
      ok: false;
      status: 401 | 503;
      code: TokenFailure | 'missing-token' | 'dev-header-refused' | 'tab-not-configured';
      message: string;
    };

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const STAFF_ID = /^[A-Za-z0-9@._:-]{1,200}$/;

export async function identify(
  headers: Headers,
  config: TabConfig,
  verifier: TokenVerifier | null,
): Promise<Identity> {
  if (config.mode === 'off' || (config.mode === 'sso' && !verifier)) {
    return {
      ok: false,
      status: 503,
      code: 'tab-not-configured',
      message: 'The tab is not configured on this deployment (TAB_APP_ID_URI).',
    };
  }
  const dev = header(headers, DEV_USER_HEADER);
  if (config.mode === 'local') {
    if (dev && STAFF_ID.test(dev)) return { ok: true, staffId: dev, via: 'dev' };
    return {
      ok: false,
      status: 401,
      code: 'missing-token',
      message: 'Developer mode: choose who you are first.',
    };
  }
  if (dev !== undefined) {
    return {
      ok: false,
      status: 401,
      code: 'dev-header-refused',
      message: 'Developer identities are accepted only in local mode.',
    };
  }
  const auth = header(headers, 'authorization') ?? '';
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(auth.trim());
  if (!match?.[1]) {
    return {
      ok: false,
      status: 401,
      code: 'missing-token',
      message: 'Sign-in is required (no Teams token was sent).',
    };
  }
  const result = await verifier!.verify(match[1]);
  if (result.ok) return { ok: true, staffId: result.staffId, via: 'sso' };
  return {
    ok: false,
    status: result.code === 'keys-unavailable' ? 503 : 401,
    code: result.code,
    message:
      result.code === 'keys-unavailable'
        ? 'Sign-in could not be checked just now; please try again.'
        : 'Your sign-in is not valid for this app; please reload the tab.',
  };
}
