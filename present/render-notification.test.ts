import { checkCard } from '../cards/testing/parse-card';
import { PROFILE_IDS } from '../policy/profile';
import { runCardAction } from '../present/card-actions';
import { runCommand } from './commands';
import { renderSupervisionNotification } from './render-notification';
import {
  demoSessions,
  makeHarness,
  request,
  type DemoSessions,
  type Harness,
} from '../usecases/testing/harness';

let h: Harness;
let ids: DemoSessions;
beforeAll(async () => {
  h = await makeHarness();
  ids = await demoSessions();
});
afterAll(() => h.close());
const json = (x: unknown) => JSON.stringify(x);

describe('renderSupervisionNotification', () => {
  it.each([
    ['coming-up', 'later', 'fsw-hadley-1', 'Supervision coming up'],
    ['prep', 'upcoming', 'fsw-hadley-1', 'Prepare for your supervision'],
    ['prep', 'upcoming', 'tl-hadley', 'Prepare to supervise'],
    ['confirm-request', 'past', 'tl-hadley', 'Did this supervision happen?'],
    ['sign-request', 'halfSigned', 'fsw-hadley-1', 'Please read and sign'],
  ] as const)('%s for the %s session to %s', async (kind, which, recipientId, title) => {
    const sessionId = ids[which];
    const { snapshot } = await h.schedule.load();
    const key = `${kind}|${sessionId}|x`;
    const m = (await renderSupervisionNotification(h.ctx, snapshot, {
      key,
      kind,
      recipientId,
      sessionId,
    }))!;
    expect(m).toMatchObject({ recipientId, key });
    expect(json(m.card)).toContain(title);
    expect(checkCard(m.card).problems).toEqual([]);
    // The feed line: a date, no names, no case ids, no record text.
    expect(m.summary).not.toMatch(/LL-|Helen|Jess|Wellbeing/);
  });

  it('nothing to send for a vanished session or a recipient outside it', async () => {
    const { snapshot } = await h.schedule.load();
    const gone = await renderSupervisionNotification(h.ctx, snapshot, {
      key: 'k',
      kind: 'prep',
      recipientId: 'fsw-hadley-1',
      sessionId: 'nope',
    });
    expect(gone).toBeNull();
    const outsider = await renderSupervisionNotification(h.ctx, snapshot, {
      key: 'k',
      kind: 'prep',
      recipientId: 'tl-wrekin',
      sessionId: ids.upcoming,
    });
    expect(outsider).toBeNull();
  });
});

describe('every supervision card the use-cases produce, under every policy profile', () => {
  it.each(PROFILE_IDS.map((p) => [p]))('%s', async (profileId) => {
    const hp = await makeHarness(undefined, profileId);
    try {
      const { snapshot } = await hp.schedule.load();
      const cards: Array<Record<string, unknown>> = [];
      const plans = [
        ['coming-up', ids.later, 'fsw-hadley-1'],
        ['prep', ids.upcoming, 'fsw-hadley-1'],
        ['prep', ids.upcoming, 'tl-hadley'],
        ['confirm-request', ids.past, 'tl-hadley'],
        ['confirm-request', ids.past, 'fsw-hadley-1'],
        ['sign-request', ids.halfSigned, 'fsw-hadley-1'],
      ] as const;
      for (const [kind, sessionId, recipientId] of plans) {
        const m = await renderSupervisionNotification(hp.ctx, snapshot, {
          key: 'k',
          kind,
          recipientId,
          sessionId,
        });
        cards.push(m!.card);
      }
      for (const [user, cmd] of [
        ['fsw-hadley-1', 'next'],
        ['fsw-hadley-1', 'actions'],
        ['fsw-hadley-1', 'status'],
        ['sm-1', 'team'],
        ['sm-1', 'help'],
      ]) {
        cards.push((await runCommand(hp.ctx, user!, cmd!)).card!);
      }
      const held = await runCardAction(
        hp.ctx,
        request('tl-hadley', 'session.held', {
          sessionId: ids.past,
          heldMinutes: 90,
          action1Text: 'A',
        }),
      );
      if (held.kind !== 'card') throw new Error(held.message);
      cards.push(held.card, ...held.messages!.map((m) => m.card));
      for (const card of cards) {
        const check = checkCard(card);
        expect(check.problems).toEqual([]);
        expect(check.version).toBe('1.5');
        expect(check.verbs.length).toBeGreaterThan(0);
        expect(check.bytes).toBeLessThan(28 * 1024);
      }
    } finally {
      await hp.close();
    }
  });
});

describe('the prep prompt follows the profile', () => {
  const prepText = async (profileId: string, recipientId: string) => {
    const hp = await makeHarness(undefined, profileId);
    try {
      const { snapshot } = await hp.schedule.load();
      const m = await renderSupervisionNotification(hp.ctx, snapshot, {
        key: 'k',
        kind: 'prep',
        recipientId,
        sessionId: ids.upcoming,
      });
      return json(m!.card);
    } finally {
      await hp.close();
    }
  };

  it('Manchester: two RAG self-assessments ready 2 working days before; two direct-work examples', async () => {
    const text = await prepText('manchester-cs', 'fsw-hadley-1');
    expect(text).toContain('RAG-rated self-assessment');
    expect(text).toContain('by Tue 24 Nov 2026'); // session Thu 26 Nov
    expect(text).toContain('two examples of direct work');
  });

  it("Shropshire: the supervisor's checklist", async () => {
    const text = await prepText('shropshire-teh', 'tl-hadley');
    expect(text).toContain('Chronologies are on each case');
    expect(text).toContain('Ethnicity, culture and diversity');
    expect(text).toContain('Agenda');
  });
});
