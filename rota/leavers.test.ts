/**
 * CONTRACT "Leavers on the rota" ("A triage day held by someone who has left by that day is
 * uncovered, as a day held by someone recorded as away is") and its Fine print ("A triage day
 * held by someone whose `startDate` is after that day is uncovered"), in every place a triage
 * day is judged: findings, readiness, `triage gaps`, the day lines, "Take this day", and the
 * reminder (never silently dropped). Plus the one triage horizon and "Sickness cover stays in
 * the hub" being shown.
 */
import { defaultCalendar as cal } from '../policy/calendar';
import { emptySnapshot, type OrgSnapshot, type RotaDay, type Staff } from '../policy/domain';
import { evaluate } from '../policy/evaluate';
import { getProfile } from '../policy/profiles';
import { uncoveredDays } from '../policy/triage-coverage';
import { planTriageNotifications } from './plan-triage';
import { readiness } from './readiness';
import { RotaView } from './rota-view';
import { canTake } from './swap-rules';
import { buildTriageMonth } from '../tab/triage-view';
import { triageHarness } from '../usecases/testing/triage-harness';

const profile = getProfile('telford-sf');
const triage = profile.triage!;

function person(id: string, role: Staff['role'], team: string, more: Partial<Staff> = {}): Staff {
  return {
    id,
    name: `Name ${id}`,
    email: `${id}@example.org`,
    role,
    caseHolding: false,
    employment: 'full-time',
    team,
    ...more,
  };
}

const MEMBERS = ['tl-hadley', 'sp-hadley', 'tl-wrekin', 'sp-wrekin'];
const HUB: Record<string, string> = {
  'tl-hadley': 'Hadley Castle',
  'sp-hadley': 'Hadley Castle',
  'tl-wrekin': 'The Wrekin',
  'sp-wrekin': 'The Wrekin',
};

/** Every working day in [from, to] covered in turn; `holder` overrides given dates. */
function rota(from: string, to: string, holder: Record<string, string> = {}): RotaDay[] {
  return cal.workingDaysInRange(from, to).map((date, i) => {
    const id = holder[date] ?? MEMBERS[i % MEMBERS.length]!;
    return { date, hub: HUB[id] ?? 'The Wrekin', memberId: id, status: 'planned' as const };
  });
}

function org(days: RotaDay[], more: Staff[] = []): OrgSnapshot {
  return {
    ...emptySnapshot(),
    staff: [
      person('sm-1', 'service-manager', 'Hadley Castle'),
      person('tl-hadley', 'team-leader', 'Hadley Castle', { supervisorId: 'sm-1' }),
      person('sp-hadley', 'senior-practitioner', 'Hadley Castle', { supervisorId: 'tl-hadley' }),
      person('tl-wrekin', 'team-leader', 'The Wrekin', { supervisorId: 'sm-1' }),
      person('sp-wrekin', 'senior-practitioner', 'The Wrekin', { supervisorId: 'tl-wrekin' }),
      ...more,
    ],
    rota: days,
  };
}

// A Wrekin senior practitioner whose last day in post is Fri 11 Dec 2026, still on the rota
// for Mon 14 Dec; and a new one who starts on Wed 16 Dec, already down for Tue 15 Dec.
const leaver = person('sp-leaver', 'senior-practitioner', 'The Wrekin', {
  supervisorId: 'tl-wrekin',
  leftDate: '2026-12-11',
});
const starter = person('sp-new', 'senior-practitioner', 'The Wrekin', {
  supervisorId: 'tl-wrekin',
  startDate: '2026-12-16',
});
const held = {
  '2026-12-11': 'sp-leaver', // their last day: still covered
  '2026-12-14': 'sp-leaver', // left by then: uncovered
  '2026-12-15': 'sp-new', // not started: uncovered
  '2026-12-16': 'sp-new', // first day: covered
};
const snap = org(rota('2026-11-23', '2027-02-28', held), [leaver, starter]);

