/**
 * A press and a person's command read what they touch: on the embedded store they never load
 * the organisation (the indexes answer), and what they show is the same as when the source can
 * only be loaded whole (the fallback, read once per request).
 */
import type { AppContext } from './context';
import { runCardAction } from '../present/card-actions';
import { runCommand } from '../present/commands';
import { demoSessions, makeHarness, request, type Harness } from './testing/harness';

const SUPERVISOR = 'tl-hadley';
const SUPERVISEE = 'fsw-hadley-1';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

/** The same context over a source that can only be loaded whole. */
function wholeOnly(ctx: AppContext): AppContext {
  const source = ctx.source;
  return { ...ctx, source: { load: () => source.load() } };
}

describe('scoped reads', () => {
  it('a Held press, a Sign press, a prep press, `next` and `actions` never load the organisation', async () => {
    const { past, upcoming, halfSigned } = await demoSessions();
    const load = jest.spyOn(h.schedule, 'load');
    const held = await runCardAction(
      h.ctx,
      request(SUPERVISOR, 'session.held', { sessionId: past, heldMinutes: '90' }),
    );
    expect(held.kind).toBe('card');
    const signed = await runCardAction(
      h.ctx,
      request(SUPERVISEE, 'record.sign', { sessionId: halfSigned }),
    );
    expect(signed.kind).toBe('card');
    const prep = await runCardAction(
      h.ctx,
      request(SUPERVISEE, 'session.prep', { sessionId: upcoming }),
    );
    expect(prep.kind).toBe('card');
    for (const who of [SUPERVISOR, SUPERVISEE]) {
      expect((await runCommand(h.ctx, who, 'next')).card).toBeDefined();
      expect((await runCommand(h.ctx, who, 'actions')).card).toBeDefined();
    }
    expect(load).not.toHaveBeenCalled();
  });

  it('answers `next`, `actions` and a prep press as a whole load does', async () => {
    const { upcoming } = await demoSessions();
    const whole = wholeOnly(h.ctx);
    const staff = (await h.schedule.load()).snapshot.staff.map((s) => s.id);
    for (const who of staff) {
      for (const command of ['next', 'actions'])
        expect(await runCommand(h.ctx, who, command)).toEqual(
          await runCommand(whole, who, command),
        );
    }
    const req = request(SUPERVISOR, 'session.prep', { sessionId: upcoming });
    expect(await runCardAction(h.ctx, req)).toEqual(await runCardAction(whole, req));
  });
});
