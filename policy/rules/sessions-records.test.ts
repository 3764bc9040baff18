import { evaluate } from '../evaluate';
import type { Finding, FindingKind } from '../findings';
import { getProfile } from '../profiles';
import { PROFILE_IDS } from '../profile';
import { session, smallOrg } from '../test-support';
import type { Session } from '../domain';

const find = (
  sessions: Session[],
  profileId: string,
  asOf: string,
  kind: FindingKind,
  overrides?: unknown,
): Finding[] =>
  evaluate(
    smallOrg({ sessions }, { startDate: '2020-01-01' }),
    getProfile(profileId, overrides),
    asOf,
  ).findings.filter((f) => f.kind === kind);

describe('session-unconfirmed (POLICIES §2 interpretation; CONTRACT)', () => {
  const s = [session('s1', 'fsw', 'tl', '2026-11-23', { status: 'scheduled' })];
  test.each(PROFILE_IDS)(
    '%s: not raised on the 1st working day after, raised from the day after it',
    (id) => {
      expect(find(s, id, '2026-11-24', 'session-unconfirmed')).toEqual([]);
      const f = find(s, id, '2026-11-25', 'session-unconfirmed');
      expect(f).toHaveLength(1);
      expect(f[0]).toMatchObject({
        sessionId: 's1',
        notify: 'tl',
        escalateTo: null,
        due: '2026-11-24',
        key: 'session-unconfirmed|s1',
      });
    },
  );
  test('escalated only after 3 further working days', () => {
    // due Tue 24 Nov; 3 further working days: 25, 26, 27 Nov; escalated from Mon 30 Nov.
    expect(find(s, 'telford-sf', '2026-11-27', 'session-unconfirmed')[0]!.escalateTo).toBeNull();
    expect(find(s, 'telford-sf', '2026-11-30', 'session-unconfirmed')[0]!.escalateTo).toBe('sm');
  });
  test('over Christmas 2026: Thu 24 Dec is due Tue 29 Dec and escalated from Tue 5 Jan', () => {
    const x = [session('x', 'fsw', 'tl', '2026-12-24', { status: 'scheduled' })];
    expect(find(x, 'durham-eh', '2026-12-29', 'session-unconfirmed')).toEqual([]);
    expect(find(x, 'durham-eh', '2026-12-30', 'session-unconfirmed')[0]!.due).toBe('2026-12-29');
    expect(find(x, 'durham-eh', '2027-01-04', 'session-unconfirmed')[0]!.escalateTo).toBeNull();
    expect(find(x, 'durham-eh', '2027-01-05', 'session-unconfirmed')[0]!.escalateTo).toBe('sm');
  });
  test('held, cancelled and future sessions are not unconfirmed', () => {
    const x = [
      session('h', 'fsw', 'tl', '2026-11-02'),
      session('c', 'fsw', 'tl', '2026-11-03', { status: 'cancelled', rescheduledToId: 'f' }),
      session('f', 'fsw', 'tl', '2026-12-02', { status: 'scheduled' }),
    ];
    expect(find(x, 'durham-eh', '2026-11-24', 'session-unconfirmed')).toEqual([]);
  });
});

describe('session-too-short (000, 001 Frequency, 002 App. D: 90 minutes)', () => {
  const x = [
    session('a', 'fsw', 'tl', '2026-11-02', { heldMinutes: 89 }),
    session('b', 'fsw', 'tl', '2026-10-05', { heldMinutes: 90 }),
  ];
  test.each(['durham-eh', 'shropshire-teh', 'manchester-cs'])(
    '%s: 89 minutes is flagged (still counts as held), 90 is not',
    (id) => {
      const f = find(x, id, '2026-11-24', 'session-too-short');
      expect(f.map((y) => y.key)).toEqual(['session-too-short|a']);
      expect(f[0]).toMatchObject({ notify: 'tl', due: '2026-11-02', severity: 'warning' });
      expect(find(x, id, '2026-11-30', 'supervision-gap').map((g) => g.key)).not.toContain(
        'supervision-gap|fsw|2026-11',
      );
    },
  );
  test.each(['telford-sf', 'islington-eh'])('%s sets no minimum', (id) => {
    expect(find(x, id, '2026-11-24', 'session-too-short')).toEqual([]);
  });
  test('an organisation can lower the minimum', () => {
    expect(find(x, 'durham-eh', '2026-11-24', 'session-too-short', { minimumMinutes: 60 })).toEqual(
      [],
    );
  });
});

