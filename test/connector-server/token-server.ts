/**
 * A local stand-in for the two places a bot gets its outbound token (issue 19 item 7), on
 * 127.0.0.1 and a random port:
 *
 * - Entra ID's client-credentials endpoint for a single-tenant app registration, over HTTPS
 *   (MSAL only accepts https authorities): `GET /{tenant}/v2.0/.well-known/openid-configuration`
 *   (MSAL reads it before its first token) and `POST /{tenant}/oauth2/v2.0/token` with
 *   `grant_type=client_credentials`, `client_id`, `client_secret`, `scope={resource}/.default`
 *   ("Microsoft identity platform and the OAuth 2.0 client credentials flow"). A wrong secret is
 *   refused the way Entra refuses it: 401 `invalid_client` (AADSTS7000215).
 * - The managed-identity endpoint of App Service / Container Apps (`IDENTITY_ENDPOINT` +
 *   `IDENTITY_HEADER`, api-version 2019-08-01: `GET ?resource=…&client_id=…` with the
 *   `X-IDENTITY-HEADER` header, answering `access_token` and `expires_on` in epoch seconds),
 *   over plain HTTP as on the platform ("How to use managed identities for App Service and
 *   Azure Functions", REST endpoint reference). Point the environment variables at `msiUrl`.
 *
 * - The Bot Framework's own OpenID metadata and signing keys (endorsed for `msteams`), so a
 *   test can also play the Teams channel towards a bot that is not in local mode: point
 *   `ToBotFromChannelOpenIdMetadataUrl` at `botFrameworkMetadataUrl` and send `channelToken()`
 *   ("Authentication with the Bot Connector API", "Authenticate requests from the Bot Connector
 *   service to your bot").
 *
 * Tokens are RS256 JWTs signed with a key of this server, shaped like the v1.0 access tokens
 * the Bot Framework's resource receives ("Authenticate requests from your bot to the Bot
 * Connector service": `aud` https://api.botframework.com, `iss` https://sts.windows.net/{tid}/,
 * the app in `appid`). The connector test server checks them against `jwks` (connector-server.ts).
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type KeyLike } from 'jose';
import { testCertificate } from '../graph-server/tls';

/** Entra's v1.0 issuer for a tenant (what the Bot Connector checks). */
export function entraIssuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

export interface TokenRequest {
  /** `entra` (client credentials) or `msi` (managed identity). */
  via: 'entra' | 'msi';
  clientId: string;
  status: number;
  /** The resource the token was asked for (scope without `/.default`). */
  resource: string;
}

/** How the next tokens are issued wrongly, to test that the connector refuses them. */
export interface Misissue {
  /** The token's `exp` (and `nbf`) lie in the past, though `expires_in` says an hour. */
  expired?: boolean;
}

export class TokenTestServer {
  /** Every token request, in order. */
  readonly requests: TokenRequest[] = [];
  /** The header value the managed-identity endpoint demands (IDENTITY_HEADER). */
  readonly identityHeader = `msi-${randomUUID()}`;
  misissue: Misissue = {};

  private readonly https: https.Server;
  private readonly http: http.Server;
  private httpsOrigin = '';
  private httpOrigin = '';
  private privateKey: KeyLike | null = null;
  private keys: JSONWebKeySet = { keys: [] };
  private readonly kid = `k-${randomUUID().slice(0, 8)}`;
  /** Single-tenant app registrations: client id → secret and home tenant. */
  private readonly apps = new Map<string, { secret: string; tenantId: string }>();
  /** User-assigned managed identities: client id → tenant. */
  private readonly identities = new Map<string, string>();

  constructor() {
    const cert = testCertificate();
    this.https = https.createServer(
      { key: cert.key, cert: cert.cert },
      (req, res) => void this.handleEntra(req, res),
    );
    this.http = http.createServer((req, res) => void this.handleMsi(req, res));
  }

  /** The certificate the HTTPS side uses, for the client's `trustedCa`. */
  get ca(): string {
    return testCertificate().cert;
  }

  /** Entra's authority host stand-in (e.g. `https://127.0.0.1:1234`), no trailing slash. */
  get authorityHost(): string {
    return this.httpsOrigin;
  }

  /** IDENTITY_ENDPOINT for the managed-identity protocol. */
  get msiUrl(): string {
    return `${this.httpOrigin}/msi/token`;
  }

  /** ToBotFromChannelOpenIdMetadataUrl for a bot that should trust `channelToken()`. */
  get botFrameworkMetadataUrl(): string {
    return `${this.httpOrigin}/botframework/v1/.well-known/openidconfiguration`;
  }

  /** A token as the Teams channel sends it to the bot (issuer api.botframework.com). */
  async channelToken(appId: string, serviceUrl: string): Promise<string> {
    return new SignJWT({ serviceurl: serviceUrl })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setAudience(appId)
      .setIssuer('https://api.botframework.com')
      .setIssuedAt()
      .setNotBefore(Math.floor(Date.now() / 1000) - 60)
      .setExpirationTime('1h')
      .sign(this.privateKey!);
  }

  /** The public keys tokens are signed with. */
  get jwks(): JSONWebKeySet {
    return this.keys;
  }

