import { defaultCalendar as cal, monthOf } from '../policy/calendar';
import { emptySnapshot, type OrgSnapshot, type RotaDay, type Staff } from '../policy/domain';
import { PROFILES, getProfile } from '../policy/profiles';
import { meetingForHub, meetingsOn } from './meetings';
import { readiness } from './readiness';
import { RotaView, horizonEnd } from './rota-view';
import { DEFAULT_ROTA_RULES } from './settings';
import { allHubLeaders, escalateAt, hubColleagues, swapExpiresAt } from './sick-cover';
import { canAcceptSwap, canActAsHolder, canTake } from './swap-rules';
import { addWorkingHours } from '../policy/working-hours';

// The seed's table as the telford-sf profile carries it (003 Multi-agency meeting SOPs).
const TELFORD_TERMS = PROFILES['telford-sf'].triage?.meetingsByTerm ?? [];

const triage = getProfile('telford-sf').triage!;

function staff(id: string, role: Staff['role'], team: string): Staff {
  return {
    id,
    name: `Name ${id}`,
    email: `${id}@example.org`,
    role,
    caseHolding: false,
    employment: 'full-time',
    team,
  };
}

function org(rota: RotaDay[]): OrgSnapshot {
  return {
    ...emptySnapshot(),
    staff: [
      staff('sm-1', 'service-manager', 'Hadley Castle'),
      { ...staff('tl-hadley', 'team-leader', 'Hadley Castle'), supervisorId: 'sm-1' },
      { ...staff('sp-hadley', 'senior-practitioner', 'Hadley Castle'), supervisorId: 'tl-hadley' },
      { ...staff('tl-wrekin', 'team-leader', 'The Wrekin'), supervisorId: 'sm-1' },
      { ...staff('sp-wrekin', 'senior-practitioner', 'The Wrekin'), supervisorId: 'tl-wrekin' },
      { ...staff('tl-lakeside', 'team-leader', 'Lakeside South'), supervisorId: 'sm-1' },
      {
        ...staff('sp-lakeside', 'senior-practitioner', 'Lakeside South'),
        supervisorId: 'tl-lakeside',
      },
      staff('fsw-1', 'practitioner', 'Hadley Castle'),
    ],
    rota,
  };
}

const MEMBERS = ['tl-hadley', 'sp-hadley', 'tl-wrekin', 'sp-wrekin', 'tl-lakeside', 'sp-lakeside'];
const HUB: Record<string, string> = {
  'tl-hadley': 'Hadley Castle',
  'sp-hadley': 'Hadley Castle',
  'tl-wrekin': 'The Wrekin',
  'sp-wrekin': 'The Wrekin',
  'tl-lakeside': 'Lakeside South',
  'sp-lakeside': 'Lakeside South',
};

/** A full round-robin rota over working days in [from, to], except the dates in `skip`. */
function fullRota(from: string, to: string, skip: string[] = []): RotaDay[] {
  return cal.workingDaysInRange(from, to).map((date, i) => {
    const id = MEMBERS[i % MEMBERS.length]!;
    return skip.includes(date)
      ? { date, hub: HUB[id]!, status: 'planned' }
      : { date, hub: HUB[id]!, memberId: id, status: 'planned' };
  });
}

