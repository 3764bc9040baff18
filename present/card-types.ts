/**
 * The card surface's own types: a chat command's reply, an `Action.Execute` invoke and its
 * answer. bot/ turns Teams activities into these; present/ answers them by calling the
 * use-cases and building the cards from their outcomes.
 */
import type { OutboundMessage } from '../ports/notifier';
import type { AppContext } from '../usecases/context';

/** An Adaptive Card as JSON (schema 1.5). Built only by cards/. */
export type AdaptiveCardJson = Record<string, unknown>;

/** What a text command answers in the 1:1 chat. */
export interface CommandReply {
  text?: string;
  card?: AdaptiveCardJson;
}

export type CommandHandler = (
  ctx: AppContext,
  userId: string,
  args: string,
) => Promise<CommandReply>;

export interface CommandSpec {
  /** What the user types, lower case, e.g. `next`, `triage today`. Longest match wins. */
  name: string;
  /** One line for `help` and the manifest's command list. */
  description: string;
  handler: CommandHandler;
}

/** An `Action.Execute` invoke, already authenticated by bot/ (userId = Entra object id / staff id). */
export interface CardActionRequest {
  userId: string;
  verb: string;
  /** The action's data merged with the card's inputs. */
  data: Record<string, unknown>;
  /** Teams activity id of the card acted on (recorded with signatures). */
  activityId: string;
}

export type CardActionResult =
  | {
      kind: 'card';
      /** Replaces the card for the user who acted (and, through refresh, for `refreshUserIds`). */
      card: AdaptiveCardJson;
      /** Further messages to send (e.g. sign cards to both parties); sent through the ledger. */
      messages?: OutboundMessage[];
      /**
       * The work is not (all) done and pressing again should retry it (e.g. "the agreed actions
       * could not be saved yet; please press the button again in a minute"): the bot then does
       * not answer the next press from its invoke memory (it never does for refused / invalid).
       */
      transient?: boolean;
    }
  /** The user may not do this; nothing changed. Shown as a plain message, card unchanged. */
  | { kind: 'refused'; message: string }
  /** Bad input (e.g. missing reason); the card stays so they can correct it. */
  | { kind: 'invalid'; message: string };

export type CardActionHandler = (
  ctx: AppContext,
  req: CardActionRequest,
) => Promise<CardActionResult>;
