import { WorkingCalendar, londonInstant } from '../policy/calendar';
import { evaluate } from '../policy/evaluate';
import { PROFILES } from '../policy/profiles';
import { PROFILE_IDS } from '../policy/profile';
import { ladderSteps } from '../policy/escalation-ladder';
import { planNotifications } from './plan';
import { emptyEscalationState, type EscalationState } from '../policy/escalation-ladder';
import { finding, oneToOne, smallOrg } from './testing/org';

const cal = new WorkingCalendar();
const profile = PROFILES['telford-sf'];

function keysAt(
  now: string,
  snapshot = smallOrg(),
  findings = [] as ReturnType<typeof finding>[],
  state = emptyEscalationState(),
) {
  return planNotifications(snapshot, findings, profile, now, cal, state)
    .map((p) => p.key)
    .sort();
}

describe('planNotifications: reminders', () => {
  it('coming-up 5 working days before and prep 2 working days before, to both, across Christmas 2026', () => {
    const org = smallOrg();
    org.sessions.push(oneToOne('s-1', '2026-12-29', '10:00')); // Tue after Christmas + Boxing Day (sub)
    // coming-up day: 18 Dec (Fri); prep day: 23 Dec (Wed).
    expect(keysAt(londonInstant('2026-12-17', '12:00'), org)).toEqual([]);
    expect(keysAt(londonInstant('2026-12-18', '09:00'), org)).toEqual([
      'coming-up|s-1|2026-12-29|supervisee',
      'coming-up|s-1|2026-12-29|supervisor',
    ]);
    expect(keysAt(londonInstant('2026-12-22', '09:00'), org)).toEqual([
      'coming-up|s-1|2026-12-29|supervisee',
      'coming-up|s-1|2026-12-29|supervisor',
    ]);
    const prep = planNotifications(
      org,
      [],
      profile,
      londonInstant('2026-12-23', '09:00'),
      cal,
      emptyEscalationState(),
    );
    expect(prep.map((p) => [p.key, p.recipientId, p.notBefore])).toEqual([
      ['prep|s-1|2026-12-29|supervisee', 'fsw-1', '2026-12-23T08:30:00.000Z'],
      ['prep|s-1|2026-12-29|supervisor', 'tl-1', '2026-12-23T08:30:00.000Z'],
    ]);
  });

  it('across Easter 2027 and the spring clock change (working morning is 07:30 UTC in BST)', () => {
    const org = smallOrg();
    org.sessions.push(oneToOne('s-2', '2027-04-01', '10:00'));
    // Working days before Thu 1 Apr: 31, 30, (29 Easter Mon, 26 Good Fri), 25, 24, 23.
    const at = (d: string) =>
      planNotifications(org, [], profile, londonInstant(d, '12:00'), cal, emptyEscalationState());
    expect(at('2027-03-22')).toEqual([]);
    expect(at('2027-03-23').map((p) => [p.key, p.notBefore])).toEqual([
      ['coming-up|s-2|2027-04-01|supervisee', '2027-03-23T08:30:00.000Z'], // still GMT
      ['coming-up|s-2|2027-04-01|supervisor', '2027-03-23T08:30:00.000Z'],
    ]);
    expect(at('2027-03-30').map((p) => [p.key, p.notBefore])).toEqual([
      ['prep|s-2|2027-04-01|supervisee', '2027-03-30T07:30:00.000Z'], // BST
      ['prep|s-2|2027-04-01|supervisor', '2027-03-30T07:30:00.000Z'],
    ]);
  });

  it("follows each profile's reminder offsets", () => {
    for (const id of PROFILE_IDS) {
      const p = { ...PROFILES[id], reminders: { comingUpWorkingDays: 4, prepWorkingDays: 1 } };
      const org = smallOrg();
      org.sessions.push(oneToOne('s-3', '2026-11-30', '10:00')); // Mon
      const at = (d: string) =>
        planNotifications(org, [], p, londonInstant(d, '12:00'), cal, emptyEscalationState()).map(
          (x) => x.kind,
        );
      expect(at('2026-11-23')).toEqual([]); // Mon: 5 working days before
      expect(at('2026-11-24')).toEqual(['coming-up', 'coming-up']); // Tue: 4 before
      expect(at('2026-11-27')).toEqual(['prep', 'prep']); // Fri: 1 before
    }
  });

  it('asks the supervisor to confirm once the session has ended while still scheduled', () => {
    const org = smallOrg();
    org.sessions.push(oneToOne('s-4', '2026-11-24', '10:00'));
    expect(keysAt(londonInstant('2026-11-24', '11:29'), org)).not.toContain(
      'confirm-request|s-4|2026-11-24',
    );
    const p = planNotifications(
      org,
      [],
      profile,
      londonInstant('2026-11-24', '11:30'),
      cal,
      emptyEscalationState(),
    );
    expect(p.map((x) => [x.key, x.recipientId, x.notBefore])).toEqual([
      ['confirm-request|s-4|2026-11-24', 'tl-1', '2026-11-24T11:30:00.000Z'],
    ]);
    org.sessions[0]!.status = 'held';
    expect(keysAt(londonInstant('2026-11-24', '12:00'), org)).toEqual([]);
  });

  it('asks each missing signer to sign a completed record', () => {
    const org = smallOrg();
    org.sessions.push(
      oneToOne('s-5', '2026-11-16', '10:00', {
        status: 'held',
        heldMinutes: 90,
        recordCompletedAt: '2026-11-18T12:00:00.000Z',
        supervisorSignedAt: '2026-11-18T12:05:00.000Z',
      }),
    );
    expect(keysAt('2026-11-24T10:00:00Z', org)).toEqual(['sign-request|s-5|supervisee']);
  });

  it('a session moved to another day under the same id is reminded and asked about afresh', () => {
    const org = smallOrg();
    org.sessions.push(oneToOne('s-7', '2026-11-26', '10:00'));
    const before = [
      ...keysAt(londonInstant('2026-11-24', '10:00'), org),
      ...keysAt(londonInstant('2026-11-26', '12:00'), org),
    ];
    // Rearranged for Thu 3 Dec after the prep card went: same id, new day.
    org.sessions[0]!.scheduledStart = londonInstant('2026-12-03', '10:00');
    const after = [
      ...keysAt(londonInstant('2026-11-26', '12:00'), org),
      ...keysAt(londonInstant('2026-12-01', '10:00'), org),
      ...keysAt(londonInstant('2026-12-03', '12:00'), org),
    ];
    expect(before).toEqual([
      'prep|s-7|2026-11-26|supervisee',
      'prep|s-7|2026-11-26|supervisor',
      'confirm-request|s-7|2026-11-26',
    ]);
    expect(after).toEqual([
      'coming-up|s-7|2026-12-03|supervisee',
      'coming-up|s-7|2026-12-03|supervisor',
      'prep|s-7|2026-12-03|supervisee',
      'prep|s-7|2026-12-03|supervisor',
      'confirm-request|s-7|2026-12-03',
    ]);
  });

  it('plans nothing for leavers', () => {
    const org = smallOrg();
    org.staff.find((s) => s.id === 'fsw-1')!.leftDate = '2026-11-20';
    org.sessions.push(oneToOne('s-6', '2026-11-26', '10:00'));
    expect(
      keysAt('2026-11-24T10:00:00Z', org, [finding('record-overdue', 's-9', '2026-11-10')]),
    ).toEqual([]);
  });
});

