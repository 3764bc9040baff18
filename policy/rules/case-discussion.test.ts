/**
 * case-discussion-due against CONTRACT "Readings settled": Case categories, and the documents'
 * own lines. Every boundary is tested on both sides: the due day itself raises nothing, the
 * day after does. Case cadences count calendar days or calendar months, so bank holidays do
 * not move them (tested across Christmas 2026, Boxing Day substitute 28 Dec).
 */
import { evaluate } from '../evaluate';
import type { CaseRecord, OrgSnapshot, Session } from '../domain';
import { getProfile } from '../profiles';
import { session, smallOrg } from '../test-support';
import { prepFor } from '../prep';
import { caseDiscussionDue } from './case-discussion';

const kase = (
  caseId: string,
  category: string,
  openedAt: string,
  lastDiscussedAt?: string,
  closedAt?: string,
): CaseRecord => ({
  caseId,
  workerId: 'fsw',
  category,
  openedAt,
  ...(lastDiscussedAt ? { lastDiscussedAt } : {}),
  ...(closedAt ? { closedAt } : {}),
});

const org = (cases: CaseRecord[], sessions: Session[] = []): OrgSnapshot =>
  smallOrg({ cases, sessions }, { startDate: '2020-01-01' });

/** The ids of the cases raised as of the end of `asOf`. */
function raised(profileId: string, asOf: string, cases: CaseRecord[], sessions: Session[] = []) {
  return evaluate(org(cases, sessions), getProfile(profileId), asOf)
    .findings.filter((f) => f.kind === 'case-discussion-due')
    .map((f) => f.facts?.caseId);
}

/** The first day the case is raised, between `from` and `to` (null: never). */
function firstRaised(
  profileId: string,
  c: CaseRecord,
  from: string,
  sessions: Session[] = [],
): string | null {
  const p = getProfile(profileId);
  for (let d = new Date(`${from}T12:00:00Z`), i = 0; i < 400; i++) {
    const day = d.toISOString().slice(0, 10);
    const f = evaluate(org([c], sessions), p, day).findings.find(
      (x) => x.kind === 'case-discussion-due',
    );
    if (f) return day;
    d = new Date(d.getTime() + 86_400_000);
  }
  return null;
}

describe('durham-eh, 000 Frequency', () => {
  test('"Rated high priority": monthly, last discussed 20 Oct → raised from 21 Nov', () => {
    const c = kase('C-1', 'high', '2026-01-01', '2026-10-20');
    expect(raised('durham-eh', '2026-11-20', [c])).toEqual([]);
    expect(raised('durham-eh', '2026-11-21', [c])).toEqual(['C-1']);
  });

  test.each(['neglect', 'unborn', 'under-1', 'concern', 'full-circle'])(
    '"%s" is monthly (long-standing neglect; unborn or under 1; causing concern; Full Circle oversight)',
    (label) => {
      const c = kase('C-1', label, '2026-01-01', '2026-10-20');
      expect(raised('durham-eh', '2026-11-20', [c])).toEqual([]);
      expect(raised('durham-eh', '2026-11-21', [c])).toEqual(['C-1']);
    },
  );

  test('"Full Circle cases with One Point involvement – bi monthly": two calendar months', () => {
    const c = kase('C-1', 'full-circle-one-point', '2026-01-01', '2026-09-20');
    expect(raised('durham-eh', '2026-11-20', [c])).toEqual([]);
    expect(raised('durham-eh', '2026-11-21', [c])).toEqual(['C-1']);
  });

  test('"medium and low priority a minimum every 8 weeks": 56 calendar days, across Christmas 2026', () => {
    // 2 Nov + 56 days = Mon 28 Dec (the Boxing Day substitute holiday): not moved by it.
    const c = kase('C-1', 'medium', '2026-01-01', '2026-11-02');
    expect(raised('durham-eh', '2026-12-28', [c])).toEqual([]);
    expect(raised('durham-eh', '2026-12-29', [c])).toEqual(['C-1']);
  });

  test('labels are split on ";", trimmed and matched case-insensitively: "LOW ; Neglect" is monthly', () => {
    const c = kase('C-1', 'LOW ; Neglect', '2026-01-01', '2026-10-20');
    expect(raised('durham-eh', '2026-11-21', [c])).toEqual(['C-1']);
  });

  test('a case takes the shortest cadence among its labels', () => {
    // low: 8 weeks (27 Oct); full-circle-one-point: 2 months (1 Nov) → due 27 Oct.
    const c = kase('C-1', 'full-circle-one-point;low', '2026-01-01', '2026-09-01');
    expect(caseDiscussionDue(getProfile('durham-eh'), c)?.due).toBe('2026-10-27');
  });

  test('an unknown label ("hihg") is ignored: alone, the default 8 weeks; with a known one, that one', () => {
    const alone = kase('C-1', 'hihg', '2026-01-01', '2026-10-20');
    expect(caseDiscussionDue(getProfile('durham-eh'), alone)?.due).toBe('2026-12-15');
    const withKnown = kase('C-2', 'hihg;neglect', '2026-01-01', '2026-10-20');
    expect(caseDiscussionDue(getProfile('durham-eh'), withKnown)?.due).toBe('2026-11-20');
  });

  test('"open to the service for over 6 months in IFST": monthly only once over 6 months (from openedAt)', () => {
    // Opened 15 Jan: 6 months on 15 Jul; last discussed 1 Jun. Monthly would be due 1 Jul, but
    // the rule is in force only after 15 Jul: raised from 16 Jul (the default 8 weeks: 28 Jul).
    const c = kase('C-1', 'ifst', '2026-01-15', '2026-06-01');
    expect(raised('durham-eh', '2026-07-15', [c])).toEqual([]);
    expect(raised('durham-eh', '2026-07-16', [c])).toEqual(['C-1']);
    // Opened 1 Mar: under 6 months until 1 Sep, so the default 8 weeks applies: due 27 Jul.
    const young = kase('C-2', 'ifst', '2026-03-01', '2026-06-01');
    expect(raised('durham-eh', '2026-07-27', [young])).toEqual([]);
    expect(raised('durham-eh', '2026-07-28', [young])).toEqual(['C-2']);
  });

  test('"open to the service for over 3 months in Family Centre": monthly once over 3 months', () => {
    // Opened 10 Jan (over 3 months since 10 Apr), last discussed 1 Jun: due 1 Jul.
    const old = kase('C-1', 'family-centre', '2026-01-10', '2026-06-01');
    expect(raised('durham-eh', '2026-07-01', [old])).toEqual([]);
    expect(raised('durham-eh', '2026-07-02', [old])).toEqual(['C-1']);
    // Opened 5 Apr: 3 months on 5 Jul, so not due before then: raised from 6 Jul.
    const newer = kase('C-2', 'family-centre', '2026-04-05', '2026-06-01');
    expect(raised('durham-eh', '2026-07-05', [newer])).toEqual([]);
    expect(raised('durham-eh', '2026-07-06', [newer])).toEqual(['C-2']);
  });
});

