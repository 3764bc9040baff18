/**
 * Every supervision card, in every state, for every policy profile: parsed by the
 * adaptivecards library with no warnings, schema 1.5, Action.Execute verbs present, and far
 * below Teams' message size limit (~28 KB for a card payload).
 */
import { PROFILES } from '../policy/profiles';
import { checkCard } from './testing/parse-card';
import { sampleCards } from './testing/sample-cards';

const LIMIT_BYTES = 28 * 1024;
const cases = Object.values(PROFILES).flatMap((profile) =>
  sampleCards(profile).map(({ name, card }) => ({ id: `${profile.id} ${name}`, card })),
);

describe('supervision cards', () => {
  it('covers every card module', () => {
    const names = new Set(cases.map((c) => c.id.split(' ')[1]!.split('-')[0]));
    for (const n of [
      'coming',
      'prep',
      'confirm',
      'record',
      'sign',
      'next',
      'actions',
      'status',
      'team',
      'help',
    ]) {
      expect(names).toContain(n);
    }
  });

  it.each(cases)(
    '$id parses cleanly as schema 1.5 with verbs, under the size limit',
    ({ card }) => {
      const check = checkCard(card);
      expect(check.problems).toEqual([]);
      expect(check.version).toBe('1.5');
      expect(check.verbs.length).toBeGreaterThan(0);
      expect(check.verbs).not.toContain('<missing verb>');
      expect(check.bytes).toBeLessThan(LIMIT_BYTES);
    },
  );

  it('reports the largest card', () => {
    const sizes = cases
      .map((c) => ({ id: c.id, bytes: checkCard(c.card).bytes }))
      .sort((a, b) => b.bytes - a.bytes);
    // Printed so the size budget is visible in CI logs.
    console.log(
      `largest cards: ${sizes
        .slice(0, 6)
        .map((s) => `${s.id} ${s.bytes} B`)
        .join(', ')}`,
    );
    expect(sizes[0]!.bytes).toBeLessThan(LIMIT_BYTES);
  });

  it('the checker itself catches broken cards', () => {
    const bad = checkCard({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlockX' },
        { type: 'Input.Text', id: 'a' },
        { type: 'Input.Text', id: 'a' },
      ],
      actions: [{ type: 'Action.Execute', title: 'x' }],
    });
    expect(bad.problems.length).toBeGreaterThanOrEqual(2);
    expect(bad.verbs).toEqual(['<missing verb>']);
  });
});