describe('the escalation ladder', () => {
  it.each(PROFILE_IDS)(
    '%s: L0 at once, L1 after grace, L2 after the next level, over Christmas',
    (id) => {
      const p = PROFILES[id];
      const { graceWorkingDays: g, nextLevelAfterWorkingDays: n } = p.escalation.value;
      const f = finding('record-overdue', 's-10', '2026-12-21'); // Mon before Christmas
      const l1 = cal.addWorkingDays('2026-12-21', g);
      const l2 = cal.addWorkingDays(l1, n);
      const levelsOn = (d: string) =>
        ladderSteps(smallOrg(), [f], p, d, cal, emptyEscalationState()).map(
          (s) => `L${s.level}:${s.recipientId}`,
        );
      expect(levelsOn('2026-12-22')).toEqual(['L0:tl-1']);
      expect(levelsOn(cal.subtractWorkingDays(l1, 1))).toEqual(['L0:tl-1']);
      expect(levelsOn(l1)).toEqual(['L0:tl-1', 'L1:sm-1']);
      expect(levelsOn(cal.subtractWorkingDays(l2, 1))).toEqual(['L0:tl-1', 'L1:sm-1']);
      expect(levelsOn(l2)).toEqual(['L0:tl-1', 'L1:sm-1', 'L2:dir-1']);
      if (g === 3 && n === 5) {
        // 21 Dec + 3 working days = 24 Dec (22, 23, 24); + 5 = 5 Jan 2027 (29, 30, 31 Dec, 4, 5 Jan)
        expect([l1, l2]).toEqual(['2026-12-24', '2027-01-05']);
      }
    },
  );

  it('no L1 without escalateTo; L2 counts from the day L1 was actually delivered', () => {
    const p = PROFILES['durham-eh'];
    const f = finding('session-unconfirmed', 's-11', '2026-11-02', { escalateTo: null });
    expect(
      ladderSteps(smallOrg(), [f], p, '2026-11-24', cal, emptyEscalationState()).map(
        (s) => s.level,
      ),
    ).toEqual([0]);
    const g = finding('session-unconfirmed', 's-11', '2026-11-02');
    const state: EscalationState = { marks: {}, level1On: { [g.key]: '2026-11-20' } };
    // delivered Fri 20 Nov: L2 five working days later, Fri 27 Nov
    expect(ladderSteps(smallOrg(), [g], p, '2026-11-26', cal, state).map((s) => s.level)).toEqual([
      0, 1,
    ]);
    expect(ladderSteps(smallOrg(), [g], p, '2026-11-27', cal, state).map((s) => s.level)).toEqual([
      0, 1, 2,
    ]);
  });

  it('arranged keeps a finding quiet until the date + grace; explained until its date', () => {
    const f = finding('supervision-gap', 'fsw-1|2026-10', '2026-10-31');
    const by = 'sm-1';
    const arranged: EscalationState = {
      marks: { [f.key]: { findingKey: f.key, by, arrangedFor: '2026-11-26', at: 'x' } },
      level1On: {},
    };
    const levels = (d: string, s: EscalationState) =>
      ladderSteps(smallOrg(), [f], profile, d, cal, s).length;
    expect(levels('2026-11-30', arranged)).toBe(0); // quiet until 26 Nov + 3 working days = 1 Dec
    expect(levels('2026-12-01', arranged)).toBeGreaterThan(0);
    const explained: EscalationState = {
      marks: {
        [f.key]: {
          findingKey: f.key,
          by,
          explainedUntil: '2027-01-04',
          reason: 'long-term sick',
          at: 'x',
        },
      },
      level1On: {},
    };
    expect(levels('2026-12-31', explained)).toBe(0);
    expect(levels('2027-01-04', explained)).toBeGreaterThan(0);
  });

  it('ignores info findings and triage imbalance (the readiness check and balance view own that)', () => {
    const fs = [
      finding('gap-explained-by-absence', 'a', '2026-10-31', { severity: 'info' }),
      finding('triage-imbalance', 'sp-1|2026-11', '2026-11-01', { staffId: 'tl-1' }),
    ];
    expect(ladderSteps(smallOrg(), fs, profile, '2026-11-24', cal, emptyEscalationState())).toEqual(
      [],
    );
  });
});

