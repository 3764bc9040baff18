/**
 * The Teams activity handler: the only place Teams activities meet the use-cases.
 *
 * - Every personal-scope activity (install, conversationUpdate, message) refreshes the user's
 *   conversation reference, keyed by their Entra object id, so proactive messages can reach them.
 * - A message is a command: the @mention is stripped and the text goes to `runCommand`; the
 *   reply (text and/or card) goes back in the chat. Unknown text gets help (the use-case's job).
 * - An `adaptiveCard/action` invoke (Universal Actions, `Action.Execute`) goes to
 *   `runCardAction`; a new card is the invoke response (it replaces the card for the user who
 *   acted; `refresh.userIds` on the card brings other viewers up to date). `refused` and
 *   `invalid` answer with a message and leave the card as it was. Messages a use-case hands
 *   back are delivered through the ledger + send queue, in the background.
 * - Retried/double invokes of completed work are answered from a short memory (InvokeDedupe);
 *   refusals, "try again" answers and cards marked `transient` are not remembered, so pressing
 *   again re-runs the action.
 * - With a tenant configured (every authenticated deployment), an activity from another tenant
 *   is ignored before any of this: not answered, its reference not stored (tenant-check.ts).
 *
 * The staff id is the Entra object id (SharePoint mode: the staff list's `id`); in local demo
 * mode the Playground's mock users carry the demo staff ids as their `aadObjectId`.
 */
import type { CardJson } from '../cards/card-kit';
import { fitCard } from '../cards/card-size';
import { errorName } from '../kernel/errors';
import {
  CardFactory,
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import type { Logger } from '../ports/logger';
import type { OutboundMessage } from '../ports/notifier';
import type { AppContext } from '../usecases/context';
import type { CardActionRequest, CardActionResult, CommandReply } from '../present/card-types';
import { ConversationRefs, toStored } from './conversation-refs';
import { InvokeDedupe, invokeKey } from './invoke-dedupe';
import { fromOtherTenant } from './tenant-check';

export type RunCommand = (ctx: AppContext, userId: string, text: string) => Promise<CommandReply>;
export type RunCardAction = (ctx: AppContext, req: CardActionRequest) => Promise<CardActionResult>;

export interface TeamsBotDeps {
  ctx: AppContext;
  runCommand: RunCommand;
  runCardAction: RunCardAction;
  refs: ConversationRefs;
  /** Sends use-case messages through ledger + queue (bot/deliver.ts). */
  deliver: (messages: OutboundMessage[]) => Promise<unknown>;
  logger: Logger;
  /** Optional Entra object id → staff id map (e.g. a demo whose ids are not object ids). */
  identityMap?: Record<string, string>;
  dedupe?: InvokeDedupe<InvokeAnswer>;
  /**
   * Someone's first contact (their conversation reference was stored for the first time):
   * what waited for them can go now (bot/main.ts asks for a tick and flushes their outbox).
   */
  onFirstContact?: (staffId: string) => void;
  /**
   * The only tenant served (MicrosoftAppTenantId). Unset in local mode: the Agents Playground
   * uses a tenant id of its own (.m365agentsplayground.yml).
   */
  tenantId?: string;
}

/** An invoke response, and whether it reports completed work (which a retry must not redo). */
export interface InvokeAnswer {
  response: AdaptiveCardInvokeResponse;
  completed: boolean;
}

export const CARD_RESPONSE_TYPE = 'application/vnd.microsoft.card.adaptive';
export const MESSAGE_RESPONSE_TYPE = 'application/vnd.microsoft.activity.message';
const ERROR_RESPONSE_TYPE = 'application/vnd.microsoft.error';

const UNKNOWN_USER =
  "I couldn't tell who you are from this chat. Please open the bot from Microsoft Teams signed in with your work account.";

export function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return {
    statusCode: 200,
    type: MESSAGE_RESPONSE_TYPE,
    value: text as unknown as Record<string, unknown>,
  };
}