describe('readiness', () => {
  it('first-Monday check day moves off a bank-holiday Monday (found by code in 2026–2028)', () => {
    const found: Array<[string, string]> = [];
    const startsOnBh: string[] = [];
    for (let y = 2026; y <= 2028; y++) {
      for (let m = 1; m <= 12; m++) {
        const month = `${y}-${String(m).padStart(2, '0')}`;
        let d = `${month}-01`;
        while (new Date(`${d}T00:00:00Z`).getUTCDay() !== 1)
          d = `${month}-0${Number(d.slice(8)) + 1}`;
        if (cal.isBankHoliday(d)) found.push([month, cal.firstMondayCheckDay(month)]);
        if (d === `${month}-01` && cal.isBankHoliday(d)) startsOnBh.push(month);
      }
    }
    // Easter Monday 6 Apr 2026, Early May 4 May 2026 / 3 May 2027, New Year substitute
    // 3 Jan 2028, and 1 May 2028 — the only month in 2026–2028 that starts on a bank-holiday Monday.
    expect(found).toEqual([
      ['2026-04', '2026-04-07'],
      ['2026-05', '2026-05-05'],
      ['2027-05', '2027-05-04'],
      ['2028-01', '2028-01-04'],
      ['2028-05', '2028-05-02'],
    ]);
    expect(startsOnBh).toEqual(['2028-05']);
    expect(cal.firstMondayCheckDay('2026-12')).toBe('2026-12-07');
  });

  // CONTRACT "Triage horizon": D up to and including the same date two calendar months later
  // (it was the end of the second month before the contract settled it).
  it('2 May 2028: ready when 2 May (after the bank holiday) to 2 July are covered', () => {
    const rota = fullRota('2028-05-02', '2028-07-02');
    const r = readiness(rota, '2028-05-02', triage, cal);
    expect(r).toMatchObject({
      checkDay: '2028-05-02',
      isCheckDay: true,
      to: '2028-07-02',
      months: ['2028-06', '2028-07'],
      ready: true,
      gaps: [],
    });
    // 29 May (Spring bank holiday) needs no cover; removing a normal day makes a gap.
    expect(rota.some((r) => r.date === '2028-05-29')).toBe(false);
    const gappy = fullRota('2028-05-02', '2028-07-31', ['2028-06-15']);
    expect(readiness(gappy, '2028-05-02', triage, cal)).toMatchObject({
      ready: false,
      gaps: ['2028-06-15'],
    });
  });

  it('Christmas 2026 and Easter 2027 are not gaps on the 7 Dec 2026 check (through 7 Feb 2027)', () => {
    const rota = fullRota('2026-12-07', '2027-02-28');
    const r = readiness(rota, '2026-12-07', triage, cal);
    expect(r.ready).toBe(true);
    // CONTRACT "Triage horizon": D = 2026-12-07 → through 2027-02-07.
    expect(r.to).toBe('2027-02-07');
    expect(readiness(fullRota('2026-12-07', '2027-02-05'), '2026-12-07', triage, cal).ready).toBe(
      true,
    ); // 6 and 7 Feb 2027 are a weekend
    expect(
      readiness(fullRota('2026-12-07', '2027-02-08', ['2027-02-05']), '2026-12-07', triage, cal)
        .gaps,
    ).toEqual(['2027-02-05']);
    // A rota that ends in February fails the 1 March 2027 check: March–May incl. Easter is empty.
    const march = readiness(rota, '2027-03-01', triage, cal);
    expect(march.checkDay).toBe('2027-03-01');
    expect(march.ready).toBe(false);
    expect(march.gaps).not.toContain('2027-03-26'); // Good Friday
    expect(march.gaps).not.toContain('2027-03-29'); // Easter Monday
    expect(march.gaps).toContain('2027-03-30');
    expect(march.gaps).toHaveLength(cal.workingDaysInRange('2027-03-01', '2027-05-01').length);
  });
});

describe('a holder recorded as away', () => {
  // 15 Jun 2028 is held by someone on annual leave 14–16 Jun: nobody is at the desk that day.
  const rota = fullRota('2028-05-02', '2028-07-31');
  const held = rota.find((r) => r.date === '2028-06-15')!;
  const leave = [
    {
      staffId: held.memberId!,
      from: '2028-06-14',
      to: '2028-06-16',
      reason: 'annual-leave' as const,
    },
  ];

  it('makes the day a gap in readiness and in the gaps view, named as such', () => {
    expect(readiness(rota, '2028-05-02', triage, cal).ready).toBe(true);
    const r = readiness(rota, '2028-05-02', triage, cal, leave);
    expect(r.gaps).toEqual(
      ['2028-06-14', '2028-06-15', '2028-06-16'].filter((d) =>
        rota.some((x) => x.date === d && x.memberId === held.memberId),
      ),
    );
    const view = new RotaView({ ...org(rota), absences: leave }, triage, cal);
    expect(view.gaps('2028-06-15', '2028-06-15')).toEqual([
      { date: '2028-06-15', hub: held.hub, reason: 'holder-absent' },
    ]);
  });

  it('lets a colleague take the day; a present holder still blocks', () => {
    const base = { date: '2028-06-15', today: '2028-06-01', calendar: cal, isMember: true };
    const other = MEMBERS.find((m) => m !== held.memberId)!;
    const away = (id: string) => id === held.memberId;
    expect(canTake({ ...base, userId: other, row: held, holderAway: away })).toEqual({ ok: true });
    expect(canTake({ ...base, userId: other, row: held, holderAway: () => false })).toMatchObject({
      code: 'already-covered',
    });
  });
});

