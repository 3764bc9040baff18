import { FINDING_KINDS } from '../findings';
import { PROFILE_IDS } from '../profile';
import { getProfile, PROFILES, ProfileError } from './index';

describe('the five profiles as data, each value with its source', () => {
  test.each(PROFILE_IDS)(
    '%s: every sourced value names a seed document (000-004) or an interpretation',
    (id) => {
      const p = PROFILES[id];
      const sourced = [
        p.yearStart,
        p.minimumMinutes,
        p.perYear,
        p.recordDeadline,
        p.signatureDeadlineWorkingDays,
        p.unconfirmed,
        p.agreement,
        p.observations,
        p.escalation,
        p.supervisorAbsenceDays,
      ];
      for (const s of sourced) expect(s.source).toMatch(/(^|\b)(00[0-4]|interpretation)/);
      for (const f of p.frequency) expect(f.source).toMatch(/00[0-4]/);
      for (const c of p.caseCadence) expect(c.source).toMatch(/00[0-4]/);
      for (const item of [...p.prep.supervisee, ...p.prep.supervisor, ...p.prep.agenda])
        expect(item.source).toMatch(/00[0-4]/);
      // The last frequency rule is a catch-all.
      expect(p.frequency[p.frequency.length - 1]!.match).toEqual({});
      for (const k of FINDING_KINDS) expect(typeof p.enabled[k]).toBe('boolean');
    },
  );

  test('000 Personal & Case Supervision: durham-eh monthly, 90 minutes, 9 full-time / 5 part-time', () => {
    const p = PROFILES['durham-eh'];
    // CONTRACT "Durham frequency": part-time every two calendar months; a gap is not escalated.
    expect(p.frequency[0]).toMatchObject({
      match: { employment: 'part-time' },
      rule: { type: 'calendar-month', toleratedMissedMonths: 1, escalate: false },
    });
    expect(p.frequency[1]!.rule).toEqual({
      type: 'calendar-month',
      toleratedMissedMonths: 0,
      escalate: false,
    });
    expect(p.minimumMinutes.value).toBe(90);
    expect(p.perYear.value).toEqual({ fullTime: 9, partTime: 5 });
    expect(p.observations.value?.perYear).toBe(1);
  });

  test('001 Frequency: shropshire-teh monthly with one missed month tolerated, 10 a year, 90 minutes, supervisor absence > 1 month', () => {
    const p = PROFILES['shropshire-teh'];
    expect(p.frequency[0]!.rule).toEqual({ type: 'calendar-month', toleratedMissedMonths: 1 });
    expect(p.perYear.value).toEqual({ fullTime: 10, partTime: 10 });
    expect(p.minimumMinutes.value).toBe(90);
    expect(p.recordDeadline.value).toMatchObject({ days: 5, unit: 'working-days' });
    expect(p.supervisorAbsenceDays.value).toBe(31);
    expect(p.prep.supervisor.map((i) => i.id)).toEqual(
      expect.arrayContaining([
        'chronologies',
        'assessments-6m',
        'plans-3m',
        'family-meetings-3m',
        'ethnicity-culture',
      ]),
    );
  });

  test('002 §2.1: manchester-cs every 28 days, business support every 84, agreement reviewed yearly, 2 observations (one by the supervisor)', () => {
    const p = PROFILES['manchester-cs'];
    expect(p.frequency[0]).toMatchObject({
      match: { roles: ['business-support'] },
      rule: { type: 'interval', days: 84 },
    });
    expect(p.frequency[1]!.rule).toEqual({ type: 'interval', days: 28 });
    expect(p.agreement.value).toEqual({ required: true, reviewMonths: 12 });
    expect(p.observations.value).toEqual({
      perYear: 2,
      caseHoldersOnly: true,
      bySupervisorAtLeast: 1,
    });
    expect(p.prep.supervisee.map((i) => i.id)).toEqual(
      expect.arrayContaining(['rag-audits', 'direct-work-examples']),
    );
    expect(p.prep.supervisee.find((i) => i.id === 'rag-audits')!.source).toBe('002 App. K');
  });

  test('003 §6: telford-sf monthly, volunteers 6-weekly, contract yearly, triage rota settings (§8)', () => {
    const p = PROFILES['telford-sf'];
    expect(p.frequency[0]).toMatchObject({
      match: { roles: ['volunteer'] },
      rule: { type: 'interval', days: 42 },
    });
    expect(p.agreement.value.required).toBe(true);
    expect(p.prep.supervisee.map((i) => i.id)).toContain('update-form-reassign');
    expect(p.triage).toMatchObject({ fairShareDays: 2.5, imbalanceTolerance: 1, monthsAhead: 2 });
    expect(p.triage!.hubs).toEqual(['Hadley Castle', 'The Wrekin', 'Lakeside South']);
    const autumn = p.triage!.meetingsByTerm.find((t) => t.term === 'Autumn')!;
    expect(autumn.months).toEqual([9, 10, 11, 12]);
    expect(autumn.assignments).toEqual({
      'Hadley Castle': 'Chanel',
      'Lakeside South': 'MARAC',
      'The Wrekin': 'Steer Clear',
    });
    expect(p.enabled['triage-uncovered']).toBe(true);
  });

  test('004 Frequency: islington-eh every calendar month, no month tolerated, 5 working days or 24 hours', () => {
    const p = PROFILES['islington-eh'];
    expect(p.frequency[0]!.rule).toEqual({ type: 'calendar-month', toleratedMissedMonths: 0 });
    expect(p.recordDeadline.value).toEqual({
      days: 5,
      unit: 'working-days',
      significantDecisionHours: 24,
    });
    expect(p.caseCadence[0]).toMatchObject({
      categories: ['*'],
      every: { unit: 'held-one-to-one' },
    });
  });
});