  /** Tokens issued so far (successful token requests). */
  get issued(): number {
    return this.requests.filter((r) => r.status === 200).length;
  }

  registerApp(clientId: string, secret: string, tenantId: string): void {
    this.apps.set(clientId, { secret, tenantId });
  }

  registerManagedIdentity(clientId: string, tenantId: string): void {
    this.identities.set(clientId, tenantId);
  }

  async start(): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    this.privateKey = privateKey;
    this.keys = {
      keys: [{ ...(await exportJWK(publicKey)), kid: this.kid, alg: 'RS256', use: 'sig' }],
    };
    await new Promise<void>((r) => this.https.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => this.http.listen(0, '127.0.0.1', r));
    this.httpsOrigin = `https://127.0.0.1:${(this.https.address() as AddressInfo).port}`;
    this.httpOrigin = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const s of [this.https, this.http]) {
      s.closeAllConnections?.();
      await new Promise<void>((r) => s.close(() => r()));
    }
  }

  private async sign(clientId: string, tenantId: string, resource: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const shift = this.misissue.expired ? -7200 : 0;
    return new SignJWT({
      appid: clientId,
      appidacr: '1',
      idp: entraIssuer(tenantId),
      tid: tenantId,
      oid: `sp-${clientId}`,
      sub: `sp-${clientId}`,
      ver: '1.0',
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setAudience(resource)
      .setIssuer(entraIssuer(tenantId))
      .setIssuedAt(now + shift)
      .setNotBefore(now + shift - 300)
      .setExpirationTime(now + shift + 3600)
      .sign(this.privateKey!);
  }

  private async handleEntra(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.httpsOrigin);
    const body = await readBody(req);
    const oidc = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (oidc && req.method === 'GET') {
      const t = `${this.httpsOrigin}/${oidc[1]}`;
      return json(res, 200, {
        token_endpoint: `${t}/oauth2/v2.0/token`,
        authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${t}/oauth2/v2.0/logout`,
        device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
        issuer: `${t}/v2.0`,
        jwks_uri: `${t}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      });
    }
    if (/^\/[^/]+\/discovery\/v2\.0\/keys$/.test(url.pathname)) return json(res, 200, this.keys);
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (!token || req.method !== 'POST') return json(res, 404, { error: 'not_found' });
    const tenant = token[1]!;
    const form = new URLSearchParams(body);
    const clientId = form.get('client_id') ?? '';
    const scope = form.get('scope') ?? '';
    const resource = scope.replace(/\/\.default$/, '');
    const refuse = (status: number, error: string, description: string) => {
      this.requests.push({ via: 'entra', clientId, status, resource });
      return json(res, status, { error, error_description: description });
    };
    if (form.get('grant_type') !== 'client_credentials' || !scope.endsWith('/.default'))
      return refuse(
        400,
        'invalid_request',
        'AADSTS900144: client credentials with a /.default scope required.',
      );
    const app = this.apps.get(clientId);
    if (!app || app.tenantId !== tenant)
      return refuse(
        400,
        'unauthorized_client',
        `AADSTS700016: Application with identifier '${clientId}' was not found in the directory.`,
      );
    if (form.get('client_secret') !== app.secret)
      return refuse(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    const access = await this.sign(clientId, tenant, resource);
    this.requests.push({ via: 'entra', clientId, status: 200, resource });
    return json(res, 200, {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: access,
    });
  }

  private async handleMsi(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.httpOrigin);
    await readBody(req);
    if (url.pathname === '/botframework/v1/.well-known/openidconfiguration')
      return json(res, 200, {
        issuer: 'https://api.botframework.com',
        authorization_endpoint: 'https://invalid.botframework.com',
        jwks_uri: `${this.httpOrigin}/botframework/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    if (url.pathname === '/botframework/v1/.well-known/keys')
      return json(res, 200, {
        keys: this.keys.keys.map((k) => ({ ...k, endorsements: ['msteams'] })),
      });
    if (url.pathname !== '/msi/token' || req.method !== 'GET')
      return json(res, 404, { error: 'not_found' });
    const clientId = url.searchParams.get('client_id') ?? '';
    const resource = url.searchParams.get('resource') ?? '';
    const refuse = (status: number, message: string) => {
      this.requests.push({ via: 'msi', clientId, status, resource });
      return json(res, status, { statusCode: status, message });
    };
    if (req.headers['x-identity-header'] !== this.identityHeader)
      return refuse(401, 'X-IDENTITY-HEADER missing or wrong.');
    if (url.searchParams.get('api-version') !== '2019-08-01' || !resource)
      return refuse(400, 'api-version 2019-08-01 and resource required.');
    const tenant = this.identities.get(clientId);
    if (!tenant) return refuse(400, 'No managed identity with this client_id is assigned.');
    const access = await this.sign(clientId, tenant, resource);
    this.requests.push({ via: 'msi', clientId, status: 200, resource });
    return json(res, 200, {
      access_token: access,
      expires_on: String(Math.floor(Date.now() / 1000) + 3600),
      resource,
      token_type: 'Bearer',
      client_id: clientId,
    });
  }
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startTokenServer(): Promise<TokenTestServer> {
  const s = new TokenTestServer();
  await s.start();
  return s;
}
