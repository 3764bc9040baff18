/**
 * Swap, take and sickness flows through the real use-cases against the real embedded schedule
 * (KvSchedule on SqliteKv :memory:) seeded from the demo organisation, at the demo anchor
 * (Tue 24 Nov 2026, 10:00 London).
 */
import fs from 'node:fs';
import { DEMO_ORG_DIR, loadDemoOrg } from '../demo/demo-org';
import { buildDemoOrg } from '../test/fixtures/make-demo-org';
import { TRIAGE_VERBS } from '../cards/triage-kit';
import type { LocalDate, OrgSnapshot } from '../policy/domain';
import type { CardActionResult } from '../usecases/context';
import { getProfile } from '../policy/profiles';
import { triageActions } from './triage-actions';
import { getRequest } from '../usecases/triage-state';
import { triageTickMessages as runTriageTick } from './triage-actions';
import {
  assertCleanResult,
  cardText,
  triageHarness,
  type Harness,
} from '../usecases/testing/triage-harness';

/** The demo organisation: from its CSV files (loadDemoOrg) once generated, else built in memory. */
let demo: Promise<OrgSnapshot> | undefined;
function demoSnapshot(): Promise<OrgSnapshot> {
  demo ??= fs.existsSync(DEMO_ORG_DIR) ? loadDemoOrg() : Promise.resolve(buildDemoOrg());
  return demo;
}

const AT = '2026-11-24T10:00:00.000Z';
let h: Harness;

async function act(
  userId: string,
  verb: string,
  data: Record<string, unknown>,
): Promise<CardActionResult> {
  const handler = triageActions[verb];
  if (!handler) throw new Error(`no handler for ${verb}`);
  const res = await handler(h.ctx, { userId, verb, data, activityId: 'act-1' });
  assertCleanResult(res);
  return res;
}

async function rowOf(date: LocalDate) {
  return (await h.schedule.getRotaDay(date))?.value;
}

/** The next future day (after the anchor week) that a member holds. */
async function dayHeldBy(memberId: string, after: LocalDate = '2026-11-26'): Promise<LocalDate> {
  const { snapshot } = await h.schedule.load();
  const row = snapshot.rota.find((r) => r.date > after && r.memberId === memberId);
  if (!row) throw new Error(`no day for ${memberId}`);
  return row.date;
}

function card(res: CardActionResult): string {
  if (res.kind !== 'card')
    throw new Error(`expected a card, got ${res.kind}: ${'message' in res ? res.message : ''}`);
  return cardText(res.card);
}

beforeEach(async () => {
  h = await triageHarness(AT, await demoSnapshot());
});
afterEach(async () => {
  await h.close();
});

describe('take an uncovered day', () => {
  it('two colleagues accepting the same gap at once: one wins, the other is told who has it', async () => {
    expect((await rowOf('2026-12-09'))?.memberId).toBeUndefined();
    const [a, b] = await Promise.all([
      act('sp-hadley', TRIAGE_VERBS.take, { date: '2026-12-09' }),
      act('tl-lakeside', TRIAGE_VERBS.take, { date: '2026-12-09' }),
    ]);
    const winner = (await rowOf('2026-12-09'))?.memberId;
    expect(['sp-hadley', 'tl-lakeside']).toContain(winner);
    const [won, lost] = winner === 'sp-hadley' ? [a, b] : [b, a];
    expect(card(won)).toContain('You cover Wed 9 Dec 2026');
    const winnerName = winner === 'sp-hadley' ? 'Priya Shah' : 'Claire Dawson';
    expect(card(lost)).toContain(`${winnerName} already took Wed 9 Dec 2026`);
    // The gap is gone from the returned gaps card; a double click changes nothing.
    expect(card(won)).not.toContain('**Wed 9 Dec 2026**');
    const again = await act(winner!, TRIAGE_VERBS.take, { date: '2026-12-09' });
    expect(card(again)).toContain('You already cover Wed 9 Dec 2026');
    expect((await rowOf('2026-12-09'))?.memberId).toBe(winner);
  });

  it('answers with the list the button was on (readiness card → readiness card)', async () => {
    const res = await act('tl-hadley', TRIAGE_VERBS.take, {
      date: '2026-12-09',
      view: 'readiness',
    });
    const text = card(res);
    expect(text).toContain('Triage rota check');
    expect(text).toContain('You cover Wed 9 Dec 2026');
    expect(text).not.toContain('**Wed 9 Dec 2026**');
    expect(text).toContain('Thu 14 Jan 2027');
  });

  it('only rota members can take days; weekends and past days are refused', async () => {
    expect(await act('fsw-hadley-1', TRIAGE_VERBS.take, { date: '2026-12-09' })).toMatchObject({
      kind: 'refused',
    });
    expect(await act('sp-hadley', TRIAGE_VERBS.take, { date: '2026-12-12' })).toMatchObject({
      kind: 'refused',
    });
    expect(await act('sp-hadley', TRIAGE_VERBS.take, { date: 'not-a-date' })).toMatchObject({
      kind: 'invalid',
    });
    expect((await rowOf('2026-12-09'))?.memberId).toBeUndefined();
  });
});

