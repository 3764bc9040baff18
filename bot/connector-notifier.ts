/**
 * The Notifier over the Bot Connector: one proactive send attempt per call, with a typed
 * outcome and never a throw. Retrying, pacing and "exactly once" are the send queue's and the
 * ledger's job (scheduler/), so this makes exactly one attempt and reports what happened:
 *
 *   sent (activity id) | throttled (429 + Retry-After) | blocked (403 on an existing chat:
 *   the user blocked or uninstalled the bot) | conversation-gone (404) |
 *   recipient-not-found (no chat and Teams would not create one) | failed (code)
 *
 * A user with a stored conversation reference gets the message in that chat
 * (`continueConversationAsync`); a user who never opened the bot gets a new 1:1 chat created
 * with their Entra object id and the tenant id (`createConversationAsync`) — Teams allows that
 * only when the app is installed for them (admin pre-install policy or Graph proactive install,
 * see docs/bot.md). The service URL always comes from a stored reference (or the last one
 * seen), which is how tests point the connector at a local server.
 */
import { fitCard } from '../cards/card-size';
import { errorCode } from '../kernel/errors';
import { CardFactory, type Activity } from 'botbuilder';
import type { Logger } from '../ports/logger';
import type { Notifier, OutboundMessage, SendOutcome } from '../ports/notifier';
import { singleAttempt, type BotAdapter } from './adapter';
import { ConversationRefs, toReference, type StoredReference } from './conversation-refs';
import {
  BOT_TOKEN_CODE,
  BOT_UNAUTHORIZED_CODE,
  classifySendError,
  GOVERNMENT_HOST_CODE,
} from './send-errors';

/** Teams' global service URL, used to create a chat before any activity taught us a regional one. */
export const DEFAULT_TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

/**
 * The government-cloud (GCC) endpoint for proactive messages (Teams docs, "Send proactive
 * messages"); Teams answers 403 `InvalidBotApiHost` when a GCC tenant's conversation is
 * reached through the public host, and says to call this one instead.
 */
export const GOVERNMENT_TEAMS_SERVICE_URL = 'https://smba.infra.gcc.teams.microsoft.com/gcc/';

export interface ConnectorNotifierOptions {
  adapter: BotAdapter;
  /** The bot's app id; empty in local mode (no outbound authentication). */
  appId: string;
  refs: ConversationRefs;
  logger: Logger;
  /** MicrosoftAppTenantId; otherwise the tenant learnt from inbound activities. */
  tenantId?: string;
  /** Where to create chats when no activity has been seen yet. */
  serviceUrl?: string;
  /** Followed after a 403 `InvalidBotApiHost` (default GOVERNMENT_TEAMS_SERVICE_URL). */
  governmentServiceUrl?: string;
}

export class ConnectorNotifier implements Notifier {
  constructor(private readonly options: ConnectorNotifierOptions) {}

  async send(original: OutboundMessage): Promise<SendOutcome> {
    // Teams refuses a message over ~28 KB (413): shorten displayed text first, and never send
    // (nor drop quietly) a card that still cannot fit (cards/card-size.ts).
    const fitted = fitCard(original.card);
    const message = fitted.cut ? { ...original, card: fitted.card } : original;
    if (!fitted.fits) {
      this.options.logger.error('notify.card-too-large', {
        key: original.key,
        recipientId: original.recipientId,
        bytes: fitted.bytes,
      });
      return { status: 'failed', code: 'card-too-large' };
    }
    if (fitted.cut)
      this.options.logger.warn('notify.card-shortened', { key: original.key, bytes: fitted.bytes });
    try {
      const stored = await this.options.refs.get(message.recipientId);
      if (stored) return await this.sendExisting(message, stored);
      return await this.createAndSend(message);
    } catch (err) {
      // Anything unexpected (store down, a bug): still an outcome, never a throw.
      return this.log(message, { status: 'failed', code: errorCode(err, 'internal') }, 'none');
    }
  }

  private activity(message: OutboundMessage): Partial<Activity> {
    return {
      type: 'message',
      // Shown in the notification and activity feed: no child names, no record text.
      summary: message.summary,
      attachments: [CardFactory.adaptiveCard(message.card)],
    };
  }

  private get governmentUrl(): string {
    return this.options.governmentServiceUrl ?? GOVERNMENT_TEAMS_SERVICE_URL;
  }

  /** A government-cloud tenant reached through the public host: not yet on the GCC host. */
  private wrongHost(outcome: SendOutcome, serviceUrl: string): boolean {
    return (
      outcome.status === 'failed' &&
      outcome.code === GOVERNMENT_HOST_CODE &&
      serviceUrl !== this.governmentUrl
    );
  }

  private async sendExisting(
    message: OutboundMessage,
    stored: StoredReference,
  ): Promise<SendOutcome> {
    const outcome = await this.sendOnce(message, stored);
    if (!this.wrongHost(outcome, stored.serviceUrl)) return outcome;
    // Teams' own instruction for InvalidBotApiHost: update the service URL and retry.
    const moved = { ...stored, serviceUrl: this.governmentUrl };
    await this.options.refs.save(message.recipientId, moved);
    this.options.logger.info('notify.government-host', { recipientId: message.recipientId });
    return this.sendOnce(message, moved);
  }

