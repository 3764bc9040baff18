import { runPool } from './pool';

/** Items that finish only when the test says so, recording how many run at once. */
function gatedItems(n: number) {
  const gates: Array<() => void> = [];
  let inFlight = 0;
  let peak = 0;
  const started: number[] = [];
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      started.push(i);
      inFlight++;
      peak = Math.max(peak, inFlight);
      gates[i] = () => {
        inFlight--;
        resolve();
      };
    });
  return { items: Array.from({ length: n }, (_, i) => i), one, gates, started, peak: () => peak };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('runPool', () => {
  it('without a ramp starts `limit` items at once, in order, and runs them all', async () => {
    const g = gatedItems(5);
    const done = runPool(g.items, 3, g.one);
    await tick();
    expect(g.started).toEqual([0, 1, 2]);
    for (let i = 0; i < 5; i++) {
      await tick();
      g.gates[i]!();
    }
    await expect(done).resolves.toEqual({ stopped: false });
    expect(g.started).toEqual([0, 1, 2, 3, 4]);
    expect(g.peak()).toBe(3);
  });

  it('with a ramp starts `initial` workers and adds one per finished item only while wanted', async () => {
    const g = gatedItems(8);
    let wanted = true;
    const done = runPool(g.items, 4, g.one, undefined, { initial: 1, wanted: () => wanted });
    await tick();
    expect(g.started).toEqual([0]);
    g.gates[0]!(); // finishes: the worker takes item 1, and a second worker starts on item 2
    await tick();
    expect(g.started).toEqual([0, 1, 2]);
    wanted = false;
    g.gates[1]!(); // no growth: still two workers
    await tick();
    expect(g.started).toEqual([0, 1, 2, 3]);
    wanted = true;
    for (let i = 2; i < 8; i++) {
      await tick();
      g.gates[i]!();
    }
    await expect(done).resolves.toEqual({ stopped: false });
    expect(g.started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(g.peak()).toBeLessThanOrEqual(4);
  });

  it('grows when an item calls `more`, even while every item so far hangs', async () => {
    const started: number[] = [];
    let queued = 0;
    const one = (i: number, more: () => void) =>
      new Promise<void>(() => {
        started.push(i);
        queued++; // handed on, and never answered
        more();
      });
    void runPool([0, 1, 2, 3, 4, 5], 4, one, undefined, { initial: 1, wanted: () => queued < 3 });
    await tick();
    expect(started).toEqual([0, 1, 2]);
  });

  it('a stopping pool starts nothing new, with or without a ramp', async () => {
    let stop = false;
    const seen: number[] = [];
    const one = async (i: number) => {
      seen.push(i);
      if (i === 1) stop = true;
    };
    const r = await runPool([0, 1, 2, 3], 2, one, () => stop, { initial: 1, wanted: () => true });
    expect(r.stopped).toBe(true);
    expect(seen).toEqual([0, 1]);
  });
});