export class TeamsBot extends TeamsActivityHandler {
  private readonly dedupe: InvokeDedupe<InvokeAnswer>;

  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.dedupe = deps.dedupe ?? new InvokeDedupe();

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.remember(context);
      const staffId = this.staffIdOf(context);
      if (staffId && context.activity.conversation?.conversationType === 'personal') {
        await this.reply(context, await this.deps.runCommand(this.deps.ctx, staffId, 'help'));
      }
      await next();
    });

    this.onConversationUpdate(async (context, next) => {
      const first = await this.remember(context);
      // Someone's very first contact is the chat opening (the Playground, or Teams adding the
      // bot to a new 1:1): greet them with what to try for their role (the help card's tips).
      const staffId = this.staffIdOf(context);
      if (first && staffId && context.activity.conversation?.conversationType === 'personal') {
        await this.reply(context, await this.deps.runCommand(this.deps.ctx, staffId, 'help'));
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.remember(context);
      await this.handleMessage(context);
      await next();
    });
  }

  /** Every activity passes here first: one from another tenant goes no further. */
  override async run(context: TurnContext): Promise<void> {
    const { tenantId } = this.deps;
    if (tenantId && fromOtherTenant(context.activity, tenantId)) {
      // Codes only: neither the sender nor their tenant is ours to log.
      this.deps.logger.warn('bot.foreign-tenant', {
        code: 'tenant-mismatch',
        type: context.activity.type ?? 'unknown',
      });
      return;
    }
    await super.run(context);
  }

  /** Staff id of whoever sent the activity, or null when Teams gave no object id. */
  staffIdOf(context: TurnContext): string | null {
    const aad = context.activity.from?.aadObjectId;
    if (!aad) return null;
    return this.deps.identityMap?.[aad] ?? aad;
  }

  /** Stores the sender's 1:1 reference; true when it is their first contact. */
  private async remember(context: TurnContext): Promise<boolean> {
    const a = context.activity;
    const staffId = this.staffIdOf(context);
    // Only 1:1 chats: a group chat's reference must not become someone's personal channel.
    if (!staffId || (a.conversation?.conversationType ?? 'personal') !== 'personal') return false;
    const stored = toStored(TurnContext.getConversationReference(a), staffId);
    if (!stored) return false;
    try {
      const first = await this.deps.refs.save(staffId, stored);
      if (first) {
        this.deps.logger.info('bot.first-contact', { staffId });
        this.deps.onFirstContact?.(staffId);
      }
      return first;
    } catch (err) {
      // Not fatal for this turn; the next activity tries again.
      this.deps.logger.warn('bot.ref-save-failed', { staffId, code: errorName(err) });
      return false;
    }
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const staffId = this.staffIdOf(context);
    if (!staffId) {
      await context.sendActivity(UNKNOWN_USER);
      return;
    }
    const text = (
      TurnContext.removeRecipientMention(context.activity) ??
      context.activity.text ??
      ''
    )
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const started = Date.now();
    const reply = await this.deps.runCommand(this.deps.ctx, staffId, text);
    this.deps.logger.info('bot.command', {
      staffId,
      ms: Date.now() - started,
      card: reply.card !== undefined,
    });
    await this.reply(context, reply);
  }

  /** Under Teams' size limit (cards/card-size.ts); a card that cannot fit is logged as an error. */
  private fitted(card: CardJson): CardJson {
    const f = fitCard(card);
    if (!f.fits) this.deps.logger.error('bot.card-too-large', { bytes: f.bytes });
    else if (f.cut) this.deps.logger.warn('bot.card-shortened', { bytes: f.bytes });
    return f.card;
  }

  private async reply(context: TurnContext, reply: CommandReply): Promise<void> {
    if (!reply.text && !reply.card) return;
    await context.sendActivity({
      type: 'message',
      ...(reply.text ? { text: reply.text } : {}),
      ...(reply.card ? { attachments: [CardFactory.adaptiveCard(this.fitted(reply.card))] } : {}),
    });
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    await this.remember(context);
    const staffId = this.staffIdOf(context);
    if (!staffId) return messageResponse(UNKNOWN_USER);
    const verb = invokeValue.action?.verb ?? '';
    const data = (invokeValue.action?.data ?? {}) as Record<string, unknown>;
    const activityId = context.activity.replyToId ?? context.activity.id ?? '';
    const run = () => this.runAction({ userId: staffId, verb, data, activityId });
    // Keyed on the card's message (replyToId), not the invoke's own id: every click is a new
    // activity, so only the card + user + verb + data identifies a double click or a retry.
    // Refreshes are never cached: they must show the card's state as it is now.
    const { result, duplicate } = verb.endsWith('.refresh')
      ? { result: run(), duplicate: false }
      : this.dedupe.run(invokeKey(activityId, staffId, verb, data), run, (a) => a.completed);
    if (duplicate) this.deps.logger.info('bot.invoke-duplicate', { staffId, verb });
    try {
      return (await result).response;
    } catch (err) {
      this.deps.logger.error('bot.action-failed', { staffId, verb, code: errorName(err) });
      return {
        statusCode: 500,
        type: ERROR_RESPONSE_TYPE,
        value: {
          code: 'InternalError',
          message: 'Something went wrong; nothing was changed. Please try again.',
        },
      };
    }
  }

  private async runAction(req: CardActionRequest): Promise<InvokeAnswer> {
    const started = Date.now();
    // A throw propagates (and is not remembered by the dedupe, so a retry really retries).
    const result: CardActionResult = await this.deps.runCardAction(this.deps.ctx, req);
    this.deps.logger.info('bot.action', {
      staffId: req.userId,
      verb: req.verb,
      result: result.kind,
      ms: Date.now() - started,
    });
    // Refused / invalid changed nothing (that includes "busy, try again"): never remembered.
    if (result.kind !== 'card')
      return { response: messageResponse(result.message), completed: false };
    if (result.messages && result.messages.length > 0) {
      void this.deps.deliver(result.messages);
    }
    return {
      response: { statusCode: 200, type: CARD_RESPONSE_TYPE, value: this.fitted(result.card) },
      completed: result.transient !== true,
    };
  }
}