describe('manchester-cs, 002 §3.1', () => {
  test('"within four weeks of allocation": an ordinary case opened 38 days ago and never discussed is raised', () => {
    const c = kase('C-1', 'low', '2026-10-17');
    expect(raised('manchester-cs', '2026-11-24', [c])).toEqual(['C-1']);
  });

  test('"within four weeks of allocation": opened 20 Oct → due 17 Nov, raised from 18 Nov', () => {
    const c = kase('C-1', 'medium', '2026-10-20');
    expect(raised('manchester-cs', '2026-11-17', [c])).toEqual([]);
    expect(raised('manchester-cs', '2026-11-18', [c])).toEqual(['C-1']);
  });

  test('"within four weeks of allocation" counts calendar days across Easter 2026: opened 6 Mar → due Good Friday 3 Apr', () => {
    const c = kase('C-1', 'low', '2026-03-06');
    expect(raised('manchester-cs', '2026-04-03', [c])).toEqual([]);
    expect(raised('manchester-cs', '2026-04-04', [c])).toEqual(['C-1']);
  });

  test('"and then as a minimum every eight weeks": 56 days after the last discussion', () => {
    const c = kase('C-1', 'medium', '2026-01-01', '2026-11-02');
    expect(raised('manchester-cs', '2026-12-28', [c])).toEqual([]);
    expect(raised('manchester-cs', '2026-12-29', [c])).toEqual(['C-1']);
  });

  test.each(['keyworker', 'cp', 'cin', 'lac', 'early-help', 'CP;low'])(
    '"the key worker should receive case supervision on that case within an 8 week cycle": %s',
    (label) => {
      const c = kase('C-1', label, '2026-10-20');
      expect(raised('manchester-cs', '2026-12-15', [c])).toEqual([]);
      expect(raised('manchester-cs', '2026-12-16', [c])).toEqual(['C-1']);
    },
  );

  test('a case with only unknown labels gets the default: first within four weeks', () => {
    const c = kase('C-1', 'single-agency', '2026-10-20');
    expect(raised('manchester-cs', '2026-11-18', [c])).toEqual(['C-1']);
  });
});

describe('telford-sf, 003 §6', () => {
  test('"CP cases at a monthly interval": last 26 Oct → raised from 27 Nov', () => {
    const c = kase('C-1', 'cp', '2026-01-01', '2026-10-26');
    expect(raised('telford-sf', '2026-11-26', [c])).toEqual([]);
    expect(raised('telford-sf', '2026-11-27', [c])).toEqual(['C-1']);
  });

  test('"every open case at least three monthly": last 25 Aug → raised from 26 Nov', () => {
    const c = kase('C-1', 'medium', '2026-01-01', '2026-08-25');
    expect(raised('telford-sf', '2026-11-25', [c])).toEqual([]);
    expect(raised('telford-sf', '2026-11-26', [c])).toEqual(['C-1']);
  });
});

