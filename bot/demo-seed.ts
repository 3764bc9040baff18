/**
 * DEMO=true (embedded store only): on first start, load the demo organisation and move it so
 * its anchor day (a Tuesday) falls in the current week — a whole number of weeks, so weekdays
 * stay weekdays — then import it. Later starts find the marker and leave the data alone (the
 * demo's confirmations and signatures survive restarts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readCsvFolder } from '../contract/read-csv-folder';
import { addDays, daysBetween, dayOfWeek, londonDateOf } from '../policy/calendar';
import type { LocalDate } from '../policy/domain';
import type { Clock } from '../ports/clock';
import type { KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import { DEMO_NS } from '../store/demo-reading';
import { importSnapshot } from '../store/kv-schedule';
import { DEMO_ANCHOR, shiftSnapshot } from '../demo/demo-org';

export { DEMO_ANCHOR };

export { DEMO_NS };

function mondayOf(d: LocalDate): LocalDate {
  return addDays(d, -((dayOfWeek(d) + 6) % 7));
}

/** Days to shift the demo by so the anchor lands in `today`'s week: a multiple of 7. */
export function demoShiftDays(today: LocalDate, anchor: LocalDate = DEMO_ANCHOR): number {
  return daysBetween(mondayOf(anchor), mondayOf(today));
}

/** The CSV folder, from source (ts) or from the compiled tree (dist/), which has no CSVs. */
export function demoOrgDir(): string {
  const candidates = [
    path.join(__dirname, '..', 'test', 'fixtures', 'demo-org'),
    path.join(__dirname, '..', '..', 'test', 'fixtures', 'demo-org'),
  ];
  const found = candidates.find((c) => existsSync(path.join(c, 'staff.csv')));
  if (!found) throw new Error('demo organisation CSVs not found (test/fixtures/demo-org)');
  return found;
}

export async function seedDemo(
  kv: KvStore,
  clock: Clock,
  logger: Logger,
): Promise<{ seeded: boolean; shiftDays: number }> {
  const marker = await kv.get(DEMO_NS, 'seeded');
  if (marker) {
    const shiftDays = (marker.value as { shiftDays?: number }).shiftDays ?? 0;
    logger.info('demo.already-seeded', { shiftDays });
    return { seeded: false, shiftDays };
  }
  const loaded = await readCsvFolder(demoOrgDir());
  const shiftDays = demoShiftDays(londonDateOf(clock.now()));
  const result = await importSnapshot(kv, shiftSnapshot(loaded.snapshot, shiftDays), {
    replace: true,
  });
  await kv.upsert(DEMO_NS, 'seeded', {
    shiftDays,
    at: clock.now().toISOString(),
    problems: result.problems.length,
  });
  logger.info('demo.seeded', {
    shiftDays,
    problems: result.problems.length + loaded.problems.length,
  });
  return { seeded: true, shiftDays };
}
