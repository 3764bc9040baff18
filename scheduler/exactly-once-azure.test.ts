/**
 * Exactly once on the scale-out store: two scheduler instances, each with its own
 * AzureTableKv client on one Azurite table, tick the same moments interleaved; every
 * notification is sent once, and a claim left by a crash is sent once after its lease.
 */
import { londonInstant } from '../policy/calendar';
import { PROFILES } from '../policy/profiles';
import { ManualClock } from '../ports/clock';
import { azuriteForSuite, tableForTwoInstances } from '../test/azurite-suite';
import { Ledger } from '../delivery/ledger';
import { runTick } from './tick';
import { RecordingNotifier } from './testing/fake-time';
import { fixedFindings, instance, StaticSource } from './testing/harness';
import { finding, oneToOne, smallOrg } from './testing/org';

describe('exactly once over Azure Table Storage (Azurite)', () => {
  const azurite = azuriteForSuite();

  it('two instances, interleaved ticks: each notification once; a crashed claim once after the lease', async () => {
    const [kvA, kvB] = await tableForTwoInstances(azurite(), 'sched');
    const org = smallOrg();
    org.sessions.push(
      oneToOne('s-prep', '2026-11-26', '10:00'),
      oneToOne('s-past', '2026-11-23', '14:00'),
      oneToOne('s-soon', '2026-12-01', '10:00', { superviseeId: 'fsw-2' }),
    );
    const findings = Array.from({ length: 6 }, (_, i) =>
      finding('record-overdue', `s-old-${i}`, '2026-11-18'),
    );
    const clock = new ManualClock(londonInstant('2026-11-24', '09:00'));
    // A third instance claimed one and died before sending.
    await new Ledger(kvB, { clock }).claim(
      'coming-up|s-soon|2026-12-01|supervisee',
      'C',
      10 * 60_000,
    );
    const teams = new RecordingNotifier(() => clock.now().getTime());
    const source = new StaticSource(org);
    const a = instance(
      'A',
      kvA,
      clock,
      teams,
      source,
      PROFILES['telford-sf'],
      fixedFindings(findings),
    );
    const b = instance(
      'B',
      kvB,
      clock,
      teams,
      source,
      PROFILES['telford-sf'],
      fixedFindings(findings),
    );
    for (let i = 0; i < 3; i++) {
      await Promise.all([runTick(a), runTick(b), runTick(b), runTick(a)]);
      clock.advance(3 * 60_000);
    }
    // 9 minutes on: the crashed claim's 10-minute lease still holds.
    expect(teams.delivered()).not.toContain('coming-up|s-soon|2026-12-01|supervisee');
    clock.advance(60_000);
    await Promise.all([runTick(a), runTick(b)]);
    const keys = teams.delivered();
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(
      [
        'coming-up|s-soon|2026-12-01|supervisee',
        'coming-up|s-soon|2026-12-01|supervisor',
        'confirm-request|s-past|2026-11-23',
        'digest|sm-1|2026-11-24',
        'prep|s-prep|2026-11-26|supervisee',
        'prep|s-prep|2026-11-26|supervisor',
        // The L0 reminders, many at once for one person: their one catch-up digest (issue 17).
        'digest|tl-1|2026-11-24',
      ].sort(),
    );
    await kvA.close();
    await kvB.close();
  }, 120_000);
});
