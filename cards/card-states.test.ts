/** The states of the interactive cards, as a viewer sees them (pure: no store involved). */
import { formatInstant, teamsUserMri } from './card-kit';
import { confirmCard, type ConfirmView } from './confirm-card';
import { recordCard } from './record-card';
import { signCard, type SignView } from './sign-card';
import { checkCard } from './testing/parse-card';

const json = (x: unknown) => JSON.stringify(x);

describe('dates on cards are London wall-clock', () => {
  it('in summer time and winter time, whatever the server zone', () => {
    expect(formatInstant('2026-07-01T09:00:00.000Z')).toBe('Wed 1 Jul 2026, 10:00');
    expect(formatInstant('2026-12-01T09:00:00.000Z')).toBe('Tue 1 Dec 2026, 09:00');
    expect(formatInstant('2026-03-31T23:30:00.000Z')).toBe('Wed 1 Apr 2026, 00:30');
  });
});

describe('refresh user ids', () => {
  it('are Teams MRIs for Entra object ids, unchanged otherwise', () => {
    expect(teamsUserMri('6F0D3C2A-1B2C-4D5E-8F90-A1B2C3D4E5F6')).toBe(
      '8:orgid:6f0d3c2a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
    );
    expect(teamsUserMri('8:orgid:abc')).toBe('8:orgid:abc');
    expect(teamsUserMri('tl-hadley')).toBe('tl-hadley');
  });
});

describe('confirm card', () => {
  const base: ConfirmView = {
    sessionId: 's-1',
    superviseeName: 'Jess Morgan',
    supervisorName: 'Helen Ashford',
    start: '2026-11-23T10:00:00.000Z',
    plannedMinutes: 90,
    viewer: 'confirmer',
    outcome: { status: 'scheduled' },
    refreshUserIds: ['tl', 'fsw', 'sm', 'tl'],
    today: '2026-11-24',
    earliestNewDate: '2026-11-25',
  };

  it('offers Held / Cancelled / Not held as ShowCards with Execute verbs and unique inputs', () => {
    const card = confirmCard(base);
    const actions = card.actions as Array<Record<string, unknown>>;
    expect(actions.map((a) => [a.type, a.title])).toEqual([
      ['Action.ShowCard', 'Held'],
      ['Action.ShowCard', 'Cancelled'],
      ['Action.ShowCard', 'Not held'],
    ]);
    const check = checkCard(card);
    expect(check.problems).toEqual([]); // includes duplicate-id validation
    expect(check.verbs).toEqual([
      'session.held',
      'session.cancelled',
      'session.not-held',
      'session.refresh',
    ]);
    const text = json(card);
    for (const id of [
      'heldMinutes',
      'action5Text',
      'action5Owner',
      'action5Due',
      'cancelReason',
      'newDate',
      'newTime',
      'notHeldReason',
    ]) {
      expect(text).toContain(`"id":"${id}"`);
    }
    expect(text).not.toContain('"id":"action6Text"');
    expect(card.refresh).toEqual({
      action: {
        type: 'Action.Execute',
        verb: 'session.refresh',
        data: { sessionId: 's-1', card: 'confirm' },
      },
      userIds: ['tl', 'fsw', 'sm'],
    });
  });

  it('is read-only for the supervisee, and shows the outcome with who and when once answered', () => {
    expect(confirmCard({ ...base, viewer: 'read-only' }).actions).toBeUndefined();
    const done = confirmCard({
      ...base,
      outcome: {
        status: 'cancelled',
        reason: 'Strategy meeting',
        newStart: '2026-11-27T14:00:00.000Z',
        byName: 'Sarah Mitchell',
        at: '2026-11-24T09:31:00.000Z',
      },
    });
    expect(done.actions).toBeUndefined();
    expect(json(done)).toContain('Rescheduled to Fri 27 Nov 2026, 14:00');
    expect(json(done)).toContain('Confirmed by Sarah Mitchell on Tue 24 Nov 2026, 09:31');
  });
});

