import { checkCard } from '../cards/testing/parse-card';
import { renderSupervisionNotification } from './render-notification';
import { demoSessions, makeHarness, type DemoSessions, type Harness } from './testing/harness';

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
    const m = (await renderSupervisionNotification(h.ctx, snapshot, { key, kind, recipientId, sessionId }))!;
    expect(m).toMatchObject({ recipientId, key });
    expect(json(m.card)).toContain(title);
    expect(checkCard(m.card).problems).toEqual([]);
    // The feed line: a date, no names, no case ids, no record text.
    expect(m.summary).not.toMatch(/LL-|Helen|Jess|Wellbeing/);
  });

  it('nothing to send for a vanished session or a recipient outside it', async () => {
    const { snapshot } = await h.schedule.load();
    const gone = await renderSupervisionNotification(h.ctx, snapshot, { key: 'k', kind: 'prep', recipientId: 'fsw-hadley-1', sessionId: 'nope' });
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
