/**
 * The outbox on the scale-out store: a Teams-limit-sized card (~28 KB, non-ASCII text, one
 * Azure entity split over binary properties) survives the round trip through Azurite intact,
 * and two instances with their own clients on one table resend it once.
 */
import { sampleCards } from '../cards/testing/sample-cards';
import { MessageDelivery } from './event-messages';
import { londonInstant } from '../policy/calendar';
import { PROFILES } from '../policy/profiles';
import { ManualClock } from '../ports/clock';
import { silentLogger } from '../ports/logger';
import type { OutboundMessage } from '../ports/notifier';
import { AzureTableKv } from '../store/azure-table-kv';
import { azuriteForSuite, tableForTwoInstances } from '../test/azurite-suite';
import { Ledger } from './ledger';
import { OUTBOX_NS, Outbox } from './outbox';
import { SendQueue } from './send-queue';
import { RecordingNotifier, timeFromClock } from '../scheduler/testing/fake-time';
import { fixedFindings, instance, StaticSource } from '../scheduler/testing/harness';
import { smallOrg } from '../scheduler/testing/org';
import { runTick } from '../scheduler/tick';

/** The largest sample card, padded with realistic text up to Teams' ~28 KB payload limit. */
function realisticCard(): Record<string, unknown> {
  const cards = sampleCards(PROFILES['telford-sf']).map((c) => c.card);
  const size = (c: unknown) => Buffer.byteLength(JSON.stringify(c), 'utf8');
  const card = structuredClone(cards.sort((x, y) => size(y) - size(x))[0]!);
  const body = card.body as unknown[];
  let i = 0;
  while (size(card) < 27_500) {
    body.push({
      type: 'TextBlock',
      wrap: true,
      text: `Note ${i++}: Zoë's plan — “review in 4 weeks” ✓ 家庭 | a/b\\c #d ?e ~f %g `.repeat(4),
    });
  }
  return card;
}

describe('outbox over Azure Table Storage (Azurite)', () => {
  const azurite = azuriteForSuite();

  it('a ~28 KB card survives in the outbox and two instances resend it once', async () => {
    const [kvA, kvB] = await tableForTwoInstances(azurite(), 'outbox');
    const clock = new ManualClock(londonInstant('2026-11-24', '10:00'));
    const card = realisticCard();
    const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
    expect(bytes).toBeGreaterThan(27_000);
    expect(bytes).toBeLessThan(28 * 1024);
    // A realistic key: the sickness request id carries an ISO instant (colons, dots).
    const m: OutboundMessage = {
      recipientId: 'tl-1',
      key: 'triage-sick|sick|2026-11-25|2026-11-24T09:58:01.123Z|ask|tl-1',
      summary: 'Triage cover needed on Wed 25 Nov: Zoë is off sick',
      card,
    };

    const failing = new RecordingNotifier(
      () => clock.now().getTime(),
      () => ({ status: 'failed', code: '503' }),
    );
    const origin = new MessageDelivery({
      ledger: new Ledger(kvA, { clock }),
      queue: new SendQueue(failing, { time: timeFromClock(clock) }),
      owner: 'O',
      logger: silentLogger,
    });
    expect(await origin.deliver([m])).toEqual([{ key: m.key, outcome: 'failed:503' }]);

    // Read back through the other client: the content is intact.
    const stored = await new Outbox(kvB, clock).get(m.key);
    expect(stored?.message).toEqual(m);
    expect((await kvB.list(OUTBOX_NS)).map((e) => e.key)).toEqual([m.key]);

    const teams = new RecordingNotifier(() => clock.now().getTime());
    const mk = (owner: string, kv: AzureTableKv) =>
      instance(
        owner,
        kv,
        clock,
        teams,
        new StaticSource(smallOrg()),
        PROFILES['telford-sf'],
        fixedFindings([]),
      );
    clock.advance(5 * 60_000);
    for (let i = 0; i < 2; i++) {
      await Promise.all([runTick(mk('A', kvA)), runTick(mk('B', kvB)), runTick(mk('B', kvB))]);
      clock.advance(6 * 60_000);
    }
    expect(teams.delivered()).toEqual([m.key]);
    expect(teams.sends[0]!.message).toEqual(m);
    expect(await kvA.list(OUTBOX_NS)).toEqual([]);
    expect(await new Ledger(kvA, { clock }).get(m.key)).toMatchObject({ state: 'sent' });
    await kvA.close();
    await kvB.close();
  }, 120_000);
});