describe('swaps', () => {
  it('offer to my hub, accept with a day given back; the day is never empty', async () => {
    const day = await dayHeldBy('tl-wrekin');
    const back = await dayHeldBy('sp-wrekin', day);
    const offer = await act('tl-wrekin', TRIAGE_VERBS.swapOffer, { date: day, swapTo: 'hub' });
    expect(offer.kind).toBe('card');
    const asked =
      offer.kind === 'card' ? (offer.messages ?? []).map((m) => m.recipientId).sort() : [];
    expect(asked).toEqual(['sp-wrekin', 'sp-wrekin-2']);
    // Still held by the holder until someone accepts.
    expect((await rowOf(day))?.memberId).toBe('tl-wrekin');
    // Double click: no second round of messages.
    const twice = await act('tl-wrekin', TRIAGE_VERBS.swapOffer, { date: day, swapTo: 'hub' });
    expect(twice.kind === 'card' ? (twice.messages ?? []) : ['x']).toEqual([]);

    const req = (await getRequest(h.kv, 'swap', day))!.value;
    const accepted = await act('sp-wrekin', TRIAGE_VERBS.swapAccept, {
      date: day,
      requestId: req.id,
      giveBack: back,
    });
    expect(card(accepted)).toContain('Sophie Turner took');
    expect(await rowOf(day)).toMatchObject({ memberId: 'sp-wrekin', status: 'swapped' });
    expect(await rowOf(back)).toMatchObject({ memberId: 'tl-wrekin', status: 'swapped' });
    expect(accepted.kind === 'card' && accepted.messages?.map((m) => m.recipientId)).toEqual([
      'tl-wrekin',
    ]);
    // Refresh block names holder and everyone asked, so all copies update.
    expect(
      accepted.kind === 'card' && (accepted.card.refresh as { userIds: string[] }).userIds.sort(),
    ).toEqual(['sp-wrekin', 'sp-wrekin-2', 'tl-wrekin']);

    // Idempotent double click; the other asked colleague is told it is closed.
    const again = await act('sp-wrekin', TRIAGE_VERBS.swapAccept, {
      date: day,
      requestId: req.id,
      giveBack: back,
    });
    expect(again.kind === 'card' ? (again.messages ?? []) : ['x']).toEqual([]);
    const late = await act('sp-wrekin-2', TRIAGE_VERBS.swapAccept, {
      date: day,
      requestId: req.id,
    });
    expect(card(late)).toContain('This swap is closed');
    expect((await rowOf(day))?.memberId).toBe('sp-wrekin');
  });

  it('two asked colleagues accepting at once: one wins, the other is told', async () => {
    const day = await dayHeldBy('tl-wrekin');
    await act('tl-wrekin', TRIAGE_VERBS.swapOffer, { date: day, swapTo: 'hub' });
    const req = (await getRequest(h.kv, 'swap', day))!.value;
    const [a, b] = await Promise.all([
      act('sp-wrekin', TRIAGE_VERBS.swapAccept, { date: day, requestId: req.id }),
      act('sp-wrekin-2', TRIAGE_VERBS.swapAccept, { date: day, requestId: req.id }),
    ]);
    const winner = (await rowOf(day))?.memberId;
    expect(['sp-wrekin', 'sp-wrekin-2']).toContain(winner);
    const lost = winner === 'sp-wrekin' ? b : a;
    expect(card(lost)).toMatch(/already has|This swap is closed|took/);
    expect(lost.kind === 'card' ? (lost.messages ?? []) : ['x']).toEqual([]);
    expect((await getRequest(h.kv, 'swap', day))!.value).toMatchObject({
      status: 'accepted',
      byId: winner,
    });
  });

  it('a concurrent edit of the row during the swap: re-read, re-check, retry', async () => {
    const day = await dayHeldBy('tl-wrekin');
    // As sent from the "my triage" card: the picker's input id is per day.
    await act('tl-wrekin', TRIAGE_VERBS.swapOffer, { date: day, [`swapTo-${day}`]: 'sp-wrekin' });
    const req = (await getRequest(h.kv, 'swap', day))!.value;
    expect(req.askedIds).toEqual(['sp-wrekin']);
    // Someone edits the row in the list (hub text) between the accept's read and its write.
    h.writer.beforeNextRotaWrite(async () => {
      const v = (await h.schedule.getRotaDay(day))!;
      expect(await h.schedule.updateRotaDay(day, { hub: 'The Wrekin' }, v.version)).toMatchObject({
        ok: true,
      });
    });
    const res = await act('sp-wrekin', TRIAGE_VERBS.swapAccept, { date: day, requestId: req.id });
    expect(card(res)).toContain('You cover');
    expect(await rowOf(day)).toMatchObject({
      memberId: 'sp-wrekin',
      status: 'swapped',
      hub: 'The Wrekin',
    });
    // The first write hit the edit (412) and the re-checked retry succeeded.
    expect(h.writer.outcomes).toEqual(['conflict', 'ok']);
  });

  it('a concurrent edit that moves the day to someone else: the accepter is told, nothing overwritten', async () => {
    const day = await dayHeldBy('tl-wrekin');
    await act('tl-wrekin', TRIAGE_VERBS.swapOffer, { date: day, swapTo: 'sp-wrekin' });
    const req = (await getRequest(h.kv, 'swap', day))!.value;
    h.writer.beforeNextRotaWrite(async () => {
      const v = (await h.schedule.getRotaDay(day))!;
      await h.schedule.updateRotaDay(day, { memberId: 'tl-hadley', status: 'swapped' }, v.version);
    });
    const res = await act('sp-wrekin', TRIAGE_VERBS.swapAccept, { date: day, requestId: req.id });
    expect(card(res)).toContain('Helen Ashford already has');
    expect((await rowOf(day))?.memberId).toBe('tl-hadley');
    expect((await getRequest(h.kv, 'swap', day))!.value.status).toBe('withdrawn');
    expect(h.writer.outcomes).toEqual(['conflict']);
  });

  it('no answer in time: the offer lapses, the day stays with the holder and they are told', async () => {
    const day = await dayHeldBy('tl-wrekin');
    await act('tl-wrekin', TRIAGE_VERBS.swapOffer, { date: day, swapTo: 'sp-wrekin' });
    const req = (await getRequest(h.kv, 'swap', day))!.value;
    h.clock.set(req.expiresAt);
    h.clock.advance(60_000);
    const out = await runTriageTick(h.ctx);
    expect(out.map((m) => [m.recipientId, m.summary])).toEqual([
      ['tl-wrekin', expect.stringContaining('stays with you')],
    ]);
    expect(await runTriageTick(h.ctx)).toEqual([]);
    expect((await rowOf(day))?.memberId).toBe('tl-wrekin');
    const late = await act('sp-wrekin', TRIAGE_VERBS.swapAccept, { date: day, requestId: req.id });
    expect(card(late)).toContain('Nobody accepted in time');
    expect((await rowOf(day))?.memberId).toBe('tl-wrekin');
  });

  it('offering again after an offer ran out (before any tick closed it) makes the new offer', async () => {
    const day = await dayHeldBy('tl-wrekin');
    await act('tl-wrekin', TRIAGE_VERBS.swapOffer, { date: day, swapTo: 'sp-wrekin' });
    const first = (await getRequest(h.kv, 'swap', day))!.value;
    h.clock.set(first.expiresAt);
    h.clock.advance(60_000);
    const again = await act('tl-wrekin', TRIAGE_VERBS.swapOffer, {
      date: day,
      swapTo: 'tl-hadley',
    });
    expect(card(again)).toContain('Swap request sent');
    const second = (await getRequest(h.kv, 'swap', day))!.value;
    expect(second).toMatchObject({ status: 'open', askedIds: ['tl-hadley'] });
    expect(second.id).not.toBe(first.id);
    const to = again.kind === 'card' ? (again.messages ?? []).map((m) => m.recipientId) : [];
    expect(to).toContain('tl-hadley');
    expect(await runTriageTick(h.ctx)).toEqual([]); // the lapsed offer is not closed twice
  });

  it('an acceptance racing the lapse: the holder is not told the day stays with them', async () => {
    const day = await dayHeldBy('tl-wrekin');
    await act('tl-wrekin', TRIAGE_VERBS.swapOffer, { date: day, swapTo: 'sp-wrekin' });
    const req = (await getRequest(h.kv, 'swap', day))!.value;
    // The acceptance began before the deadline and its rota write has landed...
    const row = (await h.schedule.getRotaDay(day))!;
    const moved = await h.schedule.updateRotaDay(
      day,
      { memberId: 'sp-wrekin', status: 'swapped' },
      row.version,
    );
    expect(moved.ok).toBe(true);
    // ...when the tick, now past the deadline, closes the offer.
    h.clock.set(req.expiresAt);
    h.clock.advance(60_000);
    expect(await runTriageTick(h.ctx)).toEqual([]);
    expect((await getRequest(h.kv, 'swap', day))!.value.status).toBe('expired');
  });

  it('decline tells the holder once; only the holder can offer', async () => {
    const day = await dayHeldBy('tl-wrekin');
    expect(
      await act('sp-wrekin', TRIAGE_VERBS.swapOffer, { date: day, swapTo: 'hub' }),
    ).toMatchObject({ kind: 'refused' });
    await act('tl-wrekin', TRIAGE_VERBS.swapOffer, { date: day, swapTo: 'tl-hadley' });
    const req = (await getRequest(h.kv, 'swap', day))!.value;
    expect(
      await act('sp-lakeside', TRIAGE_VERBS.swapAccept, { date: day, requestId: req.id }),
    ).toMatchObject({ kind: 'refused' });
    const d1 = await act('tl-hadley', TRIAGE_VERBS.swapDecline, { date: day, requestId: req.id });
    expect(d1.kind === 'card' && d1.messages?.map((m) => m.recipientId)).toEqual(['tl-wrekin']);
    const d2 = await act('tl-hadley', TRIAGE_VERBS.swapDecline, { date: day, requestId: req.id });
    expect(d2.kind === 'card' ? (d2.messages ?? []) : ['x']).toEqual([]);
    expect((await rowOf(day))?.memberId).toBe('tl-wrekin');
  });
});

