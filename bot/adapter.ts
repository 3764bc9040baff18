/**
 * The botbuilder CloudAdapter, authenticated with ConfigurationBotFrameworkAuthentication:
 * single-tenant app registration (app id + secret + tenant) or a user-assigned managed identity
 * (app id = the identity's client id + tenant). Inbound activities are validated against the
 * Bot Framework's signing keys; outbound calls get a token for the bot, from Entra's
 * client-credentials endpoint for a single-tenant app or from the platform's managed-identity
 * endpoint (bot/outbound-auth.ts says why not botbuilder's own credentials factory). Local mode
 * (no app id) disables both, which is why the server then listens on 127.0.0.1 only.
 */
import { errorCode } from '../kernel/errors';
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  type AuthenticateRequestResult,
  type ConnectorClient,
} from 'botframework-connector';
import type { AuthConfig } from '../config/config';
import type { Logger } from '../ports/logger';
import {
  outboundCredential,
  TokenCredentialsFactory,
  type OutboundTokenOptions,
} from './outbound-auth';

export function authOptions(auth: AuthConfig): ConfigurationBotFrameworkAuthenticationOptions {
  switch (auth.mode) {
    case 'local':
      return {} as ConfigurationBotFrameworkAuthenticationOptions;
    case 'SingleTenant':
      return {
        MicrosoftAppId: auth.appId,
        MicrosoftAppPassword: auth.password,
        MicrosoftAppTenantId: auth.tenantId,
        MicrosoftAppType: 'SingleTenant',
      } as ConfigurationBotFrameworkAuthenticationOptions;
    case 'UserAssignedMSI':
      return {
        MicrosoftAppId: auth.appId,
        MicrosoftAppTenantId: auth.tenantId,
        // botbuilder's spelling (compared case-insensitively).
        MicrosoftAppType: 'UserAssignedMsi',
      } as ConfigurationBotFrameworkAuthenticationOptions;
  }
}

/**
 * The connector client's HTTP pipeline retries 429s and 5xx by itself, invisibly. Proactive
 * sends must make exactly ONE attempt and report it, because the send queue owns retries and
 * pacing (two retry loops stacked would hammer a throttled tenant). This removes the pipeline's
 * retry phase from one client.
 */
export function singleAttempt(client: ConnectorClient): ConnectorClient {
  const inner = (
    client as unknown as { client?: { pipeline?: { removePolicy(o: { phase: string }): unknown } } }
  ).client;
  inner?.pipeline?.removePolicy({ phase: 'Retry' });
  return client;
}

export class BotAdapter extends CloudAdapter {
  /**
   * Authenticates an inbound activity (Bot Framework JWT; anonymous in local mode) without
   * running it, so the HTTP layer can tell a refused token (401) from unreachable signing keys
   * (503) before `processActivity` runs the turn (bot/messages-endpoint.ts).
   */
  authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
  }

  /** Runs an activity `authenticate` accepted; turn failures go to onTurnError. */
  run(
    auth: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }

  /** A connector client for proactive calls (create conversation) with no hidden retries. */
  async proactiveClient(appId: string, serviceUrl: string): Promise<ConnectorClient> {
    const claims = this.createClaimsIdentity(appId);
    claims.claims.push({ type: AuthenticationConstants.ServiceUrlClaim, value: serviceUrl });
    const factory = this.botFrameworkAuthentication.createConnectorFactory(claims);
    return singleAttempt(await factory.create(serviceUrl));
  }
}

/**
 * `settings` adds botbuilder's own options to the ones the AuthConfig gives (e.g.
 * `ToBotFromChannelOpenIdMetadataUrl`: tests point it at an unreachable address). `outbound`
 * says where a single-tenant bot gets its token (default: Entra's public cloud).
 */
export function createAdapter(
  auth: AuthConfig,
  logger: Logger,
  settings: Partial<ConfigurationBotFrameworkAuthenticationOptions> = {},
  outbound: OutboundTokenOptions = {},
): BotAdapter {
  // Local mode: botbuilder's own factory, which disables authentication without an app id.
  const credentials =
    auth.mode === 'local'
      ? undefined
      : new TokenCredentialsFactory(auth.appId, outboundCredential(auth, outbound));
  const adapter = new BotAdapter(
    new ConfigurationBotFrameworkAuthentication(
      { ...authOptions(auth), ...settings } as ConfigurationBotFrameworkAuthenticationOptions,
      credentials,
    ),
  );
  adapter.onTurnError = async (context, error) => {
    // Codes only: the error message may quote user input.
    logger.error('turn.error', {
      activityType: context.activity.type,
      activityName: context.activity.name ?? null,
      code: errorCode(error),
    });
    if (context.activity.type === 'message') {
      await context
        .sendActivity('Sorry, something went wrong on my side. Please try again in a minute.')
        .catch(() => undefined);
    }
  };
  return adapter;
}
