/**
 * Every triage card in every state, parsed by the adaptivecards library with no warnings,
 * schema 1.5, verbs present, and under Teams' size limit — including worst cases (a big team,
 * a rota with no days filled two months ahead).
 */
import { defaultCalendar } from '../policy/calendar';
import type { CardJson } from './card-kit';
import { checkCard } from './testing/parse-card';
import { triageBalanceCard } from './triage-balance-card';
import { triageCoverCard } from './triage-cover-card';
import { MAX_GAPS_SHOWN, triageGapsCard } from './triage-gaps-card';
import { TRIAGE_VERBS, type DayView, type PersonView } from './triage-kit';
import { triageMeetingsCard } from './triage-meetings-card';
import { triageReadinessCard } from './triage-readiness-card';
import { triageReminderCard } from './triage-reminder-card';
import { triageSickCard, type SickState } from './triage-sick-card';
import { triageSwapCard, type SwapState } from './triage-swap-card';

const LIMIT_BYTES = 28 * 1024;
const LONG = 'Bartholomew-Featherstonehaugh Ümlaut-Öztürk';
const HUBS = ['Hadley Castle', 'The Wrekin', 'Lakeside South'];

const people: PersonView[] = Array.from({ length: 14 }, (_, i) => ({
  id: `member-${i}`,
  name: `${LONG} ${i}`,
  hub: HUBS[i % 3]!,
  email: `member-${i}@example.org`,
  teamsChatUrl: `https://teams.microsoft.com/l/chat/0/0?users=member-${i}%40example.org`,
}));

const days = defaultCalendar.workingDaysInRange('2026-11-24', '2027-01-31');
// `my triage` shows six days (present/triage-views.ts MY_DAYS_SHOWN); eight here for margin.
const mine: DayView[] = days.slice(0, 8).map((date) => ({
  date,
  hub: 'The Wrekin',
  member: people[1]!,
  status: 'planned',
  canSwap: true,
  canReportSick: true,
}));
const mixed: DayView[] = days.slice(0, 5).map((date, i) => ({
  date,
  hub: HUBS[i % 3]!,
  member: i === 2 ? null : people[i]!,
  status: i === 3 ? 'sick' : i === 4 ? 'swapped' : 'planned',
  canTake: i === 2,
  canSwap: i === 0,
  canReportSick: i === 0,
}));

const swapStates: SwapState[] = [
  { status: 'open', expiresAt: '2026-11-25T09:00:00.000Z' },
  { status: 'accepted', byName: LONG, giveBackDate: '2026-12-03' },
  { status: 'accepted', byName: LONG },
  { status: 'declined', byName: LONG },
  { status: 'expired' },
  { status: 'withdrawn' },
];
const sickStates: SickState[] = [
  { status: 'open', stage: 'hub' },
  { status: 'open', stage: 'leaders' },
  { status: 'covered', byName: LONG, byViewer: false },
  { status: 'covered', byName: LONG, byViewer: true },
  { status: 'expired' },
];