describe('record-overdue (001 Completion and storage; 002 §3; 004 Frequency)', () => {
  // Mon 2 Nov 2026: 5 working days and one calendar week both end Mon 9 Nov.
  test.each(['durham-eh', 'shropshire-teh', 'manchester-cs', 'islington-eh'])(
    '%s: due Mon 9 Nov; on the deadline day itself not yet overdue',
    (id) => {
      const x = [session('r', 'fsw', 'tl', '2026-11-02')];
      expect(find(x, id, '2026-11-09', 'record-overdue')).toEqual([]);
      const f = find(x, id, '2026-11-10', 'record-overdue');
      expect(f[0]).toMatchObject({
        key: 'record-overdue|r',
        due: '2026-11-09',
        notify: 'tl',
        escalateTo: null,
        severity: 'breach',
      });
    },
  );
  test('003 §6 "recorded in the session": telford-sf is due the session day, overdue the next', () => {
    const x = [session('r', 'fsw', 'tl', '2026-11-02')];
    expect(find(x, 'telford-sf', '2026-11-02', 'record-overdue')).toEqual([]);
    expect(find(x, 'telford-sf', '2026-11-03', 'record-overdue')[0]).toMatchObject({
      due: '2026-11-02',
      source: '003 §6 (recorded in the session, by the supervisor)',
    });
  });
  test('escalated after the grace working days', () => {
    const x = [session('r', 'fsw', 'tl', '2026-11-02')];
    expect(find(x, 'shropshire-teh', '2026-11-12', 'record-overdue')[0]!.escalateTo).toBeNull();
    expect(find(x, 'shropshire-teh', '2026-11-13', 'record-overdue')[0]!.escalateTo).toBe('sm');
  });
  test('a record due across Christmas 2026: Mon 21 Dec is due Wed 30 Dec (25 Fri, 28 Mon substitute)', () => {
    const x = [session('r', 'fsw', 'tl', '2026-12-21')];
    expect(find(x, 'shropshire-teh', '2026-12-30', 'record-overdue')).toEqual([]);
    expect(find(x, 'shropshire-teh', '2026-12-31', 'record-overdue')[0]!.due).toBe('2026-12-30');
  });
  test('a deadline across the October 2026 clock change: 23:30 London on Fri 23 Oct (BST) is a 23 Oct session', () => {
    const x = [session('r', 'fsw', 'tl', '2026-10-23', { time: '23:30' })];
    expect(x[0]!.scheduledStart).toBe('2026-10-23T22:30:00.000Z');
    expect(find(x, 'islington-eh', '2026-10-30', 'record-overdue')).toEqual([]);
    expect(find(x, 'islington-eh', '2026-10-31', 'record-overdue')[0]!.due).toBe('2026-10-30');
  });
  test('a completed record is never overdue', () => {
    const x = [
      session('r', 'fsw', 'tl', '2026-11-02', { recordCompletedAt: '2026-11-20T09:00:00.000Z' }),
    ];
    expect(find(x, 'durham-eh', '2026-11-24', 'record-overdue')).toEqual([]);
  });
  test('004: a significant decision is due within 24 hours (islington-eh), raised at the end of the day the hours run out', () => {
    // Held Mon 2 Nov 10:00-11:30: due 11:30 Tue 3 Nov, raised as of the end of 3 Nov.
    const x = [session('r', 'fsw', 'tl', '2026-11-02', { significantDecision: true })];
    expect(find(x, 'islington-eh', '2026-11-02', 'record-overdue')).toEqual([]);
    const f = find(x, 'islington-eh', '2026-11-03', 'record-overdue');
    expect(f[0]).toMatchObject({ due: '2026-11-03' });
    expect(f[0]!.detail).toMatch(/24-hour/);
    // Other profiles have no short deadline: 5 working days.
    expect(find(x, 'durham-eh', '2026-11-04', 'record-overdue')).toEqual([]);
  });
  test('004: a significant decision late on Friday runs over the weekend in hours, not working days', () => {
    const x = [
      session('r', 'fsw', 'tl', '2026-11-06', { time: '16:00', significantDecision: true }),
    ];
    // Ends 17:30 Fri 6 Nov: due 17:30 Sat 7 Nov, raised as of the end of Saturday.
    expect(find(x, 'islington-eh', '2026-11-06', 'record-overdue')).toEqual([]);
    expect(find(x, 'islington-eh', '2026-11-07', 'record-overdue')[0]!.due).toBe('2026-11-07');
  });
});

