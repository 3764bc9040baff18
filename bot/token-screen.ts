/**
 * A first look at the bearer token on `POST /api/messages`, before botbuilder validates it.
 *
 * botbuilder's validation fetches the Bot Framework's OpenID metadata and signing keys first,
 * and only then looks at the algorithm and the expiry; when those keys cannot be fetched it
 * throws a plain Error (a 500 with internal text). A token that can NEVER be valid needs no key
 * to refuse: no token, not `Bearer <JWT>`, an algorithm other than the Bot Framework's RS256/
 * RS384/RS512 (so `alg: none` and HS256 forgeries), no expiry, or an expiry already past (with
 * botbuilder's own five-minute clock tolerance). Those are refused here with 401 whatever the
 * state of the key endpoint. Passing this screen proves nothing: botbuilder still checks the
 * signature, issuer, audience and endorsements.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';

/** The Bot Framework's allowed signing algorithms (AuthenticationConstants.AllowedSigningAlgorithms). */
export const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512'] as const;

/** botbuilder's clockTolerance for channel tokens (ChannelValidation: 5 minutes). */
export const CLOCK_TOLERANCE_SECONDS = 5 * 60;

export type ScreenCode =
  | 'no-token'
  | 'not-bearer'
  | 'malformed-token'
  | 'algorithm-not-allowed'
  | 'no-expiry'
  | 'token-expired';

export type ScreenResult = { ok: true } | { ok: false; code: ScreenCode };

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Judges an Authorization header value at `nowMs`; never throws, never fetches anything. */
export function screenBearer(header: string | undefined, nowMs: number): ScreenResult {
  const value = (header ?? '').trim();
  if (value === '') return { ok: false, code: 'no-token' };
  const parts = value.split(/\s+/);
  if (parts.length !== 2 || parts[0] !== 'Bearer') return { ok: false, code: 'not-bearer' };
  const token = parts[1]!;
  if (!JWT_SHAPE.test(token)) return { ok: false, code: 'malformed-token' };
  let alg: unknown;
  let exp: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
    exp = decodeJwt(token).exp;
  } catch {
    return { ok: false, code: 'malformed-token' };
  }
  if (typeof alg !== 'string' || !(ALLOWED_ALGORITHMS as readonly string[]).includes(alg)) {
    return { ok: false, code: 'algorithm-not-allowed' };
  }
  // An RS* token always carries a signature; an empty one cannot verify.
  if (token.endsWith('.')) return { ok: false, code: 'malformed-token' };
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return { ok: false, code: 'no-expiry' };
  if (exp + CLOCK_TOLERANCE_SECONDS < nowMs / 1000) return { ok: false, code: 'token-expired' };
  return { ok: true };
}
