/** CONTRACT "Booked length" (durham-eh, 000 Personal & Case Supervision). */
import type { Session } from '../domain';
import { evaluate } from '../evaluate';
import { getProfile } from '../profiles';
import { session, smallOrg } from '../test-support';

const short = (sessions: Session[], profileId: string, asOf: string, overrides?: unknown) =>
  evaluate(
    smallOrg({ sessions }, { startDate: '2020-01-01' }),
    getProfile(profileId, overrides),
    asOf,
  ).findings.filter((f) => f.kind === 'session-too-short');

describe('000 "Minimum of 90 minutes allocated": a booking under 90 minutes (durham-eh)', () => {
  // Booked for Tue 7 Apr 2026 (after Easter Monday), seen on Thu 2 Apr.
  const booked = (plannedMinutes: number) => [
    session('b', 'fsw', 'tl', '2026-04-07', { status: 'scheduled', plannedMinutes }),
  ];
  test('89 minutes booked: a warning to the supervisor from the day it is seen booked', () => {
    const f = short(booked(89), 'durham-eh', '2026-04-02');
    expect(f).toEqual([
      expect.objectContaining({
        key: 'session-too-short|b|booked',
        notify: 'tl',
        escalateTo: null,
        severity: 'warning',
        due: '2026-04-02',
        source: '000 Personal & Case Supervision (minimum of 90 minutes allocated)',
      }),
    ]);
  });
  test('90 minutes booked: nothing', () => {
    expect(short(booked(90), 'durham-eh', '2026-04-02')).toEqual([]);
  });
  test('no planned length: nothing to judge', () => {
    const x = [session('b', 'fsw', 'tl', '2026-04-07', { status: 'scheduled' })];
    delete x[0]!.plannedMinutes;
    expect(short(x, 'durham-eh', '2026-04-02')).toEqual([]);
  });
  test('still scheduled after its day (unconfirmed): due the session day', () => {
    expect(short(booked(60), 'durham-eh', '2026-04-09')[0]!.due).toBe('2026-04-07');
  });
  test('once held, the held length decides (88 held is short; booked 60 but held 90 is not)', () => {
    const held = (heldMinutes: number) => [
      session('b', 'fsw', 'tl', '2026-04-07', { plannedMinutes: 60, heldMinutes }),
    ];
    expect(short(held(88), 'durham-eh', '2026-04-08').map((f) => f.key)).toEqual([
      'session-too-short|b',
    ]);
    expect(short(held(90), 'durham-eh', '2026-04-08')).toEqual([]);
  });
  test('cancelled bookings are not judged', () => {
    const x = [
      session('b', 'fsw', 'tl', '2026-04-07', { status: 'cancelled', plannedMinutes: 30 }),
    ];
    expect(short(x, 'durham-eh', '2026-04-02')).toEqual([]);
  });
  test.each(['shropshire-teh', 'manchester-cs', 'telford-sf', 'islington-eh'])(
    '%s: the documents set the length held, not booked: nothing until an organisation turns it on',
    (id) => {
      expect(short(booked(60), id, '2026-04-02')).toEqual([]);
    },
  );
  test('an organisation can turn it on (with a minimum)', () => {
    expect(
      short(booked(60), 'manchester-cs', '2026-04-02', { bookedLengthChecked: true }),
    ).toHaveLength(1);
  });
});
