import { londonInstant } from '../policy/calendar';
import { checkCard } from '../cards/testing/parse-card';
import type { CardActionResult } from '../present/card-types';
import { runCardAction } from '../present/card-actions';
import { rescheduledId } from './confirm-inputs';
import { recordContent, recordHash } from './record-hash';
import { demoSessions, makeHarness, request, type Harness } from './testing/harness';

let PAST: string; // 2026-11-23, still scheduled: needs confirming
let FUTURE: string; // 2026-11-26
const SUPERVISOR = 'tl-hadley';
const SUPERVISEE = 'fsw-hadley-1';
const LINE_MANAGER = 'sm-1';

let heldData: Record<string, unknown>;
const heldDataFor = (sessionId: string) => ({
  sessionId,
  heldMinutes: '95',
  action1Text: 'Update the chronology on LL-204332',
  action1Owner: 'supervisee',
  action1Due: '2026-12-04',
  action3Text: 'Book the family network meeting',
  action3Owner: 'supervisor',
});
beforeAll(async () => {
  ({ past: PAST, upcoming: FUTURE } = await demoSessions());
  heldData = heldDataFor(PAST);
});

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.close());

function card(r: CardActionResult) {
  if (r.kind !== 'card')
    throw new Error(`expected a card, got ${r.kind}: ${'message' in r ? r.message : ''}`);
  expect(checkCard(r.card).problems).toEqual([]);
  return r;
}
const json = (x: unknown) => JSON.stringify(x);