describe('getProfile and organisation overrides (validated with zod)', () => {
  test('returns a copy: changing it never changes the shared profile', () => {
    const p = getProfile('durham-eh');
    p.minimumMinutes.value = 1;
    expect(PROFILES['durham-eh'].minimumMinutes.value).toBe(90);
  });

  test('unknown profile id is a ProfileError naming the choices', () => {
    expect(() => getProfile('leeds')).toThrow(ProfileError);
    expect(() => getProfile('leeds')).toThrow(/unknown policy profile "leeds".*durham-eh/);
  });

  test('tunes frequency, minimum duration, per-year, record deadline, reminders, escalation grace and kinds', () => {
    const p = getProfile('shropshire-teh', {
      frequency: [{ match: {}, rule: { type: 'calendar-month', toleratedMissedMonths: 0 } }],
      minimumMinutes: 60,
      perYear: { partTime: 6 },
      recordDeadline: { workingDays: 3 },
      reminders: { prepWorkingDays: 3 },
      escalation: { graceWorkingDays: 1 },
      enabled: { 'session-too-short': false },
      interpretations: { lookbackMonths: 6 },
    });
    expect(p.frequency[0]!.rule).toEqual({ type: 'calendar-month', toleratedMissedMonths: 0 });
    expect(p.frequency[0]!.source).toBe('organisation override');
    expect(p.minimumMinutes).toEqual({
      value: 60,
      source: '001 Frequency (10 x 1.5 hour supervision meetings); overridden by the organisation',
    });
    expect(p.perYear.value).toEqual({ fullTime: 10, partTime: 6 });
    expect(p.recordDeadline.value).toEqual({
      days: 3,
      unit: 'working-days',
      significantDecisionHours: null,
    });
    expect(p.reminders).toEqual({ comingUpWorkingDays: 5, prepWorkingDays: 3 });
    expect(p.escalation.value.graceWorkingDays).toBe(1);
    expect(p.enabled['session-too-short']).toBe(false);
    expect(p.enabled['supervision-gap']).toBe(true);
    expect(p.interpretations?.lookbackMonths).toBe(6);
  });

  test('unknown keys are rejected with their path', () => {
    expect(() => getProfile('durham-eh', { recordDeadline: { workingDay: 3 } })).toThrow(
      /recordDeadline: Unrecognized key.*workingDay/,
    );
    expect(() => getProfile('durham-eh', { enabled: { 'no-such-kind': true } })).toThrow(
      /enabled: .*no-such-kind/,
    );
    expect(() => getProfile('durham-eh', { colour: 'red' })).toThrow(/\(root\): .*colour/);
  });

  test('wrong types name the path', () => {
    expect(() => getProfile('durham-eh', { minimumMinutes: '90' })).toThrow(
      /minimumMinutes: Expected number/,
    );
    expect(() =>
      getProfile('durham-eh', { frequency: [{ match: {}, rule: { type: 'interval', days: 0 } }] }),
    ).toThrow(/frequency\.0\.rule\.days/);
    expect(() => getProfile('durham-eh', { triage: { monthsAhead: 3 } })).toThrow(
      /has no triage rota/,
    );
  });

  test('switches a kind off and a null minimum off', () => {
    const p = getProfile('manchester-cs', {
      minimumMinutes: null,
      perYear: { fullTime: 12, partTime: 6 },
    });
    expect(p.minimumMinutes.value).toBeNull();
    expect(p.perYear.value).toEqual({ fullTime: 12, partTime: 6 });
  });
});

