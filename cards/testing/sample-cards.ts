/**
 * Every supervision card in every state, built for one policy profile from realistic view
 * models — including worst cases (long summaries at their input limits, big caseloads, big
 * teams) so the size test measures what Teams could really receive.
 */
import type { PolicyProfile } from '../../policy/profile';
import { actionsCard } from '../actions-card';
import type { ActionView, CardJson } from '../card-kit';
import { comingUpCard } from '../coming-up-card';
import { confirmCard, type ConfirmView } from '../confirm-card';
import { helpCard } from '../help-card';
import { nextCard } from '../next-card';
import { prepCard } from '../prep-card';
import { recordCard } from '../record-card';
import { signCard, type SignView } from '../sign-card';
import { statusCard } from '../status-card';
import { teamCard } from '../team-card';

const START = '2026-11-26T10:00:00.000Z';
const LONG = (n: number) =>
  'Long text with ümlauts & "quotes" <tags> '.repeat(Math.ceil(n / 40)).slice(0, n);

const actions: ActionView[] = [1, 2, 3, 4, 5].map((i) => ({
  id: `s-1|a${i}`,
  text: `Action ${i}: ${LONG(280)}`,
  ownerName: i % 2 ? 'Priya Shah' : 'Tom Evans',
  due: '2026-12-0' + i,
  overdue: i === 1,
}));

