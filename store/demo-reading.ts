/**
 * Where the demo (`npm run dev`, DEMO=true) keeps its bookkeeping in the store: namespace
 * `demo`, key `seeded` (bot/demo-seed.ts) and key `clock`, the demo clock's last reading
 * (bot/demo-clock.ts). Here, below bot/ and cli/, so `tick --embedded` can read the reading.
 */
import type { Instant } from '../policy/domain';
import type { KvStore } from '../ports/kv-store';

export const DEMO_NS = 'demo';
export const DEMO_CLOCK_KEY = 'clock';

/** The demo clock's last saved reading, if this store is a demo store. */
export async function lastDemoReading(kv: KvStore): Promise<Instant | undefined> {
  const e = await kv.get(DEMO_NS, DEMO_CLOCK_KEY);
  const at = (e?.value as { at?: unknown } | undefined)?.at;
  return typeof at === 'string' ? at : undefined;
}