describe('001 Supervision model: Shropshire agenda uses its own 4 x 4 x 4 headings', () => {
  test('the four functions and the four elements, each citing 001, none from another council', () => {
    const agenda = PROFILES['shropshire-teh'].prep.agenda;
    expect(agenda.map((i) => i.id)).toEqual([
      'review-actions',
      'management',
      'development',
      'mediation',
      'support',
      'case-discussion',
      'case-review-areas',
      'actions-timescales',
    ]);
    for (const i of agenda) expect(i.source).toMatch(/^001 /);
    expect(agenda.find((i) => i.id === 'case-discussion')!.text).toMatch(
      /Experience, Reflection, Analysis, Plans and Action/,
    );
    expect(agenda.find((i) => i.id === 'management')!.source).toMatch(/4 x 4 x 4/);
  });
});

describe('overrides that make no sense are refused at start-up, naming the key', () => {
  test.each([
    [
      { recordDeadline: { days: -5 } },
      /recordDeadline\.days: Number must be greater than or equal to 0/,
    ],
    [{ signatureDeadlineWorkingDays: -1 }, /signatureDeadlineWorkingDays: /],
    [{ escalation: { graceWorkingDays: -3 } }, /escalation\.graceWorkingDays: /],
    [{ unconfirmed: { afterWorkingDays: -1 } }, /unconfirmed\.afterWorkingDays: /],
    [{ asye: { firstIntervalDays: 0 } }, /asye\.firstIntervalDays: /],
    [{ minimumMinutes: -90 }, /minimumMinutes: /],
    [{ perYear: { fullTime: -1 } }, /perYear\.fullTime: /],
    [
      { enabled: { 'supervision-gaps': false } },
      /enabled: unknown finding kind "supervision-gaps"; expected one of session-unconfirmed/,
    ],
    [
      { frequency: [{ match: { employment: 'part-time' }, rule: { type: 'interval', days: 56 } }] },
      /frequency: the last rule must match everyone/,
    ],
    [
      { frequency: [{ match: {}, rule: { type: 'interval', days: -7 } }] },
      /frequency\.0\.rule\.days: /,
    ],
  ])('%j', (overrides, message) => {
    expect(() => getProfile('telford-sf', overrides)).toThrow(ProfileError);
    expect(() => getProfile('telford-sf', overrides)).toThrow(message);
  });
});

describe('003 App. B: Telford agenda follows its own record of supervision', () => {
  test("App. B's headings, each citing 003, none from another council", () => {
    const agenda = PROFILES['telford-sf'].prep.agenda;
    expect(agenda.map((i) => i.text)).toEqual(
      expect.arrayContaining([
        'Agenda items',
        'Training',
        'Roles and responsibilities',
        'Health and Safety',
        'Holidays, TOIL or Flexi',
      ]),
    );
    for (const i of agenda) expect(i.source).toMatch(/^003 /);
  });
});
