import { WorkingCalendar } from './calendar';
import {
  DEFAULT_WORKING_HOURS as WH,
  isWithinWorkingHours,
  nextWorkingMoment,
  parseWorkingHours,
} from './working-hours';

const cal = new WorkingCalendar();

describe('working hours (Europe/London)', () => {
  it('is inside 08:30–17:30 London on a weekday, in GMT and in BST', () => {
    expect(isWithinWorkingHours('2026-11-24T08:30:00Z', WH, cal)).toBe(true); // GMT
    expect(isWithinWorkingHours('2026-11-24T08:29:00Z', WH, cal)).toBe(false);
    expect(isWithinWorkingHours('2026-11-24T17:30:00Z', WH, cal)).toBe(false);
    expect(isWithinWorkingHours('2026-06-10T07:30:00Z', WH, cal)).toBe(true); // 08:30 BST
    expect(isWithinWorkingHours('2026-06-10T16:30:00Z', WH, cal)).toBe(false); // 17:30 BST
  });

  it('moves a night-time moment to the next working morning', () => {
    expect(nextWorkingMoment('2026-11-24T22:00:00Z', WH, cal)).toBe('2026-11-25T08:30:00.000Z');
    expect(nextWorkingMoment('2026-11-25T03:00:00Z', WH, cal)).toBe('2026-11-25T08:30:00.000Z');
    // Friday evening → Monday morning
    expect(nextWorkingMoment('2026-11-27T18:00:00Z', WH, cal)).toBe('2026-11-30T08:30:00.000Z');
  });

  it('skips Christmas 2026 and Easter 2027 bank holidays', () => {
    // Thu 24 Dec 2026 evening → Fri 25 (Christmas), Mon 28 (Boxing Day substitute) → Tue 29 Dec
    expect(nextWorkingMoment('2026-12-24T18:00:00Z', WH, cal)).toBe('2026-12-29T08:30:00.000Z');
    // Thu 25 Mar 2027 evening → Good Friday 26 Mar, Easter Monday 29 Mar → Tue 30 Mar (BST 08:30)
    expect(nextWorkingMoment('2027-03-25T18:00:00Z', WH, cal)).toBe('2027-03-30T07:30:00.000Z');
  });

  it('follows the clock changes: the first morning after the spring change is 07:30 UTC', () => {
    // Clocks go forward Sun 28 Mar 2027; Fri 26 is Good Friday; Mon 29 Easter Monday.
    expect(nextWorkingMoment('2027-03-27T12:00:00Z', WH, cal)).toBe('2027-03-30T07:30:00.000Z');
    // Clocks go back Sun 25 Oct 2026: Friday evening → Monday 08:30 GMT
    expect(nextWorkingMoment('2026-10-23T17:00:00Z', WH, cal)).toBe('2026-10-26T08:30:00.000Z');
  });

  it('is configurable and validated', () => {
    const wh = parseWorkingHours({ start: '09:00', end: '17:00', days: [1, 2, 3, 4] });
    expect(nextWorkingMoment('2026-11-26T18:00:00Z', wh, cal)).toBe('2026-11-30T09:00:00.000Z'); // Thu → Mon
    expect(() => parseWorkingHours({ start: '18:00', end: '09:00' })).toThrow(/before end/);
    expect(() => parseWorkingHours({ start: '9am' })).toThrow(/HH:mm/);
  });
});