const cases: Array<{ id: string; card: CardJson }> = [
  {
    id: 'cover today',
    card: triageCoverCard({
      title: 'Triage desk today',
      days: mixed.slice(0, 1),
      colleagues: people,
      refreshData: { view: 'today' },
    }),
  },
  {
    id: 'cover weekend',
    card: triageCoverCard({
      title: 'Triage desk today',
      days: [],
      emptyText: 'Not a rota day.',
      colleagues: [],
      refreshData: { view: 'today' },
    }),
  },
  {
    id: 'cover week',
    card: triageCoverCard({
      title: 'Triage desk this week',
      days: mixed,
      colleagues: people,
      refreshData: { view: 'week' },
      notice: { message: 'You cover Wed 9 Dec 2026.', tone: 'good' },
    }),
  },
  {
    id: 'my days (worst)',
    card: triageCoverCard({
      title: 'My triage days',
      days: mine,
      colleagues: people,
      refreshData: { view: 'my' },
    }),
  },
  {
    id: 'gaps none',
    card: triageGapsCard({ from: '2026-11-24', to: '2027-01-31', gaps: [], canTake: true }),
  },
  {
    id: 'gaps all (worst)',
    card: triageGapsCard({
      from: '2026-11-24',
      to: '2027-01-31',
      gaps: days.map((date, i) => ({
        date,
        hub: HUBS[i % 3]!,
        reason: i % 7 ? 'unassigned' : 'sick',
      })),
      canTake: true,
    }),
  },
  {
    id: 'gaps read-only',
    card: triageGapsCard({
      from: '2026-11-24',
      to: '2027-01-31',
      gaps: days.slice(0, 3).map((date) => ({ date, hub: null, reason: 'unassigned' })),
      canTake: false,
    }),
  },
  {
    id: 'balance (worst)',
    card: triageBalanceCard({
      months: ['2026-11', '2026-12', '2027-01'].map((month) => ({
        month,
        label: month,
        rows: people.map((p, i) => ({
          name: p.name,
          hub: p.hub,
          days: i % 5,
          fairShare: 2.5,
          diff: (i % 5) - 2.5,
          imbalanced: Math.abs((i % 5) - 2.5) > 1,
        })),
      })),
      fairShareNote: 'Fair share note',
    }),
  },
  {
    id: 'balance empty',
    card: triageBalanceCard({
      months: [{ month: '2026-12', label: 'December 2026', rows: [] }],
      fairShareNote: 'x',
    }),
  },
  {
    id: 'readiness ready',
    card: triageReadinessCard({
      checkDay: '2026-12-07',
      from: '2026-12-07',
      to: '2027-02-28',
      monthLabels: ['January 2027', 'February 2027'],
      ready: true,
      gaps: [],
      canTake: true,
    }),
  },
  {
    id: 'readiness gaps (worst)',
    card: triageReadinessCard({
      checkDay: '2026-12-07',
      from: '2026-12-07',
      to: '2027-02-28',
      monthLabels: ['January 2027', 'February 2027'],
      ready: false,
      gaps: days.map((date) => ({ date, hub: 'The Wrekin' })),
      canTake: true,
    }),
  },
  ...swapStates.flatMap((state) =>
    (['asked', 'holder', 'other'] as const).map((viewer) => ({
      id: `swap ${state.status} ${viewer}`,
      card: triageSwapCard({
        requestId: 'swap|2026-12-01|x',
        date: '2026-12-01',
        hub: 'The Wrekin',
        holderName: LONG,
        viewer,
        askedDescription: 'Rota colleagues in The Wrekin',
        state,
        giveBackDates: days.slice(5, 13),
        refreshUserIds: ['a', 'b', 'c'],
      }),
    })),
  ),
  ...sickStates.flatMap((state) =>
    (['asked', 'holder', 'other'] as const).map((viewer) => ({
      id: `sick ${state.status}${'stage' in state ? `-${state.stage}` : ''} ${viewer}`,
      card: triageSickCard({
        requestId: 'sick|2026-11-25|x',
        date: '2026-11-25',
        hub: 'The Wrekin',
        holderName: LONG,
        viewer,
        state,
        refreshUserIds: ['a', 'b', 'c', 'd'],
        notice: { message: 'Get well soon.', tone: 'good' },
      }),
    })),
  ),
  {
    id: 'reminder with meetings',
    card: triageReminderCard({
      day: { ...mine[0]! },
      deskHours: { start: '09:00', end: '17:00' },
      meetingsNote: 'Multi-agency meetings (Autumn term): The Wrekin attends Steer Clear.',
      colleagues: people,
    }),
  },
  {
    id: 'reminder plain',
    card: triageReminderCard({
      day: { ...mine[1]!, canSwap: false, canReportSick: false },
      deskHours: { start: '09:00', end: '17:00' },
      colleagues: [],
    }),
  },
  {
    id: 'meetings',
    card: triageMeetingsCard({
      terms: [
        {
          label: 'Autumn term',
          current: true,
          rows: [
            { hub: 'Hadley Castle', meeting: 'Chanel' },
            { hub: 'The Wrekin', meeting: 'Steer Clear' },
            { hub: 'Lakeside South', meeting: 'MARAC' },
          ],
        },
        {
          label: 'Spring term',
          current: false,
          rows: [{ hub: 'Hadley Castle', meeting: 'MARAC' }],
        },
      ],
      viewerHub: 'The Wrekin',
      source: '003',
    }),
  },
];

describe('triage cards', () => {
  it.each(cases)('$id parses cleanly as schema 1.5, under the size limit', ({ card }) => {
    const check = checkCard(card);
    expect(check.problems).toEqual([]);
    expect(check.version).toBe('1.5');
    expect(check.verbs).not.toContain('<missing verb>');
    expect(check.bytes).toBeLessThan(LIMIT_BYTES);
  });

  it('uses only triage verbs and offers the right buttons per state', () => {
    const verbs = new Set(cases.flatMap((c) => checkCard(c.card).verbs));
    for (const v of verbs) expect(Object.values(TRIAGE_VERBS)).toContain(v);
    const verbsOf = (id: string) => checkCard(cases.find((c) => c.id === id)!.card).verbs;
    expect(verbsOf('swap open asked')).toEqual(
      expect.arrayContaining([TRIAGE_VERBS.swapAccept, TRIAGE_VERBS.swapDecline]),
    );
    expect(verbsOf('swap open holder')).not.toContain(TRIAGE_VERBS.swapAccept);
    expect(verbsOf('swap accepted asked')).not.toContain(TRIAGE_VERBS.swapAccept);
    expect(verbsOf('sick open-hub asked')).toContain(TRIAGE_VERBS.coverAccept);
    expect(verbsOf('sick covered other')).not.toContain(TRIAGE_VERBS.coverAccept);
    expect(verbsOf('my days (worst)')).toEqual(
      expect.arrayContaining([TRIAGE_VERBS.swapOffer, TRIAGE_VERBS.sick]),
    );
    expect(verbsOf('gaps read-only')).not.toContain(TRIAGE_VERBS.take);
  });

  it('swap and sickness cards refresh for everyone involved', () => {
    const sick = cases.find((c) => c.id === 'sick open-hub asked')!.card as {
      refresh?: { userIds: string[]; action: { verb: string } };
    };
    expect(sick.refresh).toEqual({
      action: expect.objectContaining({ type: 'Action.Execute', verb: TRIAGE_VERBS.refresh }),
      userIds: ['a', 'b', 'c', 'd'],
    });
  });

  it('the gaps card caps its list (size) and says how many more', () => {
    const text = JSON.stringify(cases.find((c) => c.id === 'gaps all (worst)')!.card);
    expect(text).toContain(`…and ${days.length - MAX_GAPS_SHOWN} more`);
  });

  it('reports the largest triage card', () => {
    const sizes = cases
      .map((c) => ({ id: c.id, bytes: checkCard(c.card).bytes }))
      .sort((a, b) => b.bytes - a.bytes);
    console.log(
      `largest triage cards: ${sizes
        .slice(0, 4)
        .map((s) => `${s.id} ${s.bytes} B`)
        .join(', ')}`,
    );
    expect(sizes[0]!.bytes).toBeLessThan(LIMIT_BYTES);
  });
});
