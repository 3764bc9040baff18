/**
 * The token the bot puts on every call to the Bot Connector (issue 19 item 7), for both
 * deployable identities: a single-tenant app registration (client secret) and a user-assigned
 * managed identity.
 *
 * botbuilder's own path (ConfigurationServiceClientCredentialFactory) is not used for either:
 * - single tenant: it hard-codes the Entra host. `ToChannelFromBotLoginUrl` may name another
 *   authority, but botbuilder then builds an MSAL app without `knownAuthorities`, so MSAL first
 *   asks login.microsoftonline.com's instance discovery whether that host is trusted, and there
 *   is no way to trust a private CA;
 * - managed identity: it asks `DefaultAzureCredential` (JwtTokenProviderFactory), which, when the
 *   identity fails, falls through to environment secrets, the Azure CLI, PowerShell and azd,
 *   five times over: a bot whose identity is not assigned spends a minute per send trying
 *   developer logins, or silently runs as whatever identity the environment offers.
 * The credentials factory is botbuilder's extension point for this
 * (`ConfigurationBotFrameworkAuthentication`'s second argument; MsalServiceClientCredentialsFactory
 * is Microsoft's own example), so the adapter passes this one. It asks for exactly what
 * botbuilder asks for: a client-credentials token from `{authority}/{tenant}/oauth2/v2.0/token`,
 * or the managed identity's token from the platform endpoint (IDENTITY_ENDPOINT), for
 * `{audience}/.default`, through @azure/identity (the library that already gets the Graph
 * token). The authority host defaults to the public cloud; tests point it at a local token
 * endpoint (test/connector-server/token-server.ts).
 *
 * Tokens are cached by the credential (MSAL's in-memory cache, renewed before expiry), so a
 * burst of sends asks once. A token that cannot be had is reported as BotTokenError
 * (bot/send-errors.ts turns it into the `bot-token` outcome), never with the identity library's
 * message, which may name the tenant.
 */
import {
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import {
  AuthenticationConstants,
  ServiceClientCredentialsFactory,
  TokenCredentials,
  type ServiceClientCredentials,
} from 'botframework-connector';

/** Entra's public-cloud authority host (the default). */
export const PUBLIC_AUTHORITY_HOST = 'https://login.microsoftonline.com';

export interface OutboundTokenOptions {
  /** Entra's authority host; tests: the local token endpoint. Default: the public cloud. */
  authorityHost?: string;
  /** An extra CA the token endpoint's certificate is trusted by (tests only). */
  trustedCa?: string;
}

/** No outbound token could be obtained (wrong secret, unknown app, Entra unreachable). */
export class BotTokenError extends Error {
  readonly code = 'bot-token';
  constructor(readonly reason: string) {
    super(`Could not get the bot's token for the Bot Connector (${reason}).`);
    this.name = 'BotTokenError';
  }
}

/** What went wrong getting a token, in a word, without the library's message. */
function tokenFailure(err: unknown): string {
  const e = (err ?? {}) as {
    name?: unknown;
    statusCode?: unknown;
    errorResponse?: { error?: unknown };
  };
  const oauth = typeof e.errorResponse?.error === 'string' ? e.errorResponse.error : undefined;
  if (oauth) return oauth; // e.g. invalid_client (a wrong or expired secret)
  if (typeof e.statusCode === 'number') return `status ${e.statusCode}`;
  return typeof e.name === 'string' ? e.name : 'unknown';
}

/** The credential for an identity: the app's secret, or the managed identity's endpoint. */
export function outboundCredential(
  auth:
    | { mode: 'SingleTenant'; appId: string; password: string; tenantId: string }
    | { mode: 'UserAssignedMSI'; appId: string },
  options: OutboundTokenOptions = {},
): TokenCredential {
  if (auth.mode === 'UserAssignedMSI')
    return new ManagedIdentityCredential({ clientId: auth.appId });
  const custom = options.authorityHost && options.authorityHost !== PUBLIC_AUTHORITY_HOST;
  return new ClientSecretCredential(auth.tenantId, auth.appId, auth.password, {
    authorityHost: options.authorityHost ?? PUBLIC_AUTHORITY_HOST,
    // A sovereign or test authority is not in MSAL's public instance list.
    ...(custom ? { disableInstanceDiscovery: true } : {}),
    ...(options.trustedCa ? { tlsOptions: { ca: options.trustedCa } } : {}),
  });
}

/** botbuilder's credentials factory over one TokenCredential (one cache for every send). */
export class TokenCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(
    private readonly appId: string,
    private readonly credential: TokenCredential,
  ) {
    super();
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(
    appId: string,
    audience: string | undefined,
  ): Promise<ServiceClientCredentials> {
    if (appId !== this.appId) throw new Error('Invalid appId.');
    const resource = audience || AuthenticationConstants.ToChannelFromBotOAuthScope;
    const scope = resource.endsWith('/.default') ? resource : `${resource}/.default`;
    const credential = this.credential;
    return {
      async signRequest(webResource) {
        let token: string;
        try {
          const t = await credential.getToken(scope);
          if (!t) throw new Error('no token');
          token = t.token;
        } catch (err) {
          throw new BotTokenError(tokenFailure(err));
        }
        return new TokenCredentials(token).signRequest(webResource);
      },
    };
  }
}
