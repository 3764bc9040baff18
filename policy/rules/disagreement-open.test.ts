import { londonInstant } from '../calendar';
import type { OrgSnapshot, Session } from '../domain';
import { evaluate } from '../evaluate';
import { getProfile } from '../profiles';
import { PROFILE_IDS } from '../profile';
import { session, smallOrg } from '../test-support';

/** fsw supervised by tl; tl's line manager (blank) is their supervisor sm. */
const org = (fields: Partial<Session>): OrgSnapshot =>
  smallOrg(
    {
      sessions: [
        session('s1', 'fsw', 'tl', '2026-03-30', {
          recordCompletedAt: londonInstant('2026-03-31', '12:00'),
          ...fields,
        }),
      ],
    },
    { startDate: '2026-01-01' },
  );

const open = (snap: OrgSnapshot, asOf: string, profile = 'manchester-cs') =>
  evaluate(snap, getProfile(profile), asOf).findings.filter((f) => f.kind === 'disagreement-open');

describe('disagreement-open: 002 §2.1, §3.3; 003 §12 (a record signed with a disagreement, until resolved)', () => {
  test('raised from the day it is recorded, to the supervisor, as a warning', () => {
    const snap = org({ disagreementAt: londonInstant('2026-04-02', '16:00') });
    expect(open(snap, '2026-04-01')).toEqual([]);
    expect(open(snap, '2026-04-02')).toEqual([
      expect.objectContaining({
        staffId: 'fsw',
        sessionId: 's1',
        notify: 'tl',
        escalateTo: null,
        due: '2026-04-02',
        severity: 'warning',
        key: 'disagreement-open|s1|2026-04-02',
      }),
    ]);
    expect(open(snap, '2026-04-02')[0]!.source).toContain('002 §2.1');
  });

  test("escalated to the supervisor's line manager after 5 working days, Good Friday and Easter Monday skipped: recorded Thu 2 Apr 2026 → from Tue 14 Apr", () => {
    // Good Friday 3 Apr and Easter Monday 6 Apr are skipped: 7, 8, 9, 10, 13 → the 5th working
    // day is Mon 13; escalated from the day after.
    const snap = org({ disagreementAt: londonInstant('2026-04-02', '16:00') });
    expect(open(snap, '2026-04-13')[0]!.escalateTo).toBeNull();
    expect(open(snap, '2026-04-14')[0]!.escalateTo).toBe('sm');
  });

  test('across Christmas 2026 (Boxing Day substitute Mon 28 Dec): recorded Wed 23 Dec → escalated from Tue 5 Jan 2027', () => {
    // 24 (1), 29 (2), 30 (3), 31 (4), 1 Jan bank holiday, 4 Jan (5): from Tue 5 Jan.
    const snap = org({ disagreementAt: londonInstant('2026-12-23', '11:00') });
    expect(open(snap, '2027-01-04')[0]!.escalateTo).toBeNull();
    expect(open(snap, '2027-01-05')[0]!.escalateTo).toBe('sm');
  });

  test('"until it is marked resolved": gone from the day it is resolved', () => {
    const snap = org({
      disagreementAt: londonInstant('2026-04-02', '16:00'),
      disagreementResolvedAt: londonInstant('2026-04-09', '23:30'),
    });
    expect(open(snap, '2026-04-08')).toHaveLength(1);
    expect(open(snap, '2026-04-09')).toEqual([]);
  });

  test('the escalation days are a profile setting; nonsense is refused naming the key', () => {
    const p = getProfile('manchester-cs', { disagreementEscalateWorkingDays: 2 });
    const snap = org({ disagreementAt: londonInstant('2026-04-02', '16:00') });
    const at = (d: string) =>
      evaluate(snap, p, d).findings.find((f) => f.kind === 'disagreement-open')!.escalateTo;
    expect([at('2026-04-08'), at('2026-04-09')]).toEqual([null, 'sm']);
    expect(() => getProfile('manchester-cs', { disagreementEscalateWorkingDays: -1 })).toThrow(
      /disagreementEscalateWorkingDays/,
    );
  });

  test('raised in every profile', () => {
    const snap = org({ disagreementAt: londonInstant('2026-04-02', '16:00') });
    for (const id of PROFILE_IDS) expect(open(snap, '2026-04-02', id)).toHaveLength(1);
  });
});
