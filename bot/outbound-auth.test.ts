/**
 * Outbound bot authentication, exercised (issue 19 item 7): the bot is NOT in local mode. Its
 * adapter has real credentials config, gets its token over real HTTP from the local token
 * endpoint (an Entra-like `/{tenant}/oauth2/v2.0/token` for the single-tenant app, the
 * App Service managed-identity protocol for the managed identity), and the connector test
 * server checks that token on every request (signature against the token server's keys,
 * audience https://api.botframework.com, Entra issuer for the tenant, expiry, app id).
 */
import { ActivityHandler, CallerIdConstants } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import { RecordingLogger } from '../ports/logger';
import type { OutboundMessage } from '../ports/notifier';
import { SqliteKv } from '../store/sqlite-kv';
import { TeamsChannel } from '../test/connector-server/channel';
import {
  startConnectorServer,
  type ConnectorTestServer,
} from '../test/connector-server/connector-server';
import { startTokenServer, type TokenTestServer } from '../test/connector-server/token-server';
import { createAdapter } from './adapter';
import { ConnectorNotifier } from './connector-notifier';
import { ConversationRefs } from './conversation-refs';
import { startServer } from './server';

const TENANT = '7d1c0c5e-0000-4000-8000-00000000a11e';
const SECRET = 'the-right-secret';
const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Prep' }] };
const msg = (recipientId: string, key = `k-${recipientId}`): OutboundMessage => ({
  recipientId,
  card,
  summary: 'Supervision on Thursday',
  key,
});

/** The public cloud's botbuilder settings with one changed (to misconfigure the audience). */
const publicCloud = (over: Record<string, string>) => ({
  ValidateAuthority: true,
  ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
  ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
  ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
  OAuthUrl: AuthenticationConstants.OAuthUrl,
  ToBotFromChannelOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
  ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
  CallerId: CallerIdConstants.PublicAzureChannel,
  ...over,
});

