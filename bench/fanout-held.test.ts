import { serviceHeldMs } from './fanout-held';

describe('serviceHeldMs (the fan-out bench busy period)', () => {
  it('counts the end of a burst where the only message left waits out its Retry-After', () => {
    // Three people: two reached at 0 and 100; the third refused at 100, held until 1,100,
    // reached at 1,120.
    expect(serviceHeldMs(3, [0, 100, 1120], [[100, 1100]])).toBe(1000);
  });

  it('counts nothing while another message could still be sent', () => {
    // Four people: one refused at 50 (held until 1,050) while the fourth is still to be sent.
    expect(serviceHeldMs(4, [0, 200, 1060, 1070], [[50, 1050]])).toBe(0);
    // Three people: the hold starts once the others are reached (200), not at the refusal.
    expect(serviceHeldMs(3, [0, 200, 1060], [[50, 1050]])).toBe(1050 - 200);
  });

  it('stops counting when a message is reached before its Retry-After ended', () => {
    // Refused at 100 until 1,100, but sent again early and reached at 150: 50 ms held, not 1,000.
    expect(serviceHeldMs(3, [0, 100, 150], [[100, 1100]])).toBe(50);
  });

  it('adds up a hold, a second refusal of the same message, and its second hold', () => {
    // The last message refused at 100 (until 1,100) and again at 1,110 (until 2,110).
    expect(
      serviceHeldMs(
        2,
        [0, 2120],
        [
          [100, 1100],
          [1110, 2110],
        ],
      ),
    ).toBe(2000);
  });
});