describe('an uncovered triage day on the ladder', () => {
  // Wed 2 Dec 2026 has nobody on the desk. Its `due` is the day itself, still ahead.
  const day = '2026-12-02';
  const gap = finding('triage-uncovered', day, day, { staffId: '' });
  const levelsOn = (today: string, p = profile) =>
    ladderSteps(smallOrg(), [gap], p, today, cal, emptyEscalationState()).map(
      (s) => `L${s.level}:${s.recipientId}`,
    );

  it('L0 from 5 working days before, L1 grace days later: none about days further ahead', () => {
    expect(levelsOn('2026-11-24')).toEqual([]); // 6 working days ahead: the readiness check's
    expect(levelsOn('2026-11-25')).toEqual(['L0:tl-1']);
    expect(levelsOn('2026-11-27')).toEqual(['L0:tl-1']);
    // 25 Nov + 3 working days = Mon 30 Nov, two working days before the day
    expect(levelsOn('2026-11-30')).toEqual(['L0:tl-1', 'L1:sm-1']);
    expect(levelsOn(day)).toEqual(['L0:tl-1', 'L1:sm-1']);
  });

  it('goes out the morning it comes close (not on the day itself), then in the digest', () => {
    const at = (d: string) =>
      planNotifications(smallOrg(), [gap], profile, londonInstant(d, '10:00'), cal, {
        marks: {},
        level1On: {},
      });
    expect(at('2026-11-25').map((p) => [p.key, p.recipientId, p.notBefore])).toEqual([
      [`escalation|${gap.key}|L0`, 'tl-1', londonInstant('2026-11-25', '08:30')],
    ]);
    expect(at('2026-11-30').find((p) => p.kind === 'digest')).toMatchObject({
      key: 'digest|sm-1|2026-11-30',
      findingKeys: [gap.key],
    });
  });

  it('the window is the profile setting; the manager hears by the working day before', () => {
    const p = { ...profile, interpretations: { triageEscalateWithinWorkingDays: 2 } };
    expect(levelsOn('2026-11-27', p)).toEqual([]);
    expect(levelsOn('2026-11-30', p)).toEqual(['L0:tl-1']);
    // grace (3) would land after the day: the manager is told on Tue 1 Dec instead
    expect(levelsOn('2026-12-01', p)).toEqual(['L0:tl-1', 'L1:sm-1']);
  });
});