describe('signature-overdue (001 Completion and storage; 002 §2.4; CONTRACT)', () => {
  const completed = { recordCompletedAt: '2026-11-02T15:00:00.000Z' };
  test('5 working days after the record was completed, one finding per missing signer', () => {
    const x = [session('g', 'fsw', 'tl', '2026-11-02', completed)];
    expect(find(x, 'shropshire-teh', '2026-11-09', 'signature-overdue')).toEqual([]);
    const f = find(x, 'shropshire-teh', '2026-11-10', 'signature-overdue');
    expect(f.map((y) => [y.key, y.notify])).toEqual([
      ['signature-overdue|g|supervisee', 'fsw'],
      ['signature-overdue|g|supervisor', 'tl'],
    ]);
  });
  test('only the missing signer is notified', () => {
    const x = [
      session('g', 'fsw', 'tl', '2026-11-02', {
        ...completed,
        supervisorSignedAt: '2026-11-02T16:00:00.000Z',
      }),
    ];
    expect(
      find(x, 'manchester-cs', '2026-11-24', 'signature-overdue').map((y) => y.notify),
    ).toEqual(['fsw']);
  });
  test('fully signed: nothing', () => {
    const x = [
      session('g', 'fsw', 'tl', '2026-11-02', {
        ...completed,
        supervisorSignedAt: '2026-11-02T16:00:00.000Z',
        superviseeSignedAt: '2026-11-03T09:00:00.000Z',
      }),
    ];
    expect(find(x, 'telford-sf', '2026-11-24', 'signature-overdue')).toEqual([]);
  });
  test('the signature deadline is tunable', () => {
    const x = [session('g', 'fsw', 'tl', '2026-11-02', completed)];
    expect(
      find(x, 'shropshire-teh', '2026-11-04', 'signature-overdue', {
        signatureDeadlineWorkingDays: 1,
      }),
    ).toHaveLength(2);
  });
});

describe('paperwork as it stood on the as-of date (evaluating a past day)', () => {
  test('a record completed after the as-of date was not yet done on it', () => {
    const x = [
      session('r', 'fsw', 'tl', '2026-11-02', { recordCompletedAt: '2026-11-20T09:00:00.000Z' }),
    ];
    expect(find(x, 'shropshire-teh', '2026-11-12', 'record-overdue').map((f) => f.due)).toEqual([
      '2026-11-09',
    ]);
    // As of the end of the day it was completed, it is done.
    expect(find(x, 'shropshire-teh', '2026-11-20', 'record-overdue')).toEqual([]);
  });
  test('a signature dated after the as-of date was still missing on it', () => {
    const x = [
      session('g', 'fsw', 'tl', '2026-11-02', {
        recordCompletedAt: '2026-11-02T15:00:00.000Z',
        supervisorSignedAt: '2026-11-20T09:00:00.000Z',
        superviseeSignedAt: '2026-11-03T09:00:00.000Z',
      }),
    ];
    expect(find(x, 'shropshire-teh', '2026-11-12', 'signature-overdue').map((f) => f.key)).toEqual([
      'signature-overdue|g|supervisor',
    ]);
    expect(find(x, 'shropshire-teh', '2026-11-20', 'signature-overdue')).toEqual([]);
  });
});

describe('leavers: paperwork from before they left is still chased', () => {
  const asLeaver = (sessions: Session[], asOf: string, leftDate = '2026-07-31') =>
    evaluate(
      smallOrg({ sessions }, { startDate: '2020-01-01', leftDate }),
      getProfile('telford-sf'),
      asOf,
    ).findings.filter((f) => f.staffId === 'fsw');
  test("an unwritten record of a leaver's session stays overdue after their last day", () => {
    const f = asLeaver([session('a', 'fsw', 'tl', '2026-07-20')], '2026-08-03');
    expect(f.map((x) => [x.kind, x.key, x.due, x.notify])).toEqual([
      // 003 §6: recorded in the session, so due the session day.
      ['record-overdue', 'record-overdue|a', '2026-07-20', 'tl'],
    ]);
  });
  test("missing signatures stay overdue; the leaver's own goes to the supervisor", () => {
    const x = [
      session('g', 'fsw', 'tl', '2026-07-20', { recordCompletedAt: '2026-07-21T15:00:00.000Z' }),
    ];
    const f = asLeaver(x, '2026-08-03', '2026-07-24');
    expect(f.map((y) => [y.kind, y.key, y.notify])).toEqual([
      ['signature-overdue', 'signature-overdue|g|supervisee', 'tl'],
      ['signature-overdue', 'signature-overdue|g|supervisor', 'tl'],
    ]);
    expect(f[0]!.detail).toMatch(/left on 2026-07-24/);
  });
  test('other rules (gap, next session, agreement, yearly) skip a leaver', () => {
    // No one-to-one in August or September, no agreement, nothing booked: all silent.
    expect(
      asLeaver(
        [
          session('a', 'fsw', 'tl', '2026-07-20', {
            recordCompletedAt: '2026-07-20T15:00:00.000Z',
          }),
        ],
        '2026-10-05',
      ),
    ).toEqual([
      expect.objectContaining({ kind: 'signature-overdue', key: 'signature-overdue|a|supervisee' }),
      expect.objectContaining({ kind: 'signature-overdue', key: 'signature-overdue|a|supervisor' }),
    ]);
  });
  test('a session dated after the last day is not theirs to chase', () => {
    expect(asLeaver([session('late', 'fsw', 'tl', '2026-08-10')], '2026-09-01')).toEqual([]);
  });
});