  private async sendOnce(message: OutboundMessage, stored: StoredReference): Promise<SendOutcome> {
    let activityId: string | null = null;
    let failure: unknown = null;
    try {
      await this.options.adapter.continueConversationAsync(
        this.options.appId,
        toReference(stored),
        async (ctx) => {
          singleAttempt(ctx.turnState.get(ctx.adapter.ConnectorClientKey));
          // Caught here: errors escaping the turn would go to the adapter's onTurnError instead.
          try {
            const r = await ctx.sendActivity(this.activity(message));
            activityId = r?.id ?? '';
          } catch (err) {
            failure = err;
          }
        },
      );
    } catch (err) {
      failure = err;
    }
    if (failure !== null || activityId === null) {
      const outcome = classifySendError(failure, 'existing');
      // The chat is gone: forget it, so a later attempt creates a fresh one.
      if (outcome.status === 'conversation-gone')
        await this.options.refs.remove(message.recipientId);
      return this.log(message, outcome, 'existing');
    }
    return this.log(message, { status: 'sent', activityId }, 'existing');
  }

  /**
   * A user who never opened the bot: create the 1:1 chat (tenant id + Entra id) with the message
   * as its first activity ("Teams supports this, and will use the Activity as the initial
   * message": Microsoft 365 Agents SDK, CreateConversationOptionsBuilder.WithActivity).
   */
  private async createAndSend(message: OutboundMessage): Promise<SendOutcome> {
    const meta = await this.options.refs.meta();
    const tenantId = this.options.tenantId || meta.tenantId;
    if (!tenantId) return this.log(message, { status: 'recipient-not-found' }, 'create');
    let serviceUrl = meta.serviceUrl ?? this.options.serviceUrl ?? DEFAULT_TEAMS_SERVICE_URL;
    const botId = meta.botId ?? `28:${this.options.appId}`;
    let conversationId = '';
    let firstActivityId: string | undefined;
    for (;;) {
      try {
        const client = await this.options.adapter.proactiveClient(this.options.appId, serviceUrl);
        const created = await client.conversations.createConversation({
          isGroup: false,
          bot: { id: botId, name: '' },
          // Teams accepts the Entra object id as the member id of a 1:1 chat.
          members: [{ id: message.recipientId, name: '' }],
          tenantId,
          channelData: { tenant: { id: tenantId } },
          // Posted by Teams as the chat's first message: one request instead of two, so a
          // new chat costs no more of the app's 50 a second than an existing one.
          activity: this.activity(message),
        } as Parameters<typeof client.conversations.createConversation>[0]);
        conversationId = created.id;
        firstActivityId = created.activityId;
        break;
      } catch (err) {
        const outcome = classifySendError(err, 'create');
        if (!this.wrongHost(outcome, serviceUrl)) return this.log(message, outcome, 'create');
        serviceUrl = this.governmentUrl;
      }
    }
    const stored: StoredReference = {
      channelId: 'msteams',
      serviceUrl,
      conversationId,
      tenantId,
      userId: message.recipientId,
      aadObjectId: message.recipientId,
      botId,
    };
    await this.options.refs.save(message.recipientId, stored);
    if (firstActivityId)
      return this.log(message, { status: 'sent', activityId: firstActivityId }, 'create');
    // A service that created the chat without posting the message (no activity id): same
    // attempt, now an existing chat, and its outcome is the send's.
    const outcome = await this.sendExisting(message, stored);
    return outcome;
  }

  private log(
    message: OutboundMessage,
    outcome: SendOutcome,
    route: 'existing' | 'create' | 'none',
  ): SendOutcome {
    const fields = {
      key: message.key,
      recipientId: message.recipientId,
      route,
      outcome: outcome.status,
      ...(outcome.status === 'failed' ? { code: outcome.code } : {}),
      ...(outcome.status === 'throttled' ? { retryAfterMs: outcome.retryAfterMs } : {}),
    };
    if (outcome.status === 'sent') this.options.logger.info('notify.sent', fields);
    // The bot's own credentials: no recipient is at fault and every send fails alike until an
    // admin fixes the app registration, so say so plainly, as an error.
    else if (
      outcome.status === 'failed' &&
      (outcome.code === BOT_TOKEN_CODE || outcome.code === BOT_UNAUTHORIZED_CODE)
    )
      this.options.logger.error('notify.bot-auth-failed', {
        ...fields,
        hint:
          outcome.code === BOT_TOKEN_CODE
            ? 'no token for the Bot Connector: check MicrosoftAppId, the client secret (or the managed identity) and MicrosoftAppTenantId'
            : 'the Bot Connector refused the bot token (401): check the app id, tenant and audience',
      });
    // A card Teams found too large will never go: an error for the admins, not a quiet warning.
    else if (outcome.status === 'failed' && outcome.code === '413')
      this.options.logger.error('notify.not-sent', fields);
    else this.options.logger.warn('notify.not-sent', fields);
    return outcome;
  }
}