describe('digest', () => {
  it('ten findings for one manager make ONE digest card a day, listing all ten', () => {
    const fs = Array.from({ length: 10 }, (_, i) =>
      finding('record-overdue', `s-${100 + i}`, '2026-11-18', {
        staffId: i % 2 ? 'fsw-1' : 'fsw-2',
      }),
    );
    // due Wed 18 Nov: L1 (sm-1) from Mon 23 Nov, L2 (dir-1) not before Mon 30 Nov.
    const planned = planNotifications(
      smallOrg(),
      fs,
      profile,
      '2026-11-24T10:00:00Z',
      cal,
      emptyEscalationState(),
    );
    const digests = planned.filter((p) => p.kind === 'digest' && p.recipientId === 'sm-1');
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({ key: 'digest|sm-1|2026-11-24', recipientId: 'sm-1' });
    expect(digests[0]?.findingKeys).toHaveLength(10);
    expect(digests[0]?.escalationKeys?.[0]).toBe('escalation|record-overdue|s-100|L1');
    // Ten L0 reminders for the one person who must act: not ten cards but their own
    // catch-up digest, oldest first (issue 17).
    const l0 = planned.filter((p) => p.kind === 'escalation' && p.level === 0);
    expect(l0).toHaveLength(10);
    expect(l0.every((p) => p.viaDigest)).toBe(true);
    const theirs = planned.find((p) => p.kind === 'digest' && p.recipientId === 'tl-1');
    expect(theirs?.escalationKeys).toEqual(fs.map((f) => `escalation|${f.key}|L0`));
  });

  it('two L0 reminders go as cards; a third not yet had turns them into one digest', () => {
    const at = '2026-11-24T10:00:00Z';
    const two = [0, 1].map((i) => finding('record-overdue', `s-${200 + i}`, '2026-11-23'));
    const cards = planNotifications(smallOrg(), two, profile, at, cal, emptyEscalationState());
    expect(cards.filter((p) => p.kind === 'escalation' && !p.viaDigest)).toHaveLength(2);
    expect(cards.filter((p) => p.kind === 'digest')).toEqual([]);
    const three = [...two, finding('record-overdue', 's-202', '2026-11-23')];
    // The first two already went as cards: the third alone is no pile.
    const had = {
      ...emptyEscalationState(),
      delivered: {
        'escalation|record-overdue|s-200|L0': '2026-11-23',
        'escalation|record-overdue|s-201|L0': '2026-11-23',
      },
    };
    const later = planNotifications(smallOrg(), three, profile, at, cal, had);
    expect(later.filter((p) => p.kind === 'digest')).toEqual([]);
    const fresh = planNotifications(smallOrg(), three, profile, at, cal, emptyEscalationState());
    expect(fresh.filter((p) => p.kind === 'digest').map((p) => p.recipientId)).toEqual(['tl-1']);
  });

  it('a closed month never escalated before is history once the ladder has run out (catching up)', () => {
    // Started on 24 Nov on an organisation whose fsw-1 had no one-to-one in January.
    const jan = finding('supervision-gap', 'fsw-1|2026-01', '2026-01-31');
    const oct = finding('supervision-gap', 'fsw-1|2026-10', '2026-10-31');
    const nov = finding('supervision-gap', 'fsw-2|2026-11', '2026-11-20');
    const steps = ladderSteps(
      smallOrg(),
      [jan, oct, nov],
      profile,
      '2026-11-24',
      cal,
      emptyEscalationState(),
    );
    expect([...new Set(steps.map((s) => s.finding.key))]).toEqual([nov.key]);
    // A month already on the ladder (its L1 went) runs its course.
    const state = { ...emptyEscalationState(), level1On: { [oct.key]: '2026-11-05' } };
    expect(
      ladderSteps(smallOrg(), [oct], profile, '2026-11-24', cal, state).length,
    ).toBeGreaterThan(0);
  });

  it('no digest on a weekend or a bank holiday', () => {
    const fs = [finding('record-overdue', 's-1', '2026-11-02')];
    for (const d of ['2026-11-28', '2026-12-25']) {
      const planned = planNotifications(
        smallOrg(),
        fs,
        profile,
        londonInstant(d, '10:00'),
        cal,
        emptyEscalationState(),
      );
      expect(planned.filter((p) => p.kind === 'digest')).toEqual([]);
    }
  });
});

