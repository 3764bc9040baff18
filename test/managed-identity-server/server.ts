/**
 * A managed-identity token endpoint on 127.0.0.1 (plain http, as on Azure hosts), speaking the
 * two protocols @azure/identity's ManagedIdentityCredential uses for a user-assigned identity:
 *
 * - App Service / Container Apps: the host sets IDENTITY_ENDPOINT and IDENTITY_HEADER; the
 *   client sends `GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=…&client_id=…` with
 *   the header `X-IDENTITY-HEADER: {IDENTITY_HEADER}`;
 * - IMDS (VMs, AKS pod identity): `GET /metadata/identity/oauth2/token?api-version=2018-02-01&
 *   resource=…&client_id=…` with `Metadata: true` (reached here through
 *   AZURE_POD_IDENTITY_AUTHORITY_HOST, which replaces http://169.254.169.254).
 *
 * Only the identities it was told about get a token, and only for a resource (never a `scope`);
 * the token comes from `issue` (e.g. the Graph test server's `issueToken`), so the resource
 * server checks a real bearer. Every request is recorded.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenRequest {
  protocol: 'app-service' | 'imds';
  clientId: string | null;
  resource: string | null;
  status: number;
}

export interface ManagedIdentityServer {
  origin: string;
  /** The values a host would set for App Service's protocol. */
  env: { IDENTITY_ENDPOINT: string; IDENTITY_HEADER: string };
  /** The value for AZURE_POD_IDENTITY_AUTHORITY_HOST (IMDS protocol). */
  imdsHost: string;
  requests: TokenRequest[];
  close(): Promise<void>;
}

export interface ManagedIdentityServerOptions {
  /** Client ids of the user-assigned identities this host has. */
  identities: string[];
  /** Mints the token for an identity and resource (default: a random opaque string). */
  issue?: (clientId: string, resource: string) => string;
}

export async function startManagedIdentityServer(
  opts: ManagedIdentityServerOptions,
): Promise<ManagedIdentityServer> {
  const secret = randomBytes(16).toString('hex');
  const requests: TokenRequest[] = [];
  const known = new Set(opts.identities);
  const issue = opts.issue ?? (() => `mi-${randomUUID()}`);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const answer = (status: number, body: unknown, rec?: Omit<TokenRequest, 'status'>) => {
      if (rec) requests.push({ ...rec, status });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    // MSAL normalises the URL with a trailing slash; the real endpoints accept both.
    const path = url.pathname.replace(/\/$/, '');
    const appService = path === '/msi/token';
    const imds = path === '/metadata/identity/oauth2/token';
    if (req.method !== 'GET' || (!appService && !imds)) return answer(404, { error: 'not_found' });
    const rec = {
      protocol: appService ? ('app-service' as const) : ('imds' as const),
      clientId: url.searchParams.get('client_id'),
      resource: url.searchParams.get('resource'),
    };
    // IMDS's availability probe (a request without Metadata: true) is answered 400, as IMDS does.
    if (
      appService ? req.headers['x-identity-header'] !== secret : req.headers['metadata'] !== 'true'
    )
      return answer(appService ? 401 : 400, { error: 'invalid_request' }, rec);
    const wanted = appService ? '2019-08-01' : '2018-02-01';
    if (url.searchParams.get('api-version') !== wanted)
      return answer(400, { error: 'invalid_request', error_description: 'api-version' }, rec);
    if (!rec.resource || url.searchParams.has('scope'))
      return answer(400, { error: 'invalid_request', error_description: 'resource' }, rec);
    if (!rec.clientId || !known.has(rec.clientId))
      return answer(
        400,
        { error: 'invalid_request', error_description: 'Identity not found' },
        rec,
      );
    const expiresOn = Math.floor(Date.now() / 1000) + 3600;
    return answer(
      200,
      {
        access_token: issue(rec.clientId, rec.resource),
        // App Service answers seconds since the epoch as a string; IMDS adds expires_in.
        expires_on: String(expiresOn),
        ...(imds ? { expires_in: '3600', ext_expires_in: '3600' } : {}),
        resource: rec.resource,
        token_type: 'Bearer',
        client_id: rec.clientId,
      },
      rec,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    env: { IDENTITY_ENDPOINT: `${origin}/msi/token`, IDENTITY_HEADER: secret },
    imdsHost: origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