describe('sign card', () => {
  const base: SignView = {
    sessionId: 's-1',
    viewerRole: 'supervisee',
    superviseeName: 'Jess Morgan',
    supervisorName: 'Helen Ashford',
    heldDate: '2026-11-23',
    heldMinutes: 90,
    summary: 'Summary',
    actions: [],
    contentHash: 'ab'.repeat(32),
    supervisor: { state: 'signed', at: '2026-11-24T10:00:00.000Z' },
    supervisee: { state: 'waiting' },
    refreshUserIds: ['tl', 'fsw'],
  };

  it('signed by X at T, waiting for Y; the buttons carry the hash the viewer saw', () => {
    const card = signCard(base);
    expect(json(card)).toContain('Helen Ashford (supervisor): signed ✓ Tue 24 Nov 2026, 10:00');
    expect(json(card)).toContain('Jess Morgan (supervisee): waiting');
    expect(checkCard(card).verbs).toEqual(['record.sign', 'record.disagree', 'session.refresh']);
    expect(json(card)).toContain(`"contentHash":"${'ab'.repeat(32)}"`);
    // The supervisor has signed: nothing to press for them.
    expect(checkCard(signCard({ ...base, viewerRole: 'supervisor' })).verbs).toEqual([
      'session.refresh',
    ]);
  });

  it('void and re-requested; both signed is final', () => {
    const voided = signCard({
      ...base,
      viewerRole: 'supervisor',
      supervisor: { state: 'voided', at: '2026-11-24T11:00:00.000Z' },
    });
    expect(json(voided)).toContain('signature void');
    expect(checkCard(voided).verbs).toContain('record.sign');
    const final = signCard({
      ...base,
      supervisee: { state: 'signed', at: '2026-11-24T12:00:00.000Z' },
    });
    expect(json(final)).toContain('Supervision record signed ✓');
    expect(json(final)).toContain('this record is final');
  });
});

describe('record card', () => {
  it('the supervisor gets the summary box and Mark record complete; afterwards a way to correct it', () => {
    const view = {
      sessionId: 's-1',
      superviseeName: 'Jess Morgan',
      heldDate: '2026-11-23',
      actions: [],
      canComplete: true,
    };
    expect(checkCard(recordCard(view)).verbs).toEqual(['record.complete', 'command.run']);
    expect(json(recordCard(view))).toContain('"id":"recordSummary"');
    const done = recordCard({ ...view, completedAt: '2026-11-24T10:00:00.000Z' });
    expect(json(done)).toContain('Change the summary');
    expect(checkCard(recordCard({ ...view, canComplete: false })).verbs).toEqual(['command.run']);
  });
});

describe('record card with the profile template', () => {
  it('shows the headings to write under, required ones marked, in guidance and placeholder', () => {
    const view = {
      sessionId: 's-1',
      superviseeName: 'Jess Morgan',
      heldDate: '2026-11-23',
      actions: [],
      canComplete: true,
      template: {
        name: 'Appendix B - Record of Supervision',
        sections: [
          { heading: 'Agenda items', required: true },
          { heading: 'Holidays, Toil or Flexi', required: false },
        ],
      },
    };
    const card = recordCard(view);
    expect(checkCard(card).problems).toEqual([]);
    const box = JSON.parse(json(card)).body.find((e: { id?: string }) => e.id === 'recordSummary');
    expect(box.placeholder).toBe('Agenda items: (required)\nHolidays, Toil or Flexi:');
    expect(json(card)).toContain(
      'Write the record under the headings of Appendix B - Record of Supervision',
    );
    expect(json(card)).toContain('Required: Agenda items.');
    // Correcting a completed record shows the same structure.
    expect(json(recordCard({ ...view, completedAt: '2026-11-24T10:00:00.000Z' }))).toContain(
      'Required: Agenda items.',
    );
    // Without a template the card is as before.
    expect(json(recordCard({ ...view, template: undefined }))).not.toContain('placeholder');
  });
});