describe('planNotifications: findings that name nobody (no-supervisor with no line manager)', () => {
  it('003 §6 "All staff ... must have regular, planned supervision": each admin gets the L0 reminder once, under their own key', () => {
    const org = smallOrg();
    // dir-1 has neither supervisor nor line manager: nobody in the organisation is above them.
    const findings = evaluate(org, profile, '2026-06-01', cal).findings.filter(
      (f) => f.kind === 'no-supervisor',
    );
    expect(findings.map((f) => [f.staffId, f.notify])).toEqual([['dir-1', null]]);
    const at = londonInstant('2026-06-01', '10:00');
    const planned = (adminIds?: string[]) =>
      planNotifications(org, findings, profile, at, cal, emptyEscalationState(), {
        ...(adminIds ? { adminIds } : {}),
      }).filter((p) => p.kind === 'escalation');
    // Without admins configured nobody can be told (and nothing crashes).
    expect(planned()).toEqual([]);
    expect(planned(['sm-1', 'tl-1', 'sm-1']).map((p) => [p.key, p.recipientId, p.level])).toEqual([
      ['escalation|no-supervisor|dir-1|admin|sm-1|L0', 'sm-1', 0],
      ['escalation|no-supervisor|dir-1|admin|tl-1|L0', 'tl-1', 0],
    ]);
  });
});
