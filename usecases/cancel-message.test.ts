/**
 * Cancelling tells the other party (002 App D: "the onus is on the person who needs to make the
 * change to notify the other"; CONTRACT "Cancelling tells the other party"): a one-to-one
 * cancelled and moved from the confirm card is a message to the supervisee with the reason and
 * the new date, whoever cancelled it, delivered once through the durable outbox and the ledger.
 */
import { MessageDelivery } from '../delivery/event-messages';
import { checkCard } from '../cards/testing/parse-card';
import type { ManualClock } from '../ports/clock';
import { RecordingLogger } from '../ports/logger';
import { Ledger } from '../delivery/ledger';
import { SendQueue } from '../delivery/send-queue';
import { RecordingNotifier, timeFromClock } from '../scheduler/testing/fake-time';
import { runCardAction } from '../present/card-actions';
import type { CardActionResult } from '../present/card-types';
import { demoSessions, makeHarness, request, type Harness } from './testing/harness';

const SUPERVISOR = 'tl-hadley';
const SUPERVISEE = 'fsw-hadley-1';
const LINE_MANAGER = 'sm-1';
let PAST: string;
beforeAll(async () => {
  ({ past: PAST } = await demoSessions());
});

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

const cancel = () => ({
  sessionId: PAST,
  cancelReason: 'Supervisor called to a strategy meeting',
  newDate: '2026-11-27',
  newTime: '14:00',
});

function delivery() {
  const clock = h.clock as ManualClock;
  const notifier = new RecordingNotifier(() => clock.now().getTime());
  const queue = new SendQueue(notifier, { time: timeFromClock(clock) });
  const ledger = new Ledger(h.kv, { clock });
  const d = new MessageDelivery({ ledger, queue, owner: 'A', logger: new RecordingLogger() });
  return { notifier, d };
}

const messagesOf = (r: CardActionResult) => (r.kind === 'card' ? (r.messages ?? []) : []);

describe('002 App D: cancelling a one-to-one tells the other party', () => {
  it('the supervisor cancels: the supervisee gets the reason and the new date, once however often it is pressed', async () => {
    const { notifier, d } = delivery();
    const first = await runCardAction(h.ctx, request(SUPERVISOR, 'session.cancelled', cancel()));
    const m = messagesOf(first);
    expect(m.map((x) => x.recipientId)).toEqual([SUPERVISEE]);
    expect(checkCard(m[0]!.card).problems).toEqual([]);
    const text = JSON.stringify(m[0]!.card);
    expect(text).toContain('Supervisor called to a strategy meeting');
    expect(text).toContain('Fri 27 Nov 2026, 14:00');
    expect(text).toContain('Helen Ashford cancelled');
    await d.deliver(m);
    // A second press (or a retried invoke) answers the same and plans the same key.
    const again = await runCardAction(h.ctx, request(SUPERVISOR, 'session.cancelled', cancel()));
    expect(messagesOf(again).map((x) => x.key)).toEqual(m.map((x) => x.key));
    await d.deliver(messagesOf(again));
    await d.idle();
    expect(notifier.sends.map((s) => s.message.recipientId)).toEqual([SUPERVISEE]);
  });

  it('a line manager cancels: the supervisee and the supervisor both hear, and who did it', async () => {
    const r = await runCardAction(h.ctx, request(LINE_MANAGER, 'session.cancelled', cancel()));
    const m = messagesOf(r);
    expect(m.map((x) => x.recipientId).sort()).toEqual([SUPERVISEE, SUPERVISOR].sort());
    for (const x of m) expect(JSON.stringify(x.card)).toMatch(/cancelled this supervision/);
  });

  it('held or not held: no cancellation message', async () => {
    const r = await runCardAction(
      h.ctx,
      request(SUPERVISOR, 'session.not-held', { sessionId: PAST, notHeldReason: 'Off sick' }),
    );
    expect(messagesOf(r).some((x) => x.key.startsWith('session-cancelled|'))).toBe(false);
  });
});
