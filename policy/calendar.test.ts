import {
  addDays,
  addMonths,
  dayOfWeek,
  daysBetween,
  defaultCalendar as cal,
  endOfLondonDay,
  londonDateOf,
  londonInstant,
  londonMinutesOfDay,
  parseLocalDate,
  WorkingCalendar,
  lastCompletedMonth,
} from './calendar';

const weekdayHolidays = (y: number) =>
  cal
    .bankHolidays(y)
    .filter((d) => cal.isWorkingDay(addDays(d, 0)) || !cal.isWorkingDay(d))
    .filter((d) => {
      const w = new Date(`${d}T00:00:00Z`).getUTCDay();
      return w !== 0 && w !== 6;
    });

describe('England & Wales bank holidays (CONTRACT "Working days")', () => {
  test('2026: eight weekday bank holidays, Boxing Day substituted to Mon 28 Dec', () => {
    expect(weekdayHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
    expect(cal.isWorkingDay('2026-12-28')).toBe(false);
    expect(cal.isWorkingDay('2026-12-29')).toBe(true);
  });

  test('2027: Christmas and Boxing Day on a weekend are substituted to Mon 27 and Tue 28 Dec', () => {
    expect(weekdayHolidays(2027)).toEqual([
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ]);
  });

  test('weekends are never working days; an ordinary Tuesday is', () => {
    expect(cal.isWorkingDay('2026-11-21')).toBe(false);
    expect(cal.isWorkingDay('2026-11-22')).toBe(false);
    expect(cal.isWorkingDay('2026-11-24')).toBe(true);
  });

  test('an organisation can add a one-off holiday or work a listed one', () => {
    const c = new WorkingCalendar({
      extraHolidays: ['2026-11-24'],
      removedHolidays: ['2026-05-04'],
    });
    expect(c.isWorkingDay('2026-11-24')).toBe(false);
    expect(c.isWorkingDay('2026-05-04')).toBe(true);
  });
});

describe('addWorkingDays: the N-th working day after a day', () => {
  test('over Christmas 2026: 5 working days after Mon 21 Dec is Wed 30 Dec', () => {
    // 22, 23, 24 | 25 Fri BH, 26-27 weekend, 28 Mon substitute | 29, 30
    expect(cal.addWorkingDays('2026-12-21', 5)).toBe('2026-12-30');
  });
  test('over Christmas 2027: 1 working day after Fri 24 Dec is Wed 29 Dec', () => {
    expect(cal.addWorkingDays('2027-12-24', 1)).toBe('2027-12-29');
  });
  test('over Easter 2027: 2 working days after Thu 25 Mar is Wed 31 Mar', () => {
    // 26 Good Friday, 27-28 weekend, 29 Easter Monday | 30, 31
    expect(cal.addWorkingDays('2027-03-25', 2)).toBe('2027-03-31');
  });
  test('0 returns the day itself; negative counts go back', () => {
    expect(cal.addWorkingDays('2026-11-24', 0)).toBe('2026-11-24');
    expect(cal.addWorkingDays('2026-12-29', -1)).toBe('2026-12-24');
  });
  test('workingDaysAfter counts (a, b]', () => {
    expect(cal.workingDaysAfter('2026-12-21', '2026-12-30')).toBe(5);
    expect(cal.workingDaysAfter('2026-12-30', '2026-12-21')).toBe(0);
  });
  test('hasWorkingDaysAfter(a, b, n) is workingDaysAfter >= n (Christmas, Easter, long gaps)', () => {
    expect(cal.hasWorkingDaysAfter('2026-12-24', '2026-12-27')).toBe(false); // Christmas weekend
    expect(cal.hasWorkingDaysAfter('2026-04-02', '2026-04-06')).toBe(false); // Good Friday to Easter Monday
    expect(cal.hasWorkingDaysAfter('2026-04-02', '2026-04-07')).toBe(true);
    for (let i = 0; i < 400; i++) {
      const a = addDays('2026-01-01', (i * 37) % 700);
      const b = addDays(a, ((i * 13) % 40) - 5);
      for (const n of [1, 3, 10])
        expect([a, b, n, cal.hasWorkingDaysAfter(a, b, n)]).toEqual([
          a,
          b,
          n,
          cal.workingDaysAfter(a, b) >= n,
        ]);
    }
  });
});

describe('Europe/London conversions across the clock changes', () => {
  test('spring forward 29 Mar 2026: 00:30 is GMT, 03:00 is BST, 01:30 (in the gap) moves on', () => {
    expect(londonInstant('2026-03-29', '00:30')).toBe('2026-03-29T00:30:00.000Z');
    expect(londonInstant('2026-03-29', '03:00')).toBe('2026-03-29T02:00:00.000Z');
    expect(londonInstant('2026-03-29', '01:30')).toBe('2026-03-29T01:30:00.000Z');
  });
  test('fall back 25 Oct 2026: 01:30 is the first (BST) occurrence; 02:00 is GMT', () => {
    expect(londonInstant('2026-10-25', '01:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(londonInstant('2026-10-25', '02:00')).toBe('2026-10-25T02:00:00.000Z');
  });
  test('23:30 London on a BST day is the same London date though UTC is 22:30', () => {
    const at = londonInstant('2026-07-01', '23:30');
    expect(at).toBe('2026-07-01T22:30:00.000Z');
    expect(londonDateOf(at)).toBe('2026-07-01');
    expect(londonMinutesOfDay(at)).toBe(23 * 60 + 30);
  });
  test('00:30 London in BST is the previous UTC date but the London date', () => {
    expect(londonDateOf('2026-06-30T23:30:00.000Z')).toBe('2026-07-01');
    expect(londonDateOf('2026-12-31T23:30:00.000Z')).toBe('2026-12-31');
  });
  test('2027 changes: 28 Mar and 31 Oct', () => {
    expect(londonInstant('2027-03-28', '12:00')).toBe('2027-03-28T11:00:00.000Z');
    expect(londonInstant('2027-03-27', '12:00')).toBe('2027-03-27T12:00:00.000Z');
    expect(londonInstant('2027-10-31', '12:00')).toBe('2027-10-31T12:00:00.000Z');
    expect(londonInstant('2027-10-30', '12:00')).toBe('2027-10-30T11:00:00.000Z');
  });
  test('the end of a London day is the next day 00:00 London (23 hours long on 29 Mar 2026)', () => {
    expect(endOfLondonDay('2026-03-28')).toBe('2026-03-29T00:00:00.000Z');
    expect(endOfLondonDay('2026-03-29')).toBe('2026-03-29T23:00:00.000Z');
  });
});

describe('dates', () => {
  test('day counts are whole calendar days (1 March to 29 March is 28), even across a clock change', () => {
    expect(daysBetween('2026-03-01', '2026-03-29')).toBe(28);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });
  test('addMonths clamps to the month end', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2026-11-24', 2)).toBe('2027-01-24');
  });
  test('parseLocalDate rejects impossible dates', () => {
    expect(parseLocalDate('2026-02-29')).toBeNull();
    expect(parseLocalDate('2028-02-29')).toBe('2028-02-29');
    expect(parseLocalDate('24/11/2026')).toBeNull();
  });
});

describe('firstMondayCheckDay (003 Triage Cover: rota checked on the first Monday)', () => {
  test('May 2026: the first Monday (4 May) is a bank holiday, so Tuesday 5 May', () => {
    expect(cal.firstMondayCheckDay('2026-05')).toBe('2026-05-05');
  });
  test('May 2027: 3 May is a bank holiday, so Tuesday 4 May', () => {
    expect(cal.firstMondayCheckDay('2027-05')).toBe('2027-05-04');
  });
  test('an ordinary month: June 2026 starts on a Monday', () => {
    expect(cal.firstMondayCheckDay('2026-06')).toBe('2026-06-01');
    expect(cal.firstMondayCheckDay('2026-12')).toBe('2026-12-07');
  });
});

describe('lastCompletedMonth (as of the end of the day)', () => {
  test("a month's last day completes it; any other day leaves the previous month", () => {
    expect(lastCompletedMonth('2026-02-28')).toBe('2026-02');
    expect(lastCompletedMonth('2026-03-01')).toBe('2026-02');
    expect(lastCompletedMonth('2027-01-30')).toBe('2026-12');
    expect(lastCompletedMonth('2028-02-28')).toBe('2028-01');
  });
});

describe('date arithmetic: the integer fast path agrees with Date.UTC', () => {
  // The reference: what the calendar did before the fast path (and still does off it).
  const RE = /^(\d{4})-(\d{2})-(\d{2})$/;
  const ref = (d: string): number => {
    const m = RE.exec(d);
    if (!m) throw new RangeError(d);
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  };
  const refAdd = (d: string, n: number) =>
    new Date(ref(d) + n * 86_400_000).toISOString().slice(0, 10);

  test('every day from 1950 to 2100 (2000 a leap year, 2100 not), a step either way and a long one', () => {
    // Mismatches collected and compared once: an expect per day would take minutes.
    const wrong: unknown[] = [];
    let days = 0;
    for (let d = '1950-01-01'; d <= '2100-12-31'; d = refAdd(d, 1), days++) {
      for (const n of [-400, -1, 0, 1, 31, 366])
        if (addDays(d, n) !== refAdd(d, n)) wrong.push([d, n, addDays(d, n)]);
      if (dayOfWeek(d) !== new Date(ref(d)).getUTCDay()) wrong.push([d, 'dow', dayOfWeek(d)]);
      const between = Math.round((ref(d) - ref('2000-02-29')) / 86_400_000);
      if (daysBetween('2000-02-29', d) !== between) wrong.push([d, 'between']);
    }
    expect(days).toBe(55_152);
    expect(wrong).toEqual([]);
  });

  test('month and day overflow, early years and far years as Date.UTC gives them', () => {
    for (const d of [
      '2026-02-30',
      '2026-13-01',
      '2026-00-10',
      '2026-12-00',
      '2026-99-99',
      '0050-06-01',
      '0100-03-01',
      '0999-12-31',
      '9999-12-31',
      '1600-02-29',
      '1700-02-29',
    ])
      for (const n of [-1, 0, 1, 400])
        expect([d, n, addDays(d, n), dayOfWeek(d)]).toEqual([
          d,
          n,
          refAdd(d, n),
          new Date(ref(d)).getUTCDay(),
        ]);
  });

  test('not a date: the same RangeError as before', () => {
    for (const d of ['2026-1-01', '2026-01-01 ', '２０２６-01-01', '2026/01/01', '', '20260101xx'])
      expect(() => addDays(d, 1)).toThrow(RangeError);
  });
});