const uncovered = (asOf: string) =>
  evaluate(snap, profile, asOf)
    .findings.filter((f) => f.kind === 'triage-uncovered')
    .map((f) => f.due);

describe('CONTRACT "Leavers on the rota" and "startDate is after that day"', () => {
  it("findings: the leaver's day after leftDate and the starter's day before startDate are uncovered; the boundary days are not", () => {
    expect(uncovered('2026-12-07')).toEqual(['2026-12-14', '2026-12-15']);
    const f = evaluate(snap, profile, '2026-12-07').findings.find(
      (x) => x.kind === 'triage-uncovered' && x.due === '2026-12-14',
    );
    expect(f?.detail).toContain('who has left by that day');
    expect(f?.notify).toBe('tl-wrekin');
  });

  it('uncoveredDays needs the staff list for it (absences alone do not show a leaver)', () => {
    expect(uncoveredDays(snap.rota, '2026-12-10', '2026-12-17', cal)).toEqual([]);
    expect(uncoveredDays(snap.rota, '2026-12-10', '2026-12-17', cal, [], snap.staff)).toEqual([
      '2026-12-14',
      '2026-12-15',
    ]);
  });

  it('readiness on the 7 Dec 2026 check and `triage gaps` name them, with the reason', () => {
    expect(readiness(snap.rota, '2026-12-07', triage, cal, [], snap.staff).gaps).toEqual([
      '2026-12-14',
      '2026-12-15',
    ]);
    const view = new RotaView(snap, triage, cal);
    expect(view.gaps('2026-12-07', '2027-02-07')).toEqual([
      { date: '2026-12-14', hub: 'The Wrekin', reason: 'holder-left' },
      { date: '2026-12-15', hub: 'The Wrekin', reason: 'holder-not-started' },
    ]);
    expect(view.coverFor('2026-12-14').holderUnavailable).toBe('left');
    expect(view.coverFor('2026-12-11').holderUnavailable).toBeNull();
  });

  it("a colleague may take the leaver's day", () => {
    const view = new RotaView(snap, triage, cal);
    const base = { date: '2026-12-14', today: '2026-12-07', calendar: cal, isMember: true };
    const holderAway = (id: string) =>
      view.coverFor('2026-12-14').member?.id === id &&
      view.coverFor('2026-12-14').holderUnavailable !== null;
    expect(
      canTake({ ...base, userId: 'tl-wrekin', row: view.row('2026-12-14'), holderAway }).ok,
    ).toBe(true);
  });

  it("the reminder is not silently dropped: the hub's team leader hears the day is uncovered", () => {
    // Fri 11 Dec plans the reminders for Mon 14 Dec.
    const planned = planTriageNotifications(snap, profile, '2026-12-11T08:00:00.000Z', cal);
    expect(planned.map((p) => [p.key, p.recipientId])).toEqual([
      ['triage-reminder|tl-wrekin|2026-12-14', 'tl-wrekin'],
    ]);
    expect(planned[0]!.reason).toContain('uncovered');
    // Mon 14 Dec plans Tue 15 Dec (the starter's day before their start): the same.
    const tue = planTriageNotifications(snap, profile, '2026-12-14T08:00:00.000Z', cal);
    expect(tue.map((p) => p.recipientId)).toEqual(['tl-wrekin']);
    // Tue 15 Dec plans Wed 16 Dec, the starter's first day: their own reminder.
    const wed = planTriageNotifications(snap, profile, '2026-12-15T08:00:00.000Z', cal);
    expect(wed.map((p) => p.recipientId)).toEqual(['sp-new']);
  });

  it('a holder recorded as away keeps their reminder, and the hub lead hears too', () => {
    const away = {
      ...snap,
      absences: [
        {
          staffId: 'sp-new',
          from: '2026-12-16',
          to: '2026-12-16',
          reason: 'annual-leave' as const,
        },
      ],
    };
    const wed = planTriageNotifications(away, profile, '2026-12-15T08:00:00.000Z', cal);
    expect(wed.map((p) => p.recipientId).sort()).toEqual(['sp-new', 'tl-wrekin']);
  });
});

