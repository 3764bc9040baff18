import { WorkingCalendar, defaultCalendar } from './calendar';
import type { RotaDay } from './domain';
import type { TriageSettings } from './profile';
import {
  fairShareFor,
  imbalancedMembers,
  memberBalance,
  rotaByDate,
  uncoveredDays,
} from './triage-coverage';

const settings: TriageSettings = {
  memberRoles: ['team-leader', 'senior-practitioner'],
  fairShareDays: 2.5,
  imbalanceTolerance: 1,
  monthsAhead: 2,
  hubs: ['Hadley Castle', 'The Wrekin', 'Lakeside South'],
  deskHours: { start: '09:00', end: '17:00' },
  meetingsByTerm: [],
  source: 'test',
};

const row = (date: string, memberId?: string, status: RotaDay['status'] = 'planned'): RotaDay => ({
  date,
  hub: 'Hadley Castle',
  status,
  ...(memberId ? { memberId } : {}),
});

describe('uncoveredDays', () => {
  it('skips Christmas 2026 bank holidays and weekends (25, 28 Dec are holidays)', () => {
    // 21–31 Dec 2026: working days 21,22,23,24,29,30,31 (25 Fri BH, 26/27 weekend, 28 Mon substitute BH).
    const rota = [row('2026-12-21', 'a'), row('2026-12-22', 'b'), row('2026-12-24', 'c')];
    expect(uncoveredDays(rota, '2026-12-21', '2026-12-31', defaultCalendar)).toEqual([
      '2026-12-23',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
    ]);
  });

  it('treats a blank member and a sick row without cover as uncovered, sick with cover as covered', () => {
    const rota = [
      row('2027-03-22', 'a'),
      row('2027-03-23'),
      row('2027-03-24', undefined, 'sick'),
      row('2027-03-25', 'b', 'sick'),
      row('2027-03-26', undefined), // Good Friday: never a rota day
      row('2027-03-30', '  ', 'planned'),
    ];
    expect(uncoveredDays(rota, '2027-03-22', '2027-03-31', defaultCalendar)).toEqual([
      '2027-03-23',
      '2027-03-24',
      '2027-03-30',
      '2027-03-31',
    ]);
  });

  it('a member recorded as absent that day leaves the day uncovered (any absence reason)', () => {
    const rota = [row('2027-01-04', 'a'), row('2027-01-05', 'a'), row('2027-01-06', 'b')];
    const away = [
      { staffId: 'a', from: '2027-01-05', to: '2027-01-08', reason: 'sickness' as const },
    ];
    expect(uncoveredDays(rota, '2027-01-04', '2027-01-06', defaultCalendar)).toEqual([]);
    expect(uncoveredDays(rota, '2027-01-04', '2027-01-06', defaultCalendar, away)).toEqual([
      '2027-01-05',
    ]);
  });

  it('a duplicate blank row never hides real cover', () => {
    const rota = [row('2026-11-24', 'a'), row('2026-11-24')];
    expect(rotaByDate(rota).get('2026-11-24')?.memberId).toBe('a');
    expect(uncoveredDays(rota, '2026-11-24', '2026-11-24', defaultCalendar)).toEqual([]);
  });

  it('honours an organisation extra holiday', () => {
    const cal = new WorkingCalendar({ extraHolidays: ['2026-11-25'] });
    expect(uncoveredDays([], '2026-11-24', '2026-11-26', cal)).toEqual([
      '2026-11-24',
      '2026-11-26',
    ]);
  });
});

describe('memberBalance', () => {
  it('uses the policy 2.5 days with a full complement', () => {
    // December 2026 has 21 working days (23 weekdays less 25 and 28 Dec).
    expect(defaultCalendar.workingDaysInRange('2026-12-01', '2026-12-31')).toHaveLength(21);
    const members = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9'];
    expect(fairShareFor(21, members.length, settings)).toBe(2.5);
  });

  it('scales the share up when the team is short and counts only working days', () => {
    const days = defaultCalendar.workingDaysInRange('2026-12-01', '2026-12-31');
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    // Round-robin, plus stray rows on Christmas Day and a Saturday that must not count.
    const rota = days.map((d, i) => row(d, ids[i % 6]));
    rota.push(row('2026-12-25', 'a'), row('2026-12-05', 'a'));
    const bal = memberBalance(rota, ids, '2026-12', settings, defaultCalendar);
    expect(bal.map((b) => b.fairShare)).toEqual([3.5, 3.5, 3.5, 3.5, 3.5, 3.5]);
    expect(bal.map((b) => b.days)).toEqual([4, 4, 4, 3, 3, 3]);
    expect(bal[0]).toEqual({ memberId: 'a', days: 4, fairShare: 3.5, diff: 0.5 });
    expect(imbalancedMembers(bal, settings)).toEqual([]);
  });

  it('flags a member far from their share; days by non-members count for nobody', () => {
    const days = defaultCalendar.workingDaysInRange('2027-03-01', '2027-03-31'); // 21 (26, 29 Mar BH)
    expect(days).toHaveLength(21);
    const rota = days.map((d, i) => row(d, i < 10 ? 'a' : i < 12 ? 'b' : 'leaver'));
    const bal = memberBalance(rota, ['a', 'b', 'c'], '2027-03', settings, defaultCalendar);
    expect(bal).toEqual([
      { memberId: 'a', days: 10, fairShare: 7, diff: 3 },
      { memberId: 'b', days: 2, fairShare: 7, diff: -5 },
      { memberId: 'c', days: 0, fairShare: 7, diff: -7 },
    ]);
    expect(imbalancedMembers(bal, settings).map((b) => b.memberId)).toEqual(['a', 'b', 'c']);
  });

  it('no members gives an empty list', () => {
    expect(memberBalance([], [], '2026-12', settings, defaultCalendar)).toEqual([]);
  });
});
