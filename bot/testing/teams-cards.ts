/**
 * Test-only helpers for driving the bot's cards over HTTP as a Teams client would: read the
 * cards the bot sent into a user's 1:1 chat on the Bot Connector test server, find an
 * `Action.Execute` by verb (in sub-cards too), and press it with the card's inputs merged into
 * its data, replying to the card's activity.
 */
import { checkCard } from '../../cards/testing/parse-card';
import type {
  ChannelResponse,
  ChannelUser,
  TeamsChannel,
} from '../../test/connector-server/channel';
import type { ConnectorTestServer } from '../../test/connector-server/connector-server';

export type Card = Record<string, unknown>;
/** A card the bot sent (a reply or a proactive message) and the activity that carried it. */
export interface SentCard {
  activityId: string;
  card: Card;
  summary?: string;
}

/** Every adaptive card the bot sent into this user's 1:1 chat, oldest first. */
export function cardsSentTo(connector: ConnectorTestServer, staffId: string): SentCard[] {
  const conversationId = connector.conversationFor(staffId);
  if (!conversationId) return [];
  return connector.activitiesIn(conversationId).flatMap((a) => {
    const act = a.activity as {
      summary?: string;
      attachments?: Array<{ contentType: string; content: Card }>;
    };
    return (act.attachments ?? [])
      .filter((x) => x.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((x) => ({
        activityId: a.activityId,
        card: x.content,
        ...(act.summary ? { summary: act.summary } : {}),
      }));
  });
}

/** The `data` of every Action.Execute with this verb, wherever it sits in the card. */
export function executes(card: Card, verb: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'Action.Execute' && o.verb === verb)
        out.push((o.data ?? {}) as Record<string, unknown>);
      Object.values(o).forEach(walk);
    }
  };
  walk(card.body);
  walk(card.actions);
  return out;
}

/** The choice values of an Input.ChoiceSet by id. */
export function choicesOf(card: Card, inputId: string): string[] {
  let found: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'Input.ChoiceSet' && o.id === inputId)
        found = ((o.choices ?? []) as Array<{ value: string }>).map((c) => c.value);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** All visible text of a card. */
export function textOf(card: Card): string {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      for (const k of ['text', 'title']) if (typeof o[k] === 'string') out.push(o[k] as string);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}

/** Parse problems the Adaptive Cards library reports (empty = clean). */
export function cardProblems(card: Card): string[] {
  return checkCard(card).problems;
}

/**
 * Presses the Action.Execute with `verb` whose data matches `match` on a sent card, with the
 * given input values merged in (as Teams does), replying to the card's activity.
 */
export function press(
  channel: TeamsChannel,
  user: ChannelUser,
  sent: SentCard,
  verb: string,
  match: Record<string, unknown> = {},
  inputs: Record<string, unknown> = {},
): Promise<ChannelResponse> {
  const data = executes(sent.card, verb).find((d) =>
    Object.entries(match).every(([k, v]) => d[k] === v),
  );
  if (!data) throw new Error(`no ${verb} ${JSON.stringify(match)} on the card`);
  return channel.cardAction(user, { verb, data: { ...data, ...inputs } }, sent.activityId);
}

/** The invoke's answer: a replacement card, or a message text. */
export function answerOf(res: ChannelResponse): { card?: Card; message?: string } {
  const body = res.body as { statusCode?: number; type?: string; value?: unknown };
  if (res.status !== 200 || body.statusCode !== 200)
    throw new Error(`invoke failed: ${res.status} ${JSON.stringify(body)}`);
  if (body.type === 'application/vnd.microsoft.card.adaptive') return { card: body.value as Card };
  return { message: String(body.value) };
}