describe('outbound bot authentication against the connector and token test servers', () => {
  let tokens: TokenTestServer;
  let connector: ConnectorTestServer;
  let kv: SqliteKv;
  let refs: ConversationRefs;
  let logger: RecordingLogger;
  // Each test its own app id: botbuilder caches tokens per app id and audience process-wide.
  let seq = 0;
  let appId = '';

  beforeEach(async () => {
    appId = `0000000${++seq}-b07a-4000-8000-00000000b07a`;
    tokens = await startTokenServer();
    tokens.registerApp(appId, SECRET, TENANT);
    connector = await startConnectorServer({
      auth: { jwks: tokens.jwks, appId, tenantId: TENANT },
    });
    kv = new SqliteKv(':memory:');
    refs = new ConversationRefs(kv);
    logger = new RecordingLogger();
  });
  afterEach(async () => {
    await connector.close();
    await tokens.close();
    await kv.close();
  });

  function singleTenantNotifier(
    secret = SECRET,
    settings: Record<string, string | boolean> = {},
  ): ConnectorNotifier {
    const adapter = createAdapter(
      { mode: 'SingleTenant', appId, password: secret, tenantId: TENANT },
      logger,
      settings,
      { authorityHost: tokens.authorityHost, trustedCa: tokens.ca },
    );
    return new ConnectorNotifier({
      adapter,
      appId,
      refs,
      logger,
      tenantId: TENANT,
      serviceUrl: connector.url,
    });
  }

  async function knownUser(aad: string): Promise<string> {
    const conversationId = `a:conv-29:${aad}`;
    connector.registerConversation(conversationId, `29:${aad}`, aad, TENANT);
    await refs.save(aad, {
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversationId,
      tenantId: TENANT,
      userId: `29:${aad}`,
      aadObjectId: aad,
      botId: `28:${appId}`,
    });
    return conversationId;
  }

  const authFailures = () => logger.lines.filter((l) => l.event === 'notify.bot-auth-failed');

  it('a single-tenant bot with the right secret reaches the conversation, new and existing', async () => {
    const notifier = singleTenantNotifier();
    const conversationId = await knownUser('u-known');
    expect(await notifier.send(msg('u-known'))).toEqual({
      status: 'sent',
      activityId: expect.any(String),
    });
    expect(connector.activitiesIn(conversationId)).toHaveLength(1);
    // A user who never opened the bot: the chat is created with the token too.
    expect((await notifier.send(msg('u-new'))).status).toBe('sent');
    expect(connector.creations).toHaveLength(1);
    expect(connector.refusals).toEqual([]);
    expect(tokens.requests).toEqual([
      { via: 'entra', clientId: appId, status: 200, resource: 'https://api.botframework.com' },
    ]);
  });

  it('asks for the token once for many sends (cached, not one token request per send)', async () => {
    const notifier = singleTenantNotifier();
    for (let i = 0; i < 5; i++) await knownUser(`u${i}`);
    for (let i = 0; i < 5; i++) expect((await notifier.send(msg(`u${i}`))).status).toBe('sent');
    expect(connector.activities).toHaveLength(5);
    expect(tokens.issued).toBe(1);
  });

  it('a wrong secret: Entra refuses the token, nothing reaches Teams, the bot says so plainly', async () => {
    const notifier = singleTenantNotifier('an-old-secret');
    await knownUser('u1');
    const outcome = await notifier.send(msg('u1'));
    expect(outcome).toEqual({ status: 'failed', code: 'bot-token' });
    expect(tokens.requests.map((r) => r.status)).toContain(401);
    expect(connector.activities).toEqual([]);
    // Not a user block: the conversation is still known and the error names the configuration.
    expect(await refs.get('u1')).toBeDefined();
    expect(authFailures()).toEqual([
      expect.objectContaining({
        level: 'error',
        fields: expect.objectContaining({
          code: 'bot-token',
          hint: expect.stringMatching(/secret/),
        }),
      }),
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain('an-old-secret');
  });

  it('a token for the wrong audience is refused 401 by the connector, reported as the bot’s fault', async () => {
    // Misconfigured: the bot asks Entra for a token for Graph, not for the Bot Framework.
    const notifier = singleTenantNotifier(
      SECRET,
      publicCloud({ ToChannelFromBotOAuthScope: 'https://graph.microsoft.com' }),
    );
    await knownUser('u1');
    expect(await notifier.send(msg('u1'))).toEqual({ status: 'failed', code: 'bot-unauthorized' });
    expect(connector.requests.map((r) => r.status)).toEqual([401]);
    expect(connector.refusals).toEqual([expect.stringMatching(/aud/)]);
    expect(connector.activities).toEqual([]);
    expect(authFailures()).toEqual([
      expect.objectContaining({
        level: 'error',
        fields: expect.objectContaining({ code: 'bot-unauthorized' }),
      }),
    ]);
    // A new chat is refused the same way, and not mistaken for "no such user".
    expect(await notifier.send(msg('u-new'))).toEqual({
      status: 'failed',
      code: 'bot-unauthorized',
    });
  });

  it('an expired token is refused 401 and reported as the bot’s fault, not a block', async () => {
    tokens.misissue = { expired: true };
    const notifier = singleTenantNotifier();
    await knownUser('u1');
    const outcome = await notifier.send(msg('u1'));
    expect(outcome).toEqual({ status: 'failed', code: 'bot-unauthorized' });
    expect(outcome.status).not.toBe('blocked');
    expect(connector.refusals).toEqual([expect.stringMatching(/exp/)]);
    expect(authFailures()).toHaveLength(1);
  });

  it('a request with no token at all is refused (the check is on)', async () => {
    const r = await fetch(`${connector.url}v3/conversations/a%3Ac/activities`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ message: 'Authorization has been denied for this request.' });
  });

  it('answers a Teams message over HTTP: the channel’s token checked in, the bot’s token checked out', async () => {
    const adapter = createAdapter(
      { mode: 'SingleTenant', appId, password: SECRET, tenantId: TENANT },
      logger,
      publicCloud({ ToBotFromChannelOpenIdMetadataUrl: tokens.botFrameworkMetadataUrl }),
      { authorityHost: tokens.authorityHost, trustedCa: tokens.ca },
    );
    const bot = new ActivityHandler();
    bot.onMessage(async (ctx, next) => {
      await ctx.sendActivity('pong');
      await next();
    });
    const server = await startServer({
      host: '127.0.0.1',
      port: 0,
      adapter,
      bot,
      logger,
      localMode: false,
      health: async () => ({ ok: true, store: 'ok', lastTick: null }),
    });
    try {
      const channel = new TeamsChannel(connector, {
        botEndpoint: `${server.url}/api/messages`,
        tenantId: TENANT,
        botId: `28:${appId}`,
        authorization: `Bearer ${await tokens.channelToken(appId, connector.url)}`,
      });
      const user = { aadObjectId: 'u-talks' };
      expect((await channel.message(user, 'ping')).status).toBe(200);
      const replies = connector.activitiesIn(channel.conversationIdOf(user));
      expect(replies.map((r) => r.activity.text)).toEqual(['pong']);
      expect(connector.refusals).toEqual([]);
      expect(tokens.issued).toBe(1);
    } finally {
      await server.close();
    }
  });

  describe('a user-assigned managed identity (IDENTITY_ENDPOINT + IDENTITY_HEADER)', () => {
    const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
    beforeEach(() => {
      process.env.IDENTITY_ENDPOINT = tokens.msiUrl;
      process.env.IDENTITY_HEADER = tokens.identityHeader;
    });
    afterEach(() => {
      for (const [k, v] of [
        ['IDENTITY_ENDPOINT', saved.endpoint],
        ['IDENTITY_HEADER', saved.header],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });

    function miNotifier(): ConnectorNotifier {
      const adapter = createAdapter({ mode: 'UserAssignedMSI', appId, tenantId: TENANT }, logger);
      return new ConnectorNotifier({
        adapter,
        appId,
        refs,
        logger,
        tenantId: TENANT,
        serviceUrl: connector.url,
      });
    }

    it('gets its token from the managed-identity endpoint and reaches the conversation, once per many sends', async () => {
      tokens.registerManagedIdentity(appId, TENANT);
      const notifier = miNotifier();
      for (let i = 0; i < 3; i++) await knownUser(`u${i}`);
      for (let i = 0; i < 3; i++) expect((await notifier.send(msg(`u${i}`))).status).toBe('sent');
      expect((await notifier.send(msg('u-new'))).status).toBe('sent');
      expect(connector.refusals).toEqual([]);
      expect(tokens.requests).toEqual([
        { via: 'msi', clientId: appId, status: 200, resource: 'https://api.botframework.com' },
      ]);
    });

    it('an identity not assigned to the app: no token, reported plainly', async () => {
      const notifier = miNotifier();
      await knownUser('u1');
      expect(await notifier.send(msg('u1'))).toEqual({ status: 'failed', code: 'bot-token' });
      expect(connector.activities).toEqual([]);
      expect(authFailures()).toHaveLength(1);
    });
  });
});
