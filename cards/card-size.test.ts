/** Issue 15: a card never exceeds Teams' size limit; long text is cut with a pointer to the tab. */
import { CARD_BUDGET_BYTES, CUT_NOTE, fitCard } from './card-size';

const card = (summary: string, input = '') => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Please sign the record' },
    { type: 'FactSet', facts: [{ title: 'Date', value: 'Thu 5 Nov 2026' }] },
    { type: 'TextBlock', text: summary, wrap: true },
    ...(input ? [{ type: 'Input.Text', id: 'recordSummary', value: input }] : []),
  ],
});
const bytes = (c: unknown) => Buffer.byteLength(JSON.stringify(c), 'utf8');

describe('fitCard', () => {
  test('a card within the budget is returned unchanged', () => {
    const c = card('Short summary.');
    expect(fitCard(c)).toEqual({ card: c, cut: false, bytes: bytes(c), fits: true });
  });

  test('a long displayed summary is shortened under the budget, with the pointer to the tab', () => {
    const long = 'Caseload reviewed; LL-204318 plan agreed. '.repeat(2000); // ~84 KB
    const r = fitCard(card(long));
    expect(r.cut).toBe(true);
    expect(r.fits).toBe(true);
    expect(r.bytes).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(bytes(r.card)).toBe(r.bytes);
    const text = JSON.stringify(r.card);
    expect(text).toContain(CUT_NOTE);
    expect(text).toContain('Please sign the record');
  });

  test('multi-byte text is measured in UTF-8 bytes, not characters', () => {
    const r = fitCard(card('Zoë’s wellbeing — reviewed. '.repeat(3000)));
    expect(r.fits).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(r.card), 'utf8')).toBeLessThanOrEqual(
      CARD_BUDGET_BYTES,
    );
  });

  test('an input value is never cut: a card that cannot fit says so instead', () => {
    const r = fitCard(card('Short.', 'x'.repeat(40_000)));
    expect(r.fits).toBe(false);
    expect(JSON.stringify(r.card)).toContain('x'.repeat(40_000));
  });
});
