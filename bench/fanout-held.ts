/**
 * For the fan-out bench's busy period (bench/fanout.ts): how long the service itself kept the
 * sender from sending. At the end of a burst the last refused messages wait out their
 * Retry-After with nothing else left to send; no sender can use that second, so it is not
 * the sender's busy time (with it, even a perfect sender reaches only 0.968-0.984 of 50/s at
 * 3,000 people, depending on where the service's every-tenth count falls).
 */

/**
 * The time (ms) between the first and last delivery when every message still undelivered was
 * waiting out a Retry-After the service had given it. Counted from the server's records alone:
 * a message refused at t with Retry-After r is held over [t, t + r); at a moment when the
 * people not yet reached are exactly as many as the messages held, all of them are. A message
 * reached before its Retry-After ended (a sender retrying early) makes the two counts differ
 * from then on, so nothing after it is counted as held.
 */
export function serviceHeldMs(
  people: number,
  deliveredAt: readonly number[],
  /** [refused at, held until] for every 429. */
  refusals: ReadonlyArray<readonly [number, number]>,
): number {
  if (deliveredAt.length === 0) return 0;
  const events: Array<[number, number, number]> = []; // [time, change in undelivered, in held]
  for (const t of deliveredAt) events.push([t, -1, 0]);
  for (const [from, until] of refusals) if (until > from) events.push([from, 0, 1], [until, 0, -1]);
  events.sort((a, b) => a[0] - b[0]);
  let first = Infinity;
  let last = -Infinity;
  for (const t of deliveredAt) {
    if (t < first) first = t;
    if (t > last) last = t;
  }
  let undelivered = people;
  let held = 0;
  let total = 0;
  for (let i = 0; i < events.length; i++) {
    const [t, du, dh] = events[i]!;
    undelivered += du;
    held += dh;
    const next = i + 1 < events.length ? events[i + 1]![0] : t;
    const from = Math.max(t, first);
    const to = Math.min(next, last);
    if (to > from && held > 0 && undelivered === held) total += to - from;
  }
  return total;
}
