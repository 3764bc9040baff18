/**
 * A local stand-in for Entra's key discovery endpoint: node:http on 127.0.0.1 serving a JWKS
 * of RSA keys generated with jose, plus a token factory that signs Teams-SSO-shaped tokens
 * (v2 issuer, `tid`, `oid`, `aud`) with those keys, or with a key the server never publishes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';

export const TENANT = '11111111-2222-3333-4444-555555555555';
export const OTHER_TENANT = '99999999-8888-7777-6666-555555555555';
export const APP_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
export const APP_ID_URI = `api://tab.example.org/${APP_ID}`;

export interface JwksServer {
  url: string;
  /** How many times the key set was fetched. */
  readonly hits: number;
  token(claims?: TokenClaims): Promise<string>;
  /** Signed by a key that is not in the published set (same kid format). */
  tokenFromUnknownKey(claims?: TokenClaims): Promise<string>;
  close(): Promise<void>;
}

export interface TokenClaims {
  oid?: string;
  tid?: string;
  aud?: string;
  iss?: string;
  /** Seconds since the epoch. */
  iat?: number;
  exp?: number;
}

async function rsa(): Promise<{ privateKey: KeyLike; publicKey: KeyLike }> {
  return generateKeyPair('RS256', { extractable: true });
}

export async function startJwksServer(nowSeconds: () => number): Promise<JwksServer> {
  const known = await rsa();
  const unknown = await rsa();
  const jwk = {
    ...(await exportJWK(known.publicKey)),
    kid: 'test-key-1',
    alg: 'RS256',
    use: 'sig',
  };
  let hits = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === '/keys') {
      hits++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const sign = (key: KeyLike, kid: string, c: TokenClaims) => {
    const now = nowSeconds();
    const tid = c.tid ?? TENANT;
    return new SignJWT({ tid, oid: c.oid ?? 'fsw-hadley-1', ver: '2.0', scp: 'access_as_user' })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(c.iss ?? `https://login.microsoftonline.com/${tid}/v2.0`)
      .setAudience(c.aud ?? APP_ID_URI)
      .setIssuedAt(c.iat ?? now - 60)
      .setNotBefore(c.iat ?? now - 60)
      .setExpirationTime(c.exp ?? now + 3600)
      .sign(key);
  };

  return {
    url: `http://127.0.0.1:${port}/keys`,
    get hits() {
      return hits;
    },
    token: (c = {}) => sign(known.privateKey, 'test-key-1', c),
    tokenFromUnknownKey: (c = {}) => sign(unknown.privateKey, 'test-key-1', c),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `alg: none`: a token anyone can forge. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
}
