import { evaluate } from '../evaluate';
import type { FindingKind } from '../findings';
import { getProfile } from '../profiles';
import { session, smallOrg } from '../test-support';
import type { Agreement, Session, Staff } from '../domain';

const find = (
  x: { sessions?: Session[]; agreements?: Agreement[] },
  profileId: string,
  asOf: string,
  kind: FindingKind,
  fsw: Partial<Staff> = {},
) =>
  evaluate(
    smallOrg(
      { sessions: x.sessions ?? [], agreements: x.agreements ?? [] },
      { startDate: '2020-01-01', ...fsw },
    ),
    getProfile(profileId),
    asOf,
  ).findings.filter((f) => f.kind === kind && f.staffId === 'fsw');

describe('agreement-missing / agreement-review-due (002 §2.1 App. D; 003 §6 App. A; 001 Frequency)', () => {
  const first = [session('s1', 'fsw', 'tl', '2026-09-07')];
  test.each(['manchester-cs', 'telford-sf', 'shropshire-teh'])(
    '%s: none signed by the first one-to-one of the pair',
    (id) => {
      const f = find({ sessions: first }, id, '2026-11-24', 'agreement-missing');
      expect(f[0]).toMatchObject({
        key: 'agreement-missing|fsw|tl',
        due: '2026-09-07',
        notify: 'tl',
        escalateTo: 'sm',
        severity: 'breach',
      });
    },
  );
  test('a new starter whose first session is booked within their first month: not yet missing', () => {
    const f = find(
      { sessions: [session('s1', 'fsw', 'tl', '2026-12-01', { status: 'scheduled' })] },
      'telford-sf',
      '2026-11-24',
      'agreement-missing',
      { startDate: '2026-11-23' },
    );
    expect(f).toEqual([]);
  });
  test('a booking pushed far ahead does not put it off: due one month after the start date', () => {
    const booked = [session('s1', 'fsw', 'tl', '2026-12-15', { status: 'scheduled' })];
    expect(
      find({ sessions: booked }, 'telford-sf', '2026-11-24', 'agreement-missing').map((f) => f.due),
    ).toEqual(['2020-02-01']);
    const later = [session('s1', 'fsw', 'tl', '2027-01-20', { status: 'scheduled' })];
    expect(
      find({ sessions: later }, 'telford-sf', '2026-12-24', 'agreement-missing', {
        startDate: '2026-11-10',
      }).map((f) => f.due),
    ).toEqual(['2026-12-10']);
    // A change of supervisor: the month runs from the last one-to-one with the previous one.
    const handedOver = [session('s0', 'fsw', 'old', '2026-11-02'), ...later];
    expect(find({ sessions: handedOver }, 'telford-sf', '2026-12-01', 'agreement-missing')).toEqual(
      [],
    );
    expect(
      find({ sessions: handedOver }, 'telford-sf', '2026-12-24', 'agreement-missing').map(
        (f) => f.due,
      ),
    ).toEqual(['2026-12-02']);
  });
  test('an agreement with a previous supervisor does not count (a new relationship needs a new one)', () => {
    const agreements = [{ superviseeId: 'fsw', supervisorId: 'old', signedAt: '2026-06-01' }];
    expect(
      find({ sessions: first, agreements }, 'telford-sf', '2026-11-24', 'agreement-missing'),
    ).toHaveLength(1);
  });
  test('an unsigned agreement is missing', () => {
    const agreements = [{ superviseeId: 'fsw', supervisorId: 'tl' }];
    expect(
      find({ sessions: first, agreements }, 'manchester-cs', '2026-11-24', 'agreement-missing'),
    ).toHaveLength(1);
  });
  test('reviewed every 12 months: due on the anniversary, raised from the day after', () => {
    const agreements = [{ superviseeId: 'fsw', supervisorId: 'tl', signedAt: '2025-11-24' }];
    expect(
      find({ sessions: first, agreements }, 'manchester-cs', '2026-11-24', 'agreement-review-due'),
    ).toEqual([]);
    const f = find(
      { sessions: first, agreements },
      'manchester-cs',
      '2026-11-25',
      'agreement-review-due',
    );
    expect(f[0]).toMatchObject({
      key: 'agreement-review-due|fsw|2025-11-24',
      due: '2026-11-24',
      escalateTo: null,
      severity: 'warning',
    });
    expect(
      find({ sessions: first, agreements }, 'manchester-cs', '2026-11-25', 'agreement-missing'),
    ).toEqual([]);
  });
  test.each(['durham-eh', 'islington-eh'])('%s requires no agreement', (id) => {
    expect(find({ sessions: first }, id, '2026-11-24', 'agreement-missing')).toEqual([]);
  });
});

describe('next-session-not-booked (CONTRACT; POLICIES §1)', () => {
  test('monthly: held this month → next due end of next month, not within a month yet', () => {
    const s = [session('s1', 'fsw', 'tl', '2026-11-02')];
    expect(find({ sessions: s }, 'telford-sf', '2026-11-24', 'next-session-not-booked')).toEqual(
      [],
    );
  });
  test('monthly: none held this month and none booked → due by the month end', () => {
    const s = [session('s1', 'fsw', 'tl', '2026-10-02')];
    const f = find({ sessions: s }, 'islington-eh', '2026-11-24', 'next-session-not-booked');
    expect(f[0]).toMatchObject({
      due: '2026-11-30',
      notify: 'tl',
      escalateTo: null,
      key: 'next-session-not-booked|fsw|2026-11-30',
    });
  });
  test('a booked future one-to-one (or one today) stops it', () => {
    const s = [
      session('s1', 'fsw', 'tl', '2026-10-02'),
      session('s2', 'fsw', 'tl', '2026-11-24', { status: 'scheduled' }),
    ];
    expect(find({ sessions: s }, 'islington-eh', '2026-11-24', 'next-session-not-booked')).toEqual(
      [],
    );
  });
  test('002 §2.1: interval 28 days: last held 1 Nov → due 29 Nov, raised while nothing is booked', () => {
    const s = [session('s1', 'fsw', 'tl', '2026-11-01')];
    expect(
      find({ sessions: s }, 'manchester-cs', '2026-11-24', 'next-session-not-booked')[0]!.due,
    ).toBe('2026-11-29');
  });
  test('002 §2.1: business support (84 days) is not due within the interval yet... then is', () => {
    const bs = { role: 'business-support' as const, caseHolding: false };
    const s = [session('s1', 'fsw', 'tl', '2026-11-01')];
    expect(
      find({ sessions: s }, 'manchester-cs', '2026-11-24', 'next-session-not-booked', bs)[0]!.due,
    ).toBe('2027-01-24');
  });
});