describe('RotaView', () => {
  const rota = fullRota('2026-11-02', '2027-01-29', ['2026-12-29']);
  rota.push({ date: '2026-12-30', hub: 'The Wrekin', status: 'sick' });
  const view = new RotaView(
    org(rota.filter((r) => r.date !== '2026-12-30' || !r.memberId)),
    triage,
    cal,
  );

  it('coverFor gives the member, hub and a Teams chat link; weekends are not rota days', () => {
    const c = view.coverFor('2026-11-24');
    expect(c.rotaDay).toBe(true);
    expect(c.member?.contact.teamsChatUrl).toMatch(
      /^https:\/\/teams\.microsoft\.com\/l\/chat\/0\/0\?users=/,
    );
    expect(c.member?.hub).toBe(c.hub);
    expect(view.coverFor('2026-11-28')).toMatchObject({ rotaDay: false, member: null });
    expect(view.coverFor('2026-12-25')).toMatchObject({ rotaDay: false, member: null });
  });

  it('week is Mon–Fri working days; gaps name sick days; horizon is two months ahead', () => {
    expect(view.week('2026-12-26').map((c) => c.date)).toEqual(
      ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01'].filter((d) => cal.isWorkingDay(d)),
    );
    expect(horizonEnd('2026-11-24', 2)).toBe('2027-01-24');
    expect(horizonEnd('2026-12-31', 2)).toBe('2027-02-28');
    expect(view.gaps('2026-11-24', '2027-01-31')).toEqual([
      { date: '2026-12-29', hub: expect.any(String), reason: 'unassigned' },
      { date: '2026-12-30', hub: 'The Wrekin', reason: 'sick' },
    ]);
  });

  it('myDays lists the next n days a member holds', () => {
    const mine = view.myDays('tl-wrekin', '2026-11-24', 3);
    expect(mine).toHaveLength(3);
    expect(mine.every((c) => c.member?.id === 'tl-wrekin' && c.date >= '2026-11-24')).toBe(true);
    expect(mine.map((c) => c.date)).toEqual([...mine.map((c) => c.date)].sort());
  });

  it('balance per month flags only imbalanced members', () => {
    const [dec] = view.balance(['2026-12']);
    expect(dec!.rows.map((r) => r.memberId).sort()).toEqual([...MEMBERS].sort());
    expect(dec!.rows.every((r) => r.fairShare === 3.5)).toBe(true); // 21 working days / 6
    expect(dec!.rows.some((r) => r.imbalanced)).toBe(false);
    expect(monthOf(dec!.month + '-01')).toBe('2026-12');
  });
});