export function sampleCards(profile: PolicyProfile): Array<{ name: string; card: CardJson }> {
  const out: Array<{ name: string; card: CardJson }> = [];
  const add = (name: string, card: CardJson) => out.push({ name, card });

  add(
    'coming-up',
    comingUpCard({
      sessionId: 's-2',
      role: 'supervisee',
      withName: 'Tom Evans',
      start: START,
      plannedMinutes: 90,
      kindLabel: 'One-to-one',
      prepDate: '2026-11-24',
      prepareWhere: profile.prep.supervisee.map((p) => p.text),
      tabUrl: 'https://example.invalid/tab',
    }),
  );
  for (const role of ['supervisee', 'supervisor'] as const) {
    const items = role === 'supervisee' ? profile.prep.supervisee : profile.prep.supervisor;
    add(
      `prep-${role}`,
      prepCard({
        sessionId: 's-2',
        role,
        withName: role === 'supervisee' ? 'Tom Evans' : 'Priya Shah',
        start: START,
        plannedMinutes: 90,
        openActions: actions,
        cases: Array.from({ length: 60 }, (_, i) => ({
          caseId: `LL-${100000 + i}`,
          why: `last discussed 2026-08-${String((i % 28) + 1).padStart(2, '0')} (high: monthly)`,
        })),
        asks: items.map((p) => ({
          text: p.text,
          source: p.source,
          dueBy: p.id.includes('audit') ? '2026-11-24' : undefined,
        })),
        agenda: profile.prep.agenda.map((a) => a.text),
        policyName: profile.document,
      }),
    );
  }
  const confirmBase: ConfirmView = {
    sessionId: 's-1',
    superviseeName: 'Priya Shah',
    supervisorName: 'Tom Evans',
    start: START,
    plannedMinutes: profile.minimumMinutes.value ?? 60,
    viewer: 'confirmer',
    outcome: { status: 'scheduled' },
    refreshUserIds: ['fsw-1', 'tl-1', 'sm-1'],
    today: '2026-11-27',
    earliestNewDate: '2026-11-28',
  };
  add('confirm-open', confirmCard(confirmBase));
  add('confirm-readonly', confirmCard({ ...confirmBase, viewer: 'read-only' }));
  add(
    'confirm-held',
    confirmCard({
      ...confirmBase,
      outcome: {
        status: 'held',
        heldMinutes: 95,
        actions,
        byName: 'Tom Evans',
        at: '2026-11-27T09:12:00.000Z',
      },
      notice: { message: 'Already confirmed.', tone: 'good' },
    }),
  );
  add(
    'confirm-cancelled',
    confirmCard({
      ...confirmBase,
      outcome: {
        status: 'cancelled',
        reason: LONG(500),
        newStart: '2026-12-03T10:00:00.000Z',
        byName: 'Sam Jones',
        at: START,
      },
    }),
  );
  add(
    'confirm-not-held',
    confirmCard({ ...confirmBase, outcome: { status: 'not-held', reason: LONG(500) } }),
  );

  const record = {
    sessionId: 's-1',
    superviseeName: 'Priya Shah',
    heldDate: '2026-11-26',
    heldMinutes: 95,
    actions,
    dueBy: '2026-12-03',
    canComplete: true,
  };
  add('record-open', recordCard({ ...record, summary: LONG(4000) }));
  add('record-done', recordCard({ ...record, completedAt: '2026-11-27T09:12:00.000Z' }));

  const sign: SignView = {
    sessionId: 's-1',
    viewerRole: 'supervisee',
    superviseeName: 'Priya Shah',
    supervisorName: 'Tom Evans',
    heldDate: '2026-11-26',
    heldMinutes: 95,
    summary: LONG(4000),
    actions,
    contentHash: 'a'.repeat(64),
    supervisor: { state: 'signed', at: '2026-11-27T09:12:00.000Z' },
    supervisee: { state: 'waiting' },
    refreshUserIds: ['fsw-1', 'tl-1'],
  };
  add('sign-waiting', signCard(sign));
  add('sign-supervisor-view', signCard({ ...sign, viewerRole: 'supervisor' }));
  add(
    'sign-disagreed',
    signCard({ ...sign, supervisee: { state: 'disagreed', at: START, comment: LONG(2000) } }),
  );
  add(
    'sign-voided',
    signCard({
      ...sign,
      supervisor: { state: 'voided', at: START },
      notice: { message: 'The record changed.', tone: 'warning' },
    }),
  );
  add('sign-final', signCard({ ...sign, supervisee: { state: 'signed', at: START } }));

  add(
    'next',
    nextCard({
      next: {
        sessionId: 's-2',
        role: 'supervisee',
        withName: 'Tom Evans',
        start: START,
        plannedMinutes: 90,
        kindLabel: 'One-to-one',
      },
      openActions: actions,
      caseIds: Array.from({ length: 30 }, (_, i) => `LL-${i}`),
      prepare: profile.prep.supervisee.map((p) => p.text),
    }),
  );
  add('next-none', nextCard({ next: null, openActions: [], caseIds: [], prepare: [] }));
  add(
    'actions',
    actionsCard({
      items: Array.from({ length: 45 }, (_, i) => ({
        id: `a${i}`,
        text: LONG(300),
        due: '2026-11-' + String((i % 28) + 1).padStart(2, '0'),
        overdue: i % 3 === 0,
        agreedOn: '2026-10-20',
      })),
    }),
  );
  add('actions-empty', actionsCard({ items: [] }));
  add(
    'status',
    statusCard({
      name: 'Priya Shah',
      yearLabel: '2026/27',
      heldThisYear: 6,
      minimum: profile.perYear.value?.fullTime ?? null,
      lastHeld: '2026-10-20',
      nextBooked: '2026-11-26',
      rag: 'amber',
      overdue: Array.from({ length: 20 }, (_, i) => ({
        title: 'Record overdue',
        detail: LONG(150) + i,
        due: '2026-11-20',
      })),
      policyName: profile.document,
    }),
  );
  add(
    'team',
    teamCard({
      managerName: 'Sam Jones',
      rows: Array.from({ length: 80 }, (_, i) => ({
        staffId: `fsw-${i}`,
        name: `Staff Member ${i}`,
        rag: (['red', 'amber', 'green'] as const)[i % 3]!,
        lastHeld: '2026-10-20',
        nextBooked: i % 2 ? '2026-12-01' : undefined,
        issues:
          i % 3 === 0 ? ['record overdue', 'no one-to-one in October', 'agreement review due'] : [],
      })),
      tabUrl: 'https://example.invalid/tab',
    }),
  );
  add('team-empty', teamCard({ managerName: 'Sam Jones', rows: [] }));
  add(
    'help',
    helpCard({
      commands: ['next', 'actions', 'status', 'team', 'help', 'triage today'].map((name) => ({
        name,
        description: `Does ${name}`,
      })),
    }),
  );
  add(
    'help-unknown',
    helpCard({
      commands: [
        { name: 'next', description: 'Next' },
        { name: 'help', description: 'This list' },
      ],
      unknownText: 'blah',
    }),
  );
  return out;
}
