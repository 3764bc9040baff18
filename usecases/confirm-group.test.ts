/**
 * Confirming a group session (CONTRACT "Group supervision and the ASYE"): the leader answers
 * "Held" and ticks who attended (Adaptive Card 1.5 Input.ChoiceSet, multi-select, submitted
 * through Action.Execute as comma-separated ids); the attendance lands in `attendees`.
 */
import { londonInstant } from '../policy/calendar';
import type { Session } from '../policy/domain';
import { checkCard } from '../cards/testing/parse-card';
import { planNotifications } from '../scheduler/plan';
import { emptyEscalationState } from '../policy/escalation-ladder';
import { runCardAction } from '../present/card-actions';
import type { CardActionResult } from '../present/card-types';
import { renderSupervisionNotification } from '../present/render-notification';
import { makeHarness, request, type Harness } from './testing/harness';

const LEADER = 'tl-hadley';
const GROUP: Session = {
  id: 'grp-1',
  superviseeId: '',
  supervisorId: LEADER,
  kind: 'group',
  scheduledStart: londonInstant('2026-11-23', '14:00'),
  plannedMinutes: 90,
  status: 'scheduled',
};

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
  const r = await h.schedule.createSession(GROUP);
  if (!r.ok) throw new Error(r.message);
});
afterEach(() => h.close());

function card(r: CardActionResult) {
  if (r.kind !== 'card')
    throw new Error(`expected a card, got ${r.kind}: ${'message' in r ? r.message : ''}`);
  expect(checkCard(r.card).problems).toEqual([]);
  return r;
}

function findInput(node: unknown, id: string): Record<string, unknown> | null {
  if (!node || typeof node !== 'object') return null;
  const o = node as Record<string, unknown>;
  if (o.id === id) return o;
  for (const v of Object.values(o)) {
    const found = Array.isArray(v)
      ? v.map((x) => findInput(x, id)).find((x) => x)
      : findInput(v, id);
    if (found) return found;
  }
  return null;
}

describe('group session: confirm card and attendance', () => {
  it('is planned as a confirm request to the leader, whose card offers their team as tick boxes', async () => {
    const { snapshot } = await h.schedule.load();
    const planned = planNotifications(
      snapshot,
      [],
      h.ctx.profile,
      '2026-11-24T09:30:00.000Z',
      h.ctx.calendar,
      emptyEscalationState(),
    ).filter((p) => p.sessionId === GROUP.id);
    expect(planned.map((p) => [p.kind, p.recipientId])).toEqual([['confirm-request', LEADER]]);
    const msg = await renderSupervisionNotification(h.ctx, snapshot, planned[0]!);
    expect(checkCard(msg!.card).problems).toEqual([]);
    const tick = findInput(msg!.card, 'attendees')!;
    expect(tick).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true, style: 'expanded' });
    const values = (tick.choices as Array<{ value: string }>).map((c) => c.value);
    expect(values).toEqual(expect.arrayContaining(['fsw-hadley-1', 'fsw-hadley-2', 'sp-hadley']));
    expect(values).not.toContain(LEADER);
    expect(JSON.stringify(msg!.card)).toContain('Group supervision led by Helen Ashford');
    // No agreed-action rows on a group card.
    expect(findInput(msg!.card, 'action1Text')).toBeNull();
  });

  it('Held with ticks records the attendees once; a repeat press changes nothing', async () => {
    let loads = 0;
    const load = h.schedule.load.bind(h.schedule);
    h.schedule.load = () => {
      loads++;
      return load();
    };
    const data = {
      sessionId: GROUP.id,
      heldMinutes: '90',
      attendees: 'fsw-hadley-2,fsw-hadley-1',
    };
    const r = card(await runCardAction(h.ctx, request(LEADER, 'session.held', data)));
    const s = (await h.schedule.getSession(GROUP.id))!.value;
    expect(s).toMatchObject({
      status: 'held',
      heldMinutes: 90,
      attendees: ['fsw-hadley-1', 'fsw-hadley-2'],
    });
    expect(JSON.stringify(r.card)).toContain('Jess Morgan');
    // No record to complete and sign for a group.
    expect(r.messages ?? []).toEqual([]);
    card(await runCardAction(h.ctx, request(LEADER, 'session.held', data)));
    expect(h.counts.sessionUpdates[GROUP.id]).toBe(1);
    // A press reads the leader's team through the store's indexes, never the organisation.
    expect(loads).toBe(0);
    // The group session reads back through the embedded store with its attendance.
    const loaded = await h.schedule.load();
    expect(loaded.snapshot.sessions.find((x) => x.id === GROUP.id)!.attendees).toEqual([
      'fsw-hadley-1',
      'fsw-hadley-2',
    ]);
  });

  it('nobody ticked, or someone not on the card, is refused without writing', async () => {
    const none = await runCardAction(
      h.ctx,
      request(LEADER, 'session.held', { sessionId: GROUP.id, heldMinutes: '90' }),
    );
    expect(none).toMatchObject({ kind: 'invalid' });
    const stranger = await runCardAction(
      h.ctx,
      request(LEADER, 'session.held', {
        sessionId: GROUP.id,
        heldMinutes: '90',
        attendees: 'fsw-hadley-1,someone-else',
      }),
    );
    expect(stranger).toMatchObject({ kind: 'invalid' });
    expect(h.counts.sessionUpdates[GROUP.id]).toBeUndefined();
  });
});
