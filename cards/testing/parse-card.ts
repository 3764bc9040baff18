/**
 * Checks a card the way a client would: parses it with the `adaptivecards` library (the
 * renderer Teams' web client is built on) and runs its validation, collecting every parse
 * warning and validation event. Used by every card test, including other areas' cards.
 *
 * The package's `main` is an ES-module build with extension-less imports that Node cannot
 * load; its UMD bundle works in Node without a DOM for parsing and validation.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

export interface CardCheck {
  /** Parse warnings and validation failures, as messages. Empty = clean. */
  problems: string[];
  version: string | undefined;
  /** Every Action.Execute verb in the card, its sub-cards and its refresh block. */
  verbs: string[];
  /** Serialized size in bytes (UTF-8), as it would travel in an activity. */
  bytes: number;
}

export function checkCard(json: Record<string, unknown>): CardCheck {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parse: ${e.message}`);
  }
  const validation = card.validateProperties();
  for (const e of validation.validationEvents) problems.push(`validate: ${e.message}`);
  return {
    problems,
    version: typeof json.version === 'string' ? json.version : undefined,
    verbs: collectVerbs(json),
    bytes: Buffer.byteLength(JSON.stringify(json), 'utf8'),
  };
}

function collectVerbs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const n of node) collectVerbs(n, out);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'Action.Execute') {
      if (typeof o.verb !== 'string' || o.verb === '') out.push('<missing verb>');
      else out.push(o.verb);
    }
    for (const v of Object.values(o)) collectVerbs(v, out);
  }
  return out;
}