describe('CONTRACT "Triage horizon": D up to and including the same date two calendar months later', () => {
  // Gaps on Fri 5 Feb 2027 (inside: 7 Feb is a Sunday) and Mon 8 Feb 2027 (outside).
  const days = rota('2026-12-01', '2027-02-28').map((r) =>
    r.date === '2027-02-05' || r.date === '2027-02-08' ? { ...r, memberId: undefined } : r,
  ) as RotaDay[];
  const s = org(days);

  it('findings, readiness and `triage gaps` agree as of 7 Dec 2026 (through 7 Feb 2027)', () => {
    const f = evaluate(s, profile, '2026-12-07')
      .findings.filter((x) => x.kind === 'triage-uncovered')
      .map((x) => x.due);
    expect(f).toEqual(['2027-02-05']);
    const r = readiness(s.rota, '2026-12-07', triage, cal, [], s.staff);
    expect(r).toMatchObject({ to: '2027-02-07', gaps: ['2027-02-05'] });
    expect(new RotaView(s, triage, cal).gaps('2026-12-07', r.to).map((g) => g.date)).toEqual([
      '2027-02-05',
    ]);
  });

  it('a day later the window reaches 8 Feb 2027', () => {
    const f = evaluate(s, profile, '2026-12-08')
      .findings.filter((x) => x.kind === 'triage-uncovered')
      .map((x) => x.due);
    expect(f).toEqual(['2027-02-05', '2027-02-08']);
  });
});

describe('CONTRACT "Sickness cover stays in the hub": a day covered by another hub is shown as such', () => {
  it('a sick Wrekin day covered by a Hadley member shows the covering hub', () => {
    const days = rota('2026-12-01', '2026-12-31').map((r) =>
      r.date === '2026-12-09'
        ? { date: r.date, hub: 'The Wrekin', memberId: 'sp-hadley', status: 'sick' as const }
        : r,
    );
    const view = new RotaView(org(days), triage, cal);
    expect(view.coverFor('2026-12-09')).toMatchObject({
      hub: 'The Wrekin',
      coverFromHub: 'Hadley Castle',
    });
    const same = rota('2026-12-01', '2026-12-31').map((r) =>
      r.date === '2026-12-09'
        ? { date: r.date, hub: 'The Wrekin', memberId: 'tl-wrekin', status: 'sick' as const }
        : r,
    );
    expect(new RotaView(org(same), triage, cal).coverFor('2026-12-09').coverFromHub).toBeNull();
  });
});

describe('the tab shows it too', () => {
  it("the leaver's day is a gap marked left, the starter's not started; cover from another hub is named", async () => {
    const days = snap.rota.map((r) =>
      r.date === '2026-12-09'
        ? { date: r.date, hub: 'The Wrekin', memberId: 'sp-hadley', status: 'sick' as const }
        : r,
    );
    const h = await triageHarness('2026-12-07T09:00:00.000Z', { ...snap, rota: days });
    try {
      const month = await buildTriageMonth(h.ctx, 'tl-wrekin', '2026-12');
      if (!month.enabled) throw new Error('no rota');
      const day = (d: string) => month.weeks.flat().find((x) => x.date === d)!;
      expect(day('2026-12-14')).toMatchObject({
        gap: true,
        holderAway: true,
        holderUnavailable: 'left',
      });
      expect(day('2026-12-15')).toMatchObject({ gap: true, holderUnavailable: 'not-started' });
      expect(day('2026-12-16')).toMatchObject({ gap: false, holderUnavailable: null });
      expect(day('2026-12-09')).toMatchObject({ gap: false, coverFromHub: 'Hadley Castle' });
    } finally {
      await h.close();
    }
  });
});
