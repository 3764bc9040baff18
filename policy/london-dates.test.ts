import { londonDateOf, londonInstant, WorkingCalendar } from './calendar';
import { cachedLondonDate, cachedLondonInstant, workingDayMath } from './london-dates';

describe('the London-date memo', () => {
  it('gives the exact conversion, in any instant form, across both clock changes', () => {
    const moments = [
      '2026-03-29T00:59:59Z', // the last second of GMT
      '2026-03-29T01:00:00Z', // 02:00 BST
      '2026-10-24T22:59:59.999Z', // 23:59 BST on the 24th
      '2026-10-24T23:00:00Z', // 00:00 BST on the 25th
      '2026-10-25T00:30:00Z', // 01:30 BST, then the clocks go back
      '2026-10-25T01:30:00Z', // 01:30 GMT
      '2026-11-24T23:30:00+00:00',
      '2026-06-30T23:30:00.000Z', // 00:30 BST on 1 July
      '2026-06-30T23:30Z',
    ];
    for (const at of moments) {
      expect(cachedLondonDate(at)).toBe(londonDateOf(at));
      expect(cachedLondonDate(at)).toBe(londonDateOf(at)); // and again, from the memo
    }
  });

  it('reads the date off a UTC instant exactly as the time-zone database converts it', () => {
    // Every hour of days across BST changes, double summer time (1941-45: two hours ahead),
    // leap days and dates Date.parse rolls over (30 February is 1 March), in both Z forms.
    const days = [
      '1944-06-30',
      '1944-12-31',
      '1996-03-30',
      '2024-02-29',
      '2024-02-30',
      '2023-02-29',
      '2026-03-28',
      '2026-03-29',
      '2026-06-30',
      '2026-10-24',
      '2026-10-25',
      '2026-12-31',
      '2100-02-29',
    ];
    for (const d of days)
      for (let h = 0; h < 24; h++)
        for (const tail of [':30:00Z', ':59:59.999Z']) {
          const at = `${d}T${String(h).padStart(2, '0')}${tail}`;
          expect([at, cachedLondonDate(at)]).toEqual([at, londonDateOf(at)]);
        }
  });

  it('refuses a string that is no instant', () => {
    expect(() => cachedLondonDate('not a date')).toThrow(RangeError);
  });

  it('gives the exact London wall-clock instant, memoised', () => {
    for (const [d, t] of [
      ['2026-03-29', '01:30'],
      ['2026-03-29', '03:00'],
      ['2026-10-25', '01:30'],
      ['2026-11-24', '09:00'],
    ] as const) {
      expect(cachedLondonInstant(d, t)).toBe(londonInstant(d, t));
      expect(cachedLondonInstant(d, t)).toBe(londonInstant(d, t));
    }
  });

  it('sums working days as the calendar does', () => {
    const calendar = new WorkingCalendar();
    const math = workingDayMath(calendar);
    expect(math.add('2026-12-24', 2)).toBe(calendar.addWorkingDays('2026-12-24', 2));
    expect(math.subtract('2026-12-29', 3)).toBe(calendar.subtractWorkingDays('2026-12-29', 3));
  });
});