describe('sickness cascade and swap timing', () => {
  const snap = org([]);
  it('asks the hub first, then team leaders of every hub', () => {
    expect(
      hubColleagues(snap, triage, 'The Wrekin', 'tl-wrekin', '2026-11-25').map((s) => s.id),
    ).toEqual(['sp-wrekin']);
    expect(
      allHubLeaders(snap, triage, 'tl-wrekin', '2026-11-25', ['sp-wrekin'])
        .map((s) => s.id)
        .sort(),
    ).toEqual(['tl-hadley', 'tl-lakeside']);
    const absent = {
      ...snap,
      absences: [
        {
          staffId: 'sp-wrekin',
          from: '2026-11-25',
          to: '2026-11-25',
          reason: 'annual-leave' as const,
        },
      ],
    };
    expect(hubColleagues(absent, triage, 'The Wrekin', 'tl-wrekin', '2026-11-25')).toEqual([]);
  });

  it('working hours skip nights, weekends and bank holidays (GMT and BST)', () => {
    // Fri 18 Dec 2026 16:30 GMT + 2h → Mon 21 Dec 10:30.
    expect(addWorkingHours('2026-12-18T16:30:00.000Z', 2, cal, triage.deskHours)).toBe(
      '2026-12-21T10:30:00.000Z',
    );
    // Thu 24 Dec 16:00 + 2h → Tue 29 Dec 10:00 (25, 28 Dec bank holidays).
    expect(addWorkingHours('2026-12-24T16:00:00.000Z', 2, cal, triage.deskHours)).toBe(
      '2026-12-29T10:00:00.000Z',
    );
    // Thu 25 Mar 2027 16:00 GMT + 2h → Tue 30 Mar 10:00 BST (= 09:00Z), across Easter and the clock change.
    expect(addWorkingHours('2027-03-25T16:00:00.000Z', 2, cal, triage.deskHours)).toBe(
      '2027-03-30T09:00:00.000Z',
    );
  });

  it('escalation: two desk hours, or 10:00 on the day itself', () => {
    // Reported 08:00 on the day: 10:00 (same-day cap) beats 11:00.
    expect(
      escalateAt('2026-11-24T08:00:00.000Z', '2026-11-24', DEFAULT_ROTA_RULES, triage, cal),
    ).toBe('2026-11-24T10:00:00.000Z');
    // Reported the afternoon before: 2 desk hours (10:00 next day is the same here).
    expect(
      escalateAt('2026-11-23T14:00:00.000Z', '2026-11-25', DEFAULT_ROTA_RULES, triage, cal),
    ).toBe('2026-11-23T16:00:00.000Z');
    // Reported at 11:00 on the day: already past 10:00, leaders asked at once.
    expect(
      escalateAt('2026-11-24T11:00:00.000Z', '2026-11-24', DEFAULT_ROTA_RULES, triage, cal) <=
        '2026-11-24T11:00:00.000Z',
    ).toBe(true);
    // Swap offered the day before at 15:00: waits until 09:00 on the day.
    expect(
      swapExpiresAt('2026-11-24T15:00:00.000Z', '2026-11-25', DEFAULT_ROTA_RULES, triage, cal),
    ).toBe('2026-11-25T09:00:00.000Z');
    // Swap offered on the day at 11:00: until the desk closes.
    expect(
      swapExpiresAt('2026-11-24T11:00:00.000Z', '2026-11-24', DEFAULT_ROTA_RULES, triage, cal),
    ).toBe('2026-11-24T17:00:00.000Z');
  });

  it('swap rules: holder only, member only, day never emptied', () => {
    const base = { date: '2026-11-25', today: '2026-11-24', calendar: cal, isMember: true };
    const row: RotaDay = {
      date: '2026-11-25',
      hub: 'The Wrekin',
      memberId: 'tl-wrekin',
      status: 'planned',
    };
    expect(canActAsHolder({ ...base, userId: 'tl-wrekin', row })).toEqual({ ok: true });
    expect(canActAsHolder({ ...base, userId: 'sp-wrekin', row })).toMatchObject({
      ok: false,
      code: 'not-the-holder',
    });
    expect(canTake({ ...base, userId: 'sp-wrekin', row })).toMatchObject({
      ok: false,
      code: 'already-covered',
    });
    expect(canTake({ ...base, userId: 'fsw-1', isMember: false, row: undefined })).toMatchObject({
      code: 'not-a-member',
    });
    expect(
      canTake({ ...base, date: '2026-11-28', userId: 'sp-wrekin', row: undefined }),
    ).toMatchObject({ code: 'not-a-rota-day' });
    expect(
      canTake({ ...base, date: '2026-11-23', userId: 'sp-wrekin', row: undefined }),
    ).toMatchObject({ code: 'in-the-past' });
    expect(canAcceptSwap({ ...base, userId: 'sp-wrekin', holderId: 'tl-wrekin', row })).toEqual({
      ok: true,
    });
    expect(
      canAcceptSwap({ ...base, userId: 'sp-wrekin', holderId: 'tl-hadley', row }),
    ).toMatchObject({ code: 'holder-changed' });
    const giveBack = {
      date: '2026-11-26',
      row: { ...row, date: '2026-11-26', memberId: 'tl-hadley' },
    };
    expect(
      canAcceptSwap({ ...base, userId: 'sp-wrekin', holderId: 'tl-wrekin', row, giveBack }),
    ).toMatchObject({ code: 'give-back-invalid' });
  });
});

describe('meetings by term', () => {
  it('uses the profile table; Autumn/Spring/Summer per hub; short hub names match', () => {
    expect(triage.meetingsByTerm.length).toBe(3);
    expect(meetingsOn('2026-11-24', triage.hubs, triage.meetingsByTerm)).toEqual({
      term: 'Autumn',
      months: [9, 10, 11, 12],
      rows: [
        { hub: 'Hadley Castle', meeting: 'Chanel' },
        { hub: 'The Wrekin', meeting: 'Steer Clear' },
        { hub: 'Lakeside South', meeting: 'MARAC' },
      ],
    });
    expect(meetingsOn('2027-01-04', ['The Wrekin'], TELFORD_TERMS)?.rows).toEqual([
      { hub: 'The Wrekin', meeting: 'Chanel' },
    ]);
    expect(meetingsOn('2027-06-01', ['Lakeside South'], TELFORD_TERMS)?.term).toBe('Summer');
    expect(
      meetingForHub({ term: 'X', months: [1], assignments: { Hadley: 'MARAC' } }, 'Hadley Castle'),
    ).toBe('MARAC');
  });
});
