/**
 * Keeps every card under Teams' message size limit (issue 15 "a card never exceeds Teams'
 * size limit"). Teams refuses a message over about 28 KB with 413, and a refused card is a
 * reminder nobody gets. Before a card is sent, `fitCard` measures it and, when it is too big,
 * shortens the longest *displayed* texts (TextBlock text, FactSet values) with a note to open
 * the full record in the tab. Input values are never cut: a shortened input submitted back
 * would overwrite the record with the shortened text. A card that still does not fit is
 * reported, never sent and never silently dropped (the callers log it as an error).
 */
import type { CardJson } from './card-kit';

/** Teams' documented limit is ~28 KB for the whole activity; leave room for its envelope. */
export const CARD_BUDGET_BYTES = 26_000;

/** Displayed text is never cut below this many characters. */
const KEEP_AT_LEAST = 300;

export const CUT_NOTE = '… (shortened: open the full record in the Supervision tab)';

export interface FitResult {
  card: CardJson;
  /** Whether any text was shortened. */
  cut: boolean;
  /** The size of the card as it will be sent, in UTF-8 bytes of its JSON. */
  bytes: number;
  /** False when even the shortened card is over the budget: do not send it. */
  fits: boolean;
}

const sizeOf = (card: CardJson): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

type Holder = { obj: Record<string, unknown>; field: string };

/** Every displayed text in the card: TextBlock `text` and FactSet fact `value`. */
function displayedTexts(node: unknown, out: Holder[]): Holder[] {
  if (Array.isArray(node)) {
    for (const n of node) displayedTexts(n, out);
  } else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if (obj.type === 'TextBlock' && typeof obj.text === 'string') out.push({ obj, field: 'text' });
    if (obj.type === 'FactSet' && Array.isArray(obj.facts)) {
      for (const f of obj.facts)
        if (f && typeof f === 'object' && typeof (f as { value?: unknown }).value === 'string')
          out.push({ obj: f as Record<string, unknown>, field: 'value' });
    }
    for (const [k, v] of Object.entries(obj)) if (k !== 'facts') displayedTexts(v, out);
  }
  return out;
}

export function fitCard(card: CardJson, budget = CARD_BUDGET_BYTES): FitResult {
  const bytes = sizeOf(card);
  if (bytes <= budget) return { card, cut: false, bytes, fits: true };
  const copy = structuredClone(card);
  const texts = displayedTexts(copy, []);
  let size = bytes;
  // Longest first: the record summary is what grows, everything else is short.
  for (const h of texts.sort(
    (a, b) => String(b.obj[b.field]).length - String(a.obj[a.field]).length,
  )) {
    if (size <= budget) break;
    const text = String(h.obj[h.field]);
    if (text.length <= KEEP_AT_LEAST) break;
    const excessBytes = size - budget;
    // Characters can take up to 4 bytes in UTF-8 and JSON escapes; cut by bytes, conservatively.
    const keep = Math.max(KEEP_AT_LEAST, text.length - excessBytes - CUT_NOTE.length - 16);
    h.obj[h.field] = `${text.slice(0, keep).trimEnd()}${CUT_NOTE}`;
    size = sizeOf(copy);
  }
  return { card: copy, cut: true, bytes: size, fits: size <= budget };
}
