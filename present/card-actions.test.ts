import { checkCard } from '../cards/testing/parse-card';
import { CARD_ACTIONS, runCardAction, supervisionActions } from './card-actions';
import { escalationActions } from './escalation-actions';
import { triageActions } from './triage-actions';
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

describe('runCardAction', () => {
  it('dispatches every verb of the three areas, with no verb claimed twice', () => {
    const all = [supervisionActions, triageActions, escalationActions].flatMap((t) =>
      Object.keys(t),
    );
    expect(new Set(all).size).toBe(all.length);
    expect(Object.keys(CARD_ACTIONS).sort()).toEqual([...all].sort());
    for (const verb of [
      'session.held',
      'session.cancelled',
      'session.not-held',
      'session.refresh',
      'session.prep',
      'record.complete',
      'record.sign',
      'record.disagree',
      'command.run',
    ]) {
      expect(supervisionActions[verb]).toBeInstanceOf(Function);
    }
  });

  it('answers an unknown verb as invalid, without throwing', async () => {
    for (const verb of ['nope', 'toString', '__proto__']) {
      const r = await runCardAction(h.ctx, request('fsw-hadley-1', verb, {}));
      expect(r.kind).toBe('invalid');
    }
  });

  it('session.prep: the role-specific prep prompt', async () => {
    const r = await runCardAction(
      h.ctx,
      request('fsw-hadley-1', 'session.prep', { sessionId: ids.upcoming }),
    );
    expect(r.kind).toBe('card');
    const card = (r as { card: Record<string, unknown> }).card;
    expect(checkCard(card).problems).toEqual([]);
    expect(json(card)).toContain('Prepare for your supervision');
    expect(json(card)).toContain('reassign it to your senior'); // Telford: update & reassign the form
    expect(json(card)).toMatch(/Case LL-\d+/);
    const sup = await runCardAction(
      h.ctx,
      request('tl-hadley', 'session.prep', { sessionId: ids.upcoming }),
    );
    expect(json(sup)).toContain('Case records to review');
    const other = await runCardAction(
      h.ctx,
      request('tl-wrekin', 'session.prep', { sessionId: ids.upcoming }),
    );
    expect(other.kind).toBe('refused');
  });

  it('session.refresh of a sign card is user-specific', async () => {
    const id = ids.halfSigned;
    const mine = await runCardAction(
      h.ctx,
      request('fsw-hadley-1', 'session.refresh', { sessionId: id, card: 'sign' }),
    );
    expect(checkCard((mine as { card: Record<string, unknown> }).card).verbs).toEqual(
      expect.arrayContaining(['record.sign', 'record.disagree']),
    );
    const sup = await runCardAction(
      h.ctx,
      request('tl-hadley', 'session.refresh', { sessionId: id, card: 'sign' }),
    );
    // The supervisor signed already: nothing to press, their state shows.
    expect(checkCard((sup as { card: Record<string, unknown> }).card).verbs).toEqual([
      'session.refresh',
    ]);
    expect(json(sup)).toContain('signed ✓');
  });

  it('command.run: reply-card buttons run the commands', async () => {
    const r = await runCardAction(
      h.ctx,
      request('fsw-hadley-1', 'command.run', { command: 'actions' }),
    );
    expect(json(r)).toContain('My open actions');
    const stranger = await runCardAction(
      h.ctx,
      request('stranger', 'command.run', { command: 'next' }),
    );
    expect(stranger.kind).toBe('card');
    expect(json(stranger)).toContain("can't find you");
  });
});

describe('buttons on a menu keep the menu (issue 17)', () => {
  it('command.run from the help card answers below it, the help card stays', async () => {
    const r = await runCardAction(
      h.ctx,
      request('fsw-hadley-1', 'command.run', { command: 'next', from: 'help' }),
    );
    expect(r.kind).toBe('card');
    const res = r as {
      card: Record<string, unknown>;
      messages?: Array<{ card: unknown; recipientId: string }>;
    };
    expect(JSON.stringify(res.card)).toContain('What I can do');
    expect(res.messages).toHaveLength(1);
    expect(res.messages?.[0]?.recipientId).toBe('fsw-hadley-1');
    expect(JSON.stringify(res.messages?.[0]?.card)).not.toContain('What I can do');
    // Without `from` (older cards) the answer replaces the card, as before.
    const old = await runCardAction(
      h.ctx,
      request('fsw-hadley-1', 'command.run', { command: 'next' }),
    );
    expect((old as { messages?: unknown[] }).messages).toBeUndefined();
  });
});