describe('shropshire-teh, 001 Frequency', () => {
  test('"every case every two months": calendar months, 31 Dec → 28 Feb (clamped), raised from 1 Mar', () => {
    const c = kase('C-1', 'low', '2026-01-01', '2026-12-31');
    expect(raised('shropshire-teh', '2027-02-28', [c])).toEqual([]);
    expect(raised('shropshire-teh', '2027-03-01', [c])).toEqual(['C-1']);
  });
});

describe('islington-eh, 004 Frequency: "Every open case, without exception, must be discussed in each monthly supervision"', () => {
  const held = session('s-mar', 'fsw', 'tl', '2026-03-10');

  test('a case left out of the 10 March one-to-one is raised from 11 March (and still on 20 March)', () => {
    const c = kase('C-1', 'low', '2026-01-01', '2026-02-10');
    expect(raised('islington-eh', '2026-03-10', [c], [held])).toEqual([]);
    expect(raised('islington-eh', '2026-03-11', [c], [held])).toEqual(['C-1']);
    expect(raised('islington-eh', '2026-03-20', [c], [held])).toEqual(['C-1']);
    const f = evaluate(org([c], [held]), getProfile('islington-eh'), '2026-03-20').findings.find(
      (x) => x.kind === 'case-discussion-due',
    );
    expect(f?.due).toBe('2026-03-10');
    expect(f?.detail).toContain('due at the one-to-one on 2026-03-10');
  });

  test('discussed on the day of the one-to-one (or after it): nothing', () => {
    expect(
      raised(
        'islington-eh',
        '2026-03-20',
        [kase('C-1', 'low', '2026-01-01', '2026-03-10')],
        [held],
      ),
    ).toEqual([]);
    expect(
      raised(
        'islington-eh',
        '2026-03-20',
        [kase('C-1', 'low', '2026-01-01', '2026-03-12')],
        [held],
      ),
    ).toEqual([]);
  });

  test('"open on the day of a held one-to-one": opened that day counts, opened the day after does not', () => {
    expect(
      raised('islington-eh', '2026-03-11', [kase('C-1', 'low', '2026-03-10')], [held]),
    ).toEqual(['C-1']);
    expect(
      raised('islington-eh', '2026-03-20', [kase('C-1', 'low', '2026-03-11')], [held]),
    ).toEqual([]);
  });

  test('not a rolling 31 days: with no held one-to-one since the last discussion, nothing', () => {
    const c = kase('C-1', 'low', '2026-01-01', '2026-01-05');
    expect(raised('islington-eh', '2026-03-20', [c])).toEqual([]);
    const notHeld = session('s-mar', 'fsw', 'tl', '2026-03-10', { status: 'scheduled' });
    expect(raised('islington-eh', '2026-03-20', [c], [notHeld])).toEqual([]);
  });

  test('a case closed by the day of the one-to-one is not raised', () => {
    const c = kase('C-1', 'low', '2026-01-01', '2026-02-10', '2026-03-10');
    expect(raised('islington-eh', '2026-03-20', [c], [held])).toEqual([]);
  });

  test('the first missed one-to-one is the due date; the finding stays until the case is discussed', () => {
    const apr = session('s-apr', 'fsw', 'tl', '2026-04-07');
    const c = kase('C-1', 'low', '2026-01-01', '2026-02-10');
    expect(firstRaised('islington-eh', c, '2026-03-01', [held, apr])).toBe('2026-03-11');
  });
});

describe('islington-eh prep: every open case is on the list for the next one-to-one', () => {
  test('each open case is due at the session itself; a closed one is not', () => {
    const cases = [
      kase('C-1', 'low', '2026-01-01', '2026-02-10'),
      kase('C-2', 'high', '2026-03-06'),
      kase('C-3', 'low', '2026-01-01', '2026-02-10', '2026-03-01'),
    ];
    const sessions = [
      session('s-feb', 'fsw', 'tl', '2026-02-10'),
      session('s-mar', 'fsw', 'tl', '2026-03-10', { status: 'scheduled' }),
    ];
    const v = prepFor(
      org(cases, sessions),
      getProfile('islington-eh'),
      's-mar',
      '2026-03-09',
      'supervisee',
    );
    expect(v?.casesDue.map((c) => [c.caseId, c.reason.slice(0, 17)])).toEqual([
      ['C-1', 'due by 2026-03-10'],
      ['C-2', 'due by 2026-03-10'],
    ]);
  });
});
