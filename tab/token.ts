/**
 * Validates the Teams SSO token the page sends (`authentication.getAuthToken()` →
 * `Authorization: Bearer`): signature against the tenant's JWKS (jose, keys cached and
 * refreshed on an unknown `kid`), issuer (v1 or v2 endpoint of the configured tenant), audience
 * (`api://<host>/<appId>` or the bare app id), expiry (against the injected clock), and the
 * `tid` claim equal to the configured tenant: a token from another tenant never reads data.
 * The staff id is the token's `oid` (CONTRACT.md: in SharePoint mode staff ids are object ids).
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Clock } from '../ports/clock';

export type TokenFailure =
  | 'malformed'
  | 'expired'
  | 'bad-signature'
  | 'wrong-audience'
  | 'wrong-issuer'
  | 'wrong-tenant'
  | 'no-oid'
  | 'keys-unavailable';

export type TokenResult =
  { ok: true; staffId: string; tenantId: string } | { ok: false; code: TokenFailure };

export interface TokenSettings {
  tenantId: string;
  appId: string;
  appIdUri: string;
  jwksUrl: string;
}

export interface TokenVerifier {
  verify(token: string): Promise<TokenResult>;
}

/** Teams and Entra clocks drift a little; five minutes is Microsoft's own tolerance. */
const CLOCK_TOLERANCE_S = 300;

export function issuersFor(tenantId: string): string[] {
  return [
    `https://sts.windows.net/${tenantId}/`,
    `https://login.microsoftonline.com/${tenantId}/v2.0`,
  ];
}

function classify(err: unknown): TokenFailure {
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return 'wrong-audience';
    if (err.claim === 'iss') return 'wrong-issuer';
    return 'malformed';
  }
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid)
    return 'keys-unavailable';
  // jose reports a non-200 key set response as a plain JOSEError: the keys, not the token.
  if (
    err instanceof errors.JOSEError &&
    err.constructor === errors.JOSEError &&
    /JSON Web Key Set/.test(err.message)
  ) {
    return 'keys-unavailable';
  }
  if (
    err instanceof errors.JWSSignatureVerificationFailed ||
    err instanceof errors.JWKSNoMatchingKey ||
    err instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return 'bad-signature';
  }
  if (err instanceof errors.JOSEError) return 'malformed';
  // fetch failures of the key set (network, non-200) are not JOSE errors.
  return 'keys-unavailable';
}

export function createTokenVerifier(
  settings: TokenSettings,
  clock: Clock,
  keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(settings.jwksUrl), {
    timeoutDuration: 5_000,
    cooldownDuration: 30_000,
    cacheMaxAge: 12 * 60 * 60 * 1000,
  }),
): TokenVerifier {
  const issuers = issuersFor(settings.tenantId);
  const audiences = [settings.appIdUri, settings.appId];
  return {
    async verify(token: string): Promise<TokenResult> {
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: issuers,
          audience: audiences,
          // Entra signs with RS256; anything else (including `none`) is refused before keys.
          algorithms: ['RS256'],
          currentDate: clock.now(),
          clockTolerance: CLOCK_TOLERANCE_S,
          requiredClaims: ['exp', 'iat', 'tid'],
        });
        if (payload.tid !== settings.tenantId) return { ok: false, code: 'wrong-tenant' };
        const oid = payload.oid;
        if (typeof oid !== 'string' || oid === '') return { ok: false, code: 'no-oid' };
        return { ok: true, staffId: oid, tenantId: settings.tenantId };
      } catch (err) {
        return { ok: false, code: classify(err) };
      }
    },
  };
}
