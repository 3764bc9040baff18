/**
 * Plays the Teams channel towards a bot: posts inbound activities (messages, installs,
 * Universal Action invokes) to the bot's `/api/messages` exactly as the channel shapes them,
 * with `serviceUrl` pointing at the connector test server so the bot's replies land there.
 */
import { randomUUID } from 'node:crypto';
import type { ConnectorTestServer } from './connector-server';

export interface ChannelUser {
  /** Entra object id (our staff id in SharePoint mode). */
  aadObjectId: string;
  /** Teams channel account id (`29:...`); derived from the object id when absent. */
  id?: string;
  name?: string;
}

export interface ChannelOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  tenantId?: string;
  botId?: string;
  /** Sent as the Authorization header (absent in local mode). */
  authorization?: string;
}

export interface ChannelResponse {
  status: number;
  body: unknown;
}

export class TeamsChannel {
  readonly tenantId: string;
  readonly botId: string;

  constructor(
    private readonly connector: ConnectorTestServer,
    private readonly options: ChannelOptions,
  ) {
    this.tenantId = options.tenantId ?? 'tenant-test';
    this.botId = options.botId ?? '28:bot-test';
  }

  channelIdOf(user: ChannelUser): string {
    return user.id ?? `29:${user.aadObjectId}`;
  }

  /** The personal conversation id for the user (registered with the connector server). */
  conversationIdOf(user: ChannelUser): string {
    const id = `a:conv-${this.channelIdOf(user)}`;
    this.connector.registerConversation(
      id,
      this.channelIdOf(user),
      user.aadObjectId,
      this.tenantId,
    );
    return id;
  }

  private base(user: ChannelUser): Record<string, unknown> {
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      timestamp: new Date().toISOString(),
      from: {
        id: this.channelIdOf(user),
        aadObjectId: user.aadObjectId,
        name: user.name ?? 'Test User',
      },
      recipient: { id: this.botId, name: 'Supervision Bot' },
      conversation: {
        id: this.conversationIdOf(user),
        conversationType: 'personal',
        tenantId: this.tenantId,
      },
      channelData: { tenant: { id: this.tenantId } },
      locale: 'en-GB',
    };
  }

  message(user: ChannelUser, text: string): Promise<ChannelResponse> {
    return this.post({ ...this.base(user), type: 'message', text, textFormat: 'plain' });
  }

  /** The app was installed in the user's personal scope. */
  install(user: ChannelUser): Promise<ChannelResponse> {
    return this.post({ ...this.base(user), type: 'installationUpdate', action: 'add' });
  }

  /** Teams' conversationUpdate announcing the bot joined the 1:1 chat. */
  botAdded(user: ChannelUser): Promise<ChannelResponse> {
    return this.post({
      ...this.base(user),
      type: 'conversationUpdate',
      membersAdded: [{ id: this.botId }],
    });
  }

  /** An `Action.Execute` press on a card (Universal Actions invoke). */
  cardAction(
    user: ChannelUser,
    action: { verb: string; data?: Record<string, unknown> },
    replyToId: string,
    activityId: string = randomUUID(),
  ): Promise<ChannelResponse> {
    return this.post({
      ...this.base(user),
      id: activityId,
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId,
      value: {
        action: { type: 'Action.Execute', verb: action.verb, data: action.data ?? {} },
        trigger: 'manual',
      },
    });
  }

  async post(activity: Record<string, unknown>): Promise<ChannelResponse> {
    const res = await fetch(this.options.botEndpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(this.options.authorization ? { Authorization: this.options.authorization } : {}),
      },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body };
  }
}