describe('session.held', () => {
  it('a Held press reads the session and its agreed actions once (issue 13)', async () => {
    // Every read through the writer and the source, in order, through counting wrappers.
    const reads: string[] = [];
    const writer = h.ctx.writer;
    const getSession = writer.getSession.bind(writer);
    writer.getSession = async (id) => {
      reads.push(`writer.getSession ${id}`);
      return getSession(id);
    };
    const source = h.ctx.source;
    h.ctx.source = new Proxy(source, {
      get(target, prop, receiver) {
        const v: unknown = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          reads.push(`source.${String(prop)}`);
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    card(await runCardAction(h.ctx, request(SUPERVISOR, 'session.held', heldData)));
    expect((await h.schedule.getSession(PAST))!.value.status).toBe('held');
    expect(reads.filter((r) => r === `writer.getSession ${PAST}`)).toHaveLength(1);
    expect(reads.filter((r) => r === 'source.actionsOfSessions')).toHaveLength(1);
    expect(reads.filter((r) => r === 'source.load')).toHaveLength(0);
  });

  it('a follow-on that could not be saved is marked transient, and the next press saves it', async () => {
    const real = h.ctx.writer.upsertActions.bind(h.ctx.writer);
    let failures = 1;
    h.ctx.writer.upsertActions = async (actions) =>
      failures-- > 0 ? { ok: false, code: 'unavailable', message: 'test outage' } : real(actions);
    const first = card(await runCardAction(h.ctx, request(SUPERVISOR, 'session.held', heldData)));
    expect(first.transient).toBe(true);
    expect(json(first.card)).toMatch(/could not be saved yet/);
    const again = card(await runCardAction(h.ctx, request(SUPERVISOR, 'session.held', heldData)));
    expect(again.transient).toBeUndefined();
    const saved = (await h.schedule.load()).snapshot.actions.filter((a) => a.sessionId === PAST);
    expect(saved).toHaveLength(2);
  });

  it('records held minutes and agreed actions, and asks the supervisor for the record', async () => {
    const r = card(await runCardAction(h.ctx, request(SUPERVISOR, 'session.held', heldData)));
    const s = (await h.schedule.getSession(PAST))!.value;
    expect(s).toMatchObject({ status: 'held', heldMinutes: 95 });
    const actions = (await h.schedule.load()).snapshot.actions.filter((a) => a.sessionId === PAST);
    expect(actions).toEqual([
      {
        id: `${PAST}|a1`,
        sessionId: PAST,
        ownerId: SUPERVISEE,
        text: heldData.action1Text as string,
        due: '2026-12-04',
      },
      {
        id: `${PAST}|a3`,
        sessionId: PAST,
        ownerId: SUPERVISOR,
        text: heldData.action3Text as string,
      },
    ]);
    // The outcome, who and when, for everyone; refresh for supervisor, supervisee, line manager.
    expect(json(r.card)).toContain('Held');
    expect(json(r.card)).toContain('Confirmed by Helen Ashford');
    expect(r.card.refresh).toMatchObject({ userIds: [SUPERVISOR, SUPERVISEE, LINE_MANAGER] });
    expect(r.card.actions).toBeUndefined();
    expect(r.messages).toHaveLength(1);
    expect(r.messages![0]).toMatchObject({
      recipientId: SUPERVISOR,
      key: `record-request|${PAST}`,
    });
    // Issue 18: the record request is the structured record form (Save draft / Finish), with
    // Telford's App. B headings as its sections, required ones marked, and the open cases.
    const form = json(r.messages![0]!.card);
    expect(form).toContain('record.save-draft');
    expect(form).toContain('record.finish');
    for (const required of [
      'Agenda items',
      'Training',
      'Roles and responsibilities',
      'Health and Safety',
      'Date & Time of Next Supervision',
    ])
      expect(form).toContain(`"label":"${required} (required)"`);
    expect(form).toContain('"label":"Holidays, Toil or Flexi"');
    expect(form).toContain('case:LL-204318:discussed');
    expect(checkCard(r.messages![0]!.card).problems).toEqual([]);
  });

  it("the record card's due date is the profile's own deadline (003 §6: in the session; 002 §3: a week)", async () => {
    const telford = card(await runCardAction(h.ctx, request(SUPERVISOR, 'session.held', heldData)));
    // Held Mon 23 Nov 2026: telford-sf records "in the session", so due that day.
    expect(json(telford.messages![0]!.card)).toMatch(/Record due by.{0,40}Mon 23 Nov 2026/);
    const mcr = await makeHarness(undefined, 'manchester-cs');
    try {
      const r = card(await runCardAction(mcr.ctx, request(SUPERVISOR, 'session.held', heldData)));
      // 002 §3 "within one week": Mon 30 Nov (5 working days would also be 30 Nov, so the
      // calendar week is what the card shows either way; the unit is tested in policy/).
      expect(json(r.messages![0]!.card)).toMatch(/Record due by.{0,40}Mon 30 Nov 2026/);
    } finally {
      await mcr.close();
    }
  });

  it('lets the line manager confirm, but not the supervisee or a colleague', async () => {
    for (const who of [SUPERVISEE, 'tl-wrekin', 'nobody']) {
      const r = await runCardAction(h.ctx, request(who, 'session.held', heldData));
      expect(r.kind).toBe('refused');
      expect((r as { message: string }).message).toContain('Helen Ashford');
    }
    expect((await h.schedule.getSession(PAST))!.value.status).toBe('scheduled');
    expect(h.counts.sessionUpdates).toEqual({});
    card(await runCardAction(h.ctx, request(LINE_MANAGER, 'session.held', heldData)));
    expect((await h.schedule.getSession(PAST))!.value.status).toBe('held');
  });

  it.each([
    [{ heldMinutes: '0' }, '1 to 600'],
    [{ heldMinutes: '601' }, '1 to 600'],
    [{ heldMinutes: 'ninety' }, '1 to 600'],
    [{ heldMinutes: undefined }, '1 to 600'],
    [{ heldMinutes: '90.5' }, '1 to 600'],
    [{ action1Due: '2026-02-30' }, 'not a valid date'],
    [{ action1Owner: 'someone-else' }, 'who owns it'],
  ])('rejects %j and changes nothing', async (patch, message) => {
    const r = await runCardAction(
      h.ctx,
      request(SUPERVISOR, 'session.held', { ...heldData, ...patch }),
    );
    expect(r).toEqual({ kind: 'invalid', message: expect.stringContaining(message) });
    expect(h.counts).toMatchObject({ sessionUpdates: {}, actionUpserts: 0 });
  });

  it('will not confirm a session that has not happened yet', async () => {
    const r = await runCardAction(
      h.ctx,
      request(SUPERVISOR, 'session.held', { ...heldData, sessionId: FUTURE }),
    );
    expect(r.kind).toBe('invalid');
    expect((await h.schedule.getSession(FUTURE))!.value.status).toBe('scheduled');
  });

  it('does the work once on a double click, sequential or concurrent', async () => {
    const first = card(await runCardAction(h.ctx, request(SUPERVISOR, 'session.held', heldData)));
    const again = card(await runCardAction(h.ctx, request(SUPERVISOR, 'session.held', heldData)));
    expect(json(again.card)).toContain('Held');
    expect(h.counts.sessionUpdates[PAST]).toBe(1);
    expect(first.messages![0]!.key).toBe(again.messages![0]!.key); // the ledger sends it once

    const h2 = await makeHarness();
    const [a, b] = await Promise.all([
      runCardAction(h2.ctx, request(SUPERVISOR, 'session.held', heldData)),
      runCardAction(h2.ctx, request(SUPERVISOR, 'session.held', heldData)),
    ]);
    expect([a.kind, b.kind]).toEqual(['card', 'card']);
    expect(h2.counts.sessionUpdates[PAST]).toBe(1);
    // The loser really raced: it lost the ETag check and took the repeat path.
    expect(h2.logger.lines.map((l) => l.event)).toContain('session.confirm-repeat');
    const actions = (await h2.schedule.load()).snapshot.actions.filter((x) => x.sessionId === PAST);
    expect(actions.map((x) => x.id)).toEqual([`${PAST}|a1`, `${PAST}|a3`]);
    await h2.close();
  });

  it('tells the second confirmer what happened when the answers differ', async () => {
    card(await runCardAction(h.ctx, request(SUPERVISOR, 'session.held', heldData)));
    const r = card(
      await runCardAction(
        h.ctx,
        request(LINE_MANAGER, 'session.not-held', { sessionId: PAST, notHeldReason: 'Sick' }),
      ),
    );
    expect(json(r.card)).toContain(
      'already recorded as held by Helen Ashford on Tue 24 Nov 2026, 09:30',
    );
    expect((await h.schedule.getSession(PAST))!.value).toMatchObject({
      status: 'held',
      heldMinutes: 95,
    });
    expect(h.counts.sessionUpdates[PAST]).toBe(1);
  });

  it('re-reads and retries when someone else changed another field meanwhile', async () => {
    const real = h.ctx.writer.updateSession;
    let interfered = false;
    h.ctx.writer.updateSession = async (id, patch, version) => {
      if (!interfered) {
        interfered = true; // an edit in the list (a planned-minutes change) lands first
        const cur = (await h.schedule.getSession(id))!;
        await h.schedule.updateSession(id, { plannedMinutes: 120 }, cur.version);
      }
      return real(id, patch, version);
    };
    card(await runCardAction(h.ctx, request(SUPERVISOR, 'session.held', heldData)));
    expect((await h.schedule.getSession(PAST))!.value).toMatchObject({
      status: 'held',
      heldMinutes: 95,
      plannedMinutes: 120,
    });
  });
});

describe('a repeat "Held" once the record is complete', () => {
  const recordNow = async () => {
    const s = (await h.schedule.getSession(PAST))!.value;
    const actions = (await h.schedule.load()).snapshot.actions.filter((a) => a.sessionId === PAST);
    return { s, actions, hash: recordHash(recordContent(s, s.recordSummary, actions)) };
  };
  beforeEach(async () => {
    card(await runCardAction(h.ctx, request(SUPERVISOR, 'session.held', heldData)));
    card(
      await runCardAction(
        h.ctx,
        request(SUPERVISOR, 'record.complete', { sessionId: PAST, recordSummary: 'Plan agreed.' }),
      ),
    );
    const { hash } = await recordNow();
    card(
      await runCardAction(
        h.ctx,
        request(SUPERVISOR, 'record.sign', { sessionId: PAST, contentHash: hash }),
      ),
    );
  });

  it('is refused when it would add an action, so the signed record stays as signed', async () => {
    const before = await recordNow();
    const upserts = h.counts.actionUpserts;
    const r = await runCardAction(
      h.ctx,
      request(LINE_MANAGER, 'session.held', { ...heldData, action2Text: 'Added after signing' }),
    );
    expect(r).toEqual({ kind: 'refused', message: expect.stringContaining('record is complete') });
    const after = await recordNow();
    expect(after.hash).toBe(before.hash);
    expect(after.actions.map((a) => a.id)).toEqual([`${PAST}|a1`, `${PAST}|a3`]);
    expect(after.s.supervisorSignedAt).toBe(before.s.supervisorSignedAt);
    expect(h.counts.actionUpserts).toBe(upserts);
  });

  it('the identical answer again is still a quiet success that rewrites nothing', async () => {
    // An action marked done since (in the list) must not be reopened by the repeat.
    const a1 = (await recordNow()).actions.find((a) => a.id === `${PAST}|a1`)!;
    await h.schedule.upsertActions([{ ...a1, doneAt: '2026-11-24' }]);
    const before = await recordNow();
    const updates = h.counts.sessionUpdates[PAST];
    const upserts = h.counts.actionUpserts;
    const r = card(await runCardAction(h.ctx, request(SUPERVISOR, 'session.held', heldData)));
    expect(r.messages).toEqual([]);
    const after = await recordNow();
    expect(after.hash).toBe(before.hash);
    expect(after.actions.find((a) => a.id === `${PAST}|a1`)?.doneAt).toBe('2026-11-24');
    expect(after.s.supervisorSignedAt).toBe(before.s.supervisorSignedAt);
    expect(h.counts.sessionUpdates[PAST]).toBe(updates);
    expect(h.counts.actionUpserts).toBe(upserts);
  });
});

describe('session.cancelled', () => {
  let cancel: Record<string, unknown>;
  beforeAll(() => {
    cancel = {
      sessionId: PAST,
      cancelReason: 'Supervisor called to a strategy meeting',
      newDate: '2026-11-27',
      newTime: '14:00',
    };
  });

  it('records the reason and books the rescheduled session', async () => {
    const r = card(await runCardAction(h.ctx, request(SUPERVISOR, 'session.cancelled', cancel)));
    const s = (await h.schedule.getSession(PAST))!.value;
    expect(s).toMatchObject({
      status: 'cancelled',
      cancelReason: cancel.cancelReason,
      rescheduledToId: rescheduledId(PAST),
    });
    const next = (await h.schedule.getSession(`${PAST}-r1`))!.value;
    expect(next).toEqual({
      id: `${PAST}-r1`,
      superviseeId: SUPERVISEE,
      supervisorId: SUPERVISOR,
      kind: 'one-to-one',
      scheduledStart: londonInstant('2026-11-27', '14:00'),
      plannedMinutes: 90,
      status: 'scheduled',
    });
    expect(json(r.card)).toContain('Rescheduled to Fri 27 Nov 2026, 14:00');
  });

  it.each([
    [{ cancelReason: '  ' }, 'reason'],
    [{ newDate: undefined }, 'valid new date'],
    [{ newDate: '2026-13-01' }, 'valid new date'],
    [{ newDate: '2026-11-24' }, 'future'],
    [{ newDate: '2026-11-20' }, 'future'],
    [{ newDate: '2026-11-28' }, 'not a working day'],
    [{ newDate: '2026-12-25' }, 'not a working day'],
    [{ newTime: '25:00' }, 'valid new time'],
  ])('rejects %j and changes nothing', async (patch, message) => {
    const r = await runCardAction(
      h.ctx,
      request(SUPERVISOR, 'session.cancelled', { ...cancel, ...patch }),
    );
    expect(r).toEqual({ kind: 'invalid', message: expect.stringContaining(message) });
    expect(h.counts.sessionUpdates).toEqual({});
    expect(await h.schedule.getSession(`${PAST}-r1`)).toBeNull();
  });

  it('two concurrent identical cancels: one update, one rescheduled session', async () => {
    const results = await Promise.all([
      runCardAction(h.ctx, request(SUPERVISOR, 'session.cancelled', cancel)),
      runCardAction(h.ctx, request(SUPERVISOR, 'session.cancelled', cancel)),
    ]);
    expect(results.map((r) => r.kind)).toEqual(['card', 'card']);
    expect(h.counts.sessionUpdates[PAST]).toBe(1);
    expect(h.logger.lines.map((l) => l.event)).toContain('session.confirm-repeat');
    const rescheduled = (await h.schedule.load()).snapshot.sessions.filter((s) =>
      s.id.startsWith(`${PAST}-r`),
    );
    expect(rescheduled).toHaveLength(1);
  });
});

describe('session.not-held', () => {
  it('requires a reason, then records it', async () => {
    const bad = await runCardAction(
      h.ctx,
      request(SUPERVISOR, 'session.not-held', { sessionId: PAST }),
    );
    expect(bad.kind).toBe('invalid');
    const r = card(
      await runCardAction(
        h.ctx,
        request(SUPERVISOR, 'session.not-held', {
          sessionId: PAST,
          notHeldReason: 'Worker off sick',
        }),
      ),
    );
    expect((await h.schedule.getSession(PAST))!.value).toMatchObject({
      status: 'not-held',
      cancelReason: 'Worker off sick',
    });
    expect(json(r.card)).toContain('Not held');
    expect(r.messages).toEqual([]);
  });

  it('never logs the reason', async () => {
    await runCardAction(
      h.ctx,
      request(SUPERVISOR, 'session.not-held', {
        sessionId: PAST,
        notHeldReason: 'Worker off sick',
      }),
    );
    expect(json(h.logger.lines)).not.toContain('off sick');
    expect(h.logger.lines.some((l) => l.event === 'session.confirmed')).toBe(true);
  });
});

describe('the card for each viewer', () => {
  it('gives the supervisor and line manager buttons, the supervisee a read-only status', async () => {
    const view = async (userId: string) =>
      card(
        await runCardAction(
          h.ctx,
          request(userId, 'session.refresh', { sessionId: PAST, card: 'confirm' }),
        ),
      );
    const sup = await view(SUPERVISOR);
    const verbs = checkCard(sup.card).verbs;
    expect(verbs).toEqual(
      expect.arrayContaining([
        'session.held',
        'session.cancelled',
        'session.not-held',
        'session.refresh',
      ]),
    );
    expect(checkCard((await view(LINE_MANAGER)).card).verbs).toContain('session.held');
    const mine = await view(SUPERVISEE);
    expect(checkCard(mine.card).verbs).toEqual(['session.refresh']);
    expect(json(mine.card)).toContain('Waiting for Helen Ashford');
    expect(
      (await runCardAction(h.ctx, request('tl-wrekin', 'session.refresh', { sessionId: PAST })))
        .kind,
    ).toBe('refused');
  });
});