describe('sickness cover', () => {
  /** The organisation's setting to ask other hubs (off by default, CONTRACT "Sickness cover stays in the hub"). */
  const askOtherHubs = (): void => {
    h.ctx.profile = getProfile('telford-sf', { triage: { sickCoverFromOtherHubs: true } });
  };

  it('003 "Sickness cover must be covered by the Hub that should have been represented": by default only the hub is asked, before and after the escalation time', async () => {
    const day = '2026-11-25';
    const holder = (await rowOf(day))!.memberId!;
    const holderHub = (await rowOf(day))!.hub;
    const res = await act(holder, TRIAGE_VERBS.sick, { date: day });
    const hubAsked = res.kind === 'card' ? (res.messages ?? []).map((m) => m.recipientId) : [];
    const { snapshot } = await h.schedule.load();
    const hubOf = (id: string) => snapshot.staff.find((s) => s.id === id)?.team;
    expect(hubAsked.length).toBeGreaterThan(0);
    expect(hubAsked.every((id) => hubOf(id) === holderHub)).toBe(true);
    expect(card(res)).not.toContain('every hub');
    // Two desk hours later nobody has accepted: still nobody from another hub is asked.
    h.clock.set('2026-11-24T12:01:00.000Z');
    expect(await runTriageTick(h.ctx)).toEqual([]);
    expect((await getRequest(h.kv, 'sick', day))!.value).toMatchObject({ stage: 'hub' });
    // Reported on the day after 10:00: the hub only, too.
    h.clock.set('2026-11-24T10:30:00.000Z');
    const today = '2026-11-24';
    const holderToday = (await rowOf(today))!.memberId!;
    const hubToday = (await rowOf(today))!.hub;
    const r2 = await act(holderToday, TRIAGE_VERBS.sick, { date: today });
    const asked2 = r2.kind === 'card' ? (r2.messages ?? []).map((m) => m.recipientId) : [];
    expect(asked2.every((id) => hubOf(id) === hubToday)).toBe(true);
    expect((await getRequest(h.kv, 'sick', today))!.value.stage).toBe('hub');
  });

  it('with other hubs turned on: hub first, then team leaders of every hub; first accept wins; everyone sees "covered by"', async () => {
    askOtherHubs();
    const day = '2026-11-25';
    const holder = (await rowOf(day))!.memberId!;
    const holderHub = (await rowOf(day))!.hub;
    expect(await act('fsw-hadley-1', TRIAGE_VERBS.sick, { date: day })).toMatchObject({
      kind: 'refused',
    });

    const res = await act(holder, TRIAGE_VERBS.sick, { date: day });
    const row = await rowOf(day);
    expect(row).toMatchObject({ status: 'sick' });
    expect(row?.memberId).toBeUndefined();
    const hubAsked = res.kind === 'card' ? (res.messages ?? []).map((m) => m.recipientId) : [];
    const { snapshot } = await h.schedule.load();
    const hubOf = (id: string) => snapshot.staff.find((s) => s.id === id)?.team;
    expect(hubAsked.length).toBeGreaterThan(0);
    expect(hubAsked.every((id) => hubOf(id) === holderHub && id !== holder)).toBe(true);
    // Double click: nothing new.
    const twice = await act(holder, TRIAGE_VERBS.sick, { date: day });
    expect(twice.kind === 'card' ? (twice.messages ?? []) : ['x']).toEqual([]);

    // Two desk hours later nobody has accepted: team leaders of the other hubs are asked.
    const req = (await getRequest(h.kv, 'sick', day))!.value;
    expect(req.escalateAt).toBe('2026-11-24T12:00:00.000Z');
    h.clock.set('2026-11-24T12:01:00.000Z');
    const escalated = await runTriageTick(h.ctx);
    const leaders = escalated.map((m) => m.recipientId).sort();
    expect(leaders.length).toBeGreaterThan(0);
    expect(
      leaders.every((id) => id.startsWith('tl-') && id !== holder && !hubAsked.includes(id)),
    ).toBe(true);
    expect(await runTriageTick(h.ctx)).toEqual([]);

    // A hub colleague and a leader accept at once: one wins.
    const a = hubAsked[0]!;
    const b = leaders[0]!;
    const [ra, rb] = await Promise.all([
      act(a, TRIAGE_VERBS.coverAccept, { date: day, requestId: req.id }),
      act(b, TRIAGE_VERBS.coverAccept, { date: day, requestId: req.id }),
    ]);
    const winner = (await rowOf(day))?.memberId;
    expect([a, b]).toContain(winner);
    expect((await rowOf(day))?.status).toBe('sick');
    const lost = winner === a ? rb : ra;
    expect(card(lost)).toContain('already took it');
    const won = winner === a ? ra : rb;
    expect(won.kind === 'card' && won.messages?.map((m) => m.recipientId)).toEqual([holder]);
    // Every other asked colleague's card refreshes to "Covered by …".
    const other = leaders[leaders.length - 1]!;
    const refreshed = await act(other === winner ? a : other, TRIAGE_VERBS.refresh, {
      view: 'sick',
      date: day,
      requestId: req.id,
    });
    expect(card(refreshed)).toMatch(/Covered by|You cover/);
    expect(card(refreshed)).not.toContain('Take it');
  });

  it('two simultaneous "I\'m off sick" clicks ask the hub once', async () => {
    const day = '2026-11-26';
    const holder = (await rowOf(day))!.memberId!;
    const [a, b] = await Promise.all([
      act(holder, TRIAGE_VERBS.sick, { date: day }),
      act(holder, TRIAGE_VERBS.sick, { date: day }),
    ]);
    const sent = [a, b].flatMap((r) => (r.kind === 'card' ? (r.messages ?? []) : []));
    const req = (await getRequest(h.kv, 'sick', day))!.value;
    expect(sent.map((m) => m.recipientId).sort()).toEqual([...req.askedIds].sort());
    expect([a.kind, b.kind]).toEqual(['card', 'card']);
    expect((await rowOf(day))?.status).toBe('sick');
  });

  it('a report that stopped before flagging the row: leaders are not asked; reporting again completes it', async () => {
    const day = '2026-11-26';
    const holder = (await rowOf(day))!.memberId!;
    // The first report claimed its request, then the process died before the rota write.
    let rotaWrites = 0;
    const real = h.ctx.writer.updateRotaDay.bind(h.ctx.writer);
    h.ctx.writer.updateRotaDay = async (...args) => {
      if (rotaWrites++ === 0) throw new Error('crash between the two writes');
      return real(...args);
    };
    await expect(
      triageActions[TRIAGE_VERBS.sick]!(h.ctx, {
        userId: holder,
        verb: TRIAGE_VERBS.sick,
        data: { date: day },
        activityId: 'act-crash',
      }),
    ).rejects.toThrow('crash');
    const stalled = (await getRequest(h.kv, 'sick', day))!.value;
    expect(stalled.status).toBe('open');
    expect((await rowOf(day))?.memberId).toBe(holder);
    // Past the time the hub had: the day is still the holder's on the rota, so nobody is asked.
    h.clock.set(stalled.escalateAt);
    h.clock.advance(60_000);
    expect(await runTriageTick(h.ctx)).toEqual([]);
    // The holder, seeing no confirmation, reports again: this time it lands.
    const again = await act(holder, TRIAGE_VERBS.sick, { date: day });
    expect((await rowOf(day))?.status).toBe('sick');
    const req = (await getRequest(h.kv, 'sick', day))!.value;
    expect(req.id).not.toBe(stalled.id);
    expect(again.kind === 'card' ? (again.messages ?? []).length : 0).toBeGreaterThan(0);
  });

  it('with other hubs turned on, reported on the day after 10:00: leaders are asked at once; "Take this day" on the gap also answers it', async () => {
    askOtherHubs();
    const day = '2026-11-24';
    h.clock.set('2026-11-24T10:30:00.000Z');
    const holder = (await rowOf(day))!.memberId!;
    const res = await act(holder, TRIAGE_VERBS.sick, { date: day });
    expect((await getRequest(h.kv, 'sick', day))!.value.stage).toBe('leaders');
    const asked = res.kind === 'card' ? (res.messages ?? []).map((m) => m.recipientId) : [];
    expect(asked.filter((id) => id.startsWith('tl-')).length).toBeGreaterThanOrEqual(2);
    const taker = asked.find((id) => id !== holder)!;
    const took = await act(taker, TRIAGE_VERBS.take, { date: day });
    expect(card(took)).toContain('You cover');
    expect((await getRequest(h.kv, 'sick', day))!.value).toMatchObject({
      status: 'covered',
      byId: taker,
    });
    expect(took.kind === 'card' && took.messages?.map((m) => m.recipientId)).toEqual([holder]);
  });
});

describe('logs', () => {
  it('carry ids and codes only, never names or emails', async () => {
    const day = await dayHeldBy('tl-wrekin');
    await act('tl-wrekin', TRIAGE_VERBS.swapOffer, { date: day, swapTo: 'hub' });
    await act('sp-hadley', TRIAGE_VERBS.take, { date: '2026-12-09' });
    const text = JSON.stringify(h.logger.lines);
    expect(h.logger.lines.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/@|Mark Bennett|Priya Shah/);
  });
});
