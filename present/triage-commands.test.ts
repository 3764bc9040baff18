/** Commands and scheduled notifications of the triage rota, on the demo organisation. */
import { gapsCard } from './triage-views';
import { loadTriage } from '../usecases/triage-scope';
import fs from 'node:fs';
import type { OrgSnapshot } from '../policy/domain';
import { DEMO_ORG_DIR, loadDemoOrg } from '../demo/demo-org';
import { buildDemoOrg } from '../test/fixtures/make-demo-org';
import { defaultCalendar } from '../policy/calendar';
import { planTriageNotifications } from '../rota/plan-triage';
import { triageCommands } from './triage-commands';
import { renderTriageNotification } from './triage-notifications';
import {
  assertCleanCard,
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

let h: Harness;
beforeAll(async () => {
  h = await triageHarness('2026-11-24T10:00:00.000Z', await demoSnapshot());
});
afterAll(async () => {
  await h.close();
});

async function run(name: string, userId: string): Promise<string> {
  const spec = triageCommands.find((c) => c.name === name);
  if (!spec) throw new Error(`no command ${name}`);
  const reply = await spec.handler(h.ctx, userId, '');
  if (!reply.card) throw new Error(`no card for ${name}: ${reply.text}`);
  assertCleanCard(reply.card);
  return cardText(reply.card);
}

describe('triage commands', () => {
  it('are the seven promised, lower case', () => {
    expect(triageCommands.map((c) => c.name)).toEqual([
      'triage today',
      'triage tomorrow',
      'triage week',
      'my triage',
      'triage gaps',
      'triage balance',
      'meetings',
    ]);
  });

  it('today, tomorrow and week show who covers with a chat link', async () => {
    const { snapshot } = await h.schedule.load();
    const today = snapshot.rota.find((r) => r.date === '2026-11-24')!;
    const name = snapshot.staff.find((s) => s.id === today.memberId)!.name;
    expect(await run('triage today', 'fsw-hadley-1')).toContain(name);
    expect(await run('triage tomorrow', 'fsw-hadley-1')).toContain('Wed 25 Nov 2026');
    const week = await run('triage week', 'fsw-hadley-1');
    for (const d of ['Mon 23 Nov', 'Tue 24 Nov', 'Wed 25 Nov', 'Thu 26 Nov', 'Fri 27 Nov'])
      expect(week).toContain(d);
    expect(week).toContain('Chat');
  });

  it('my triage gives the holder Swap and "I\'m off sick"; non-members are told', async () => {
    const mine = await run('my triage', 'tl-wrekin');
    expect(mine).toContain('Swap');
    expect(mine).toContain("I'm off sick");
    expect(await run('my triage', 'fsw-hadley-1')).toContain('You are not on the triage rota');
  });

  it('gaps lists the demo gaps with "Take this day" for members only', async () => {
    const gaps = await run('triage gaps', 'sp-hadley');
    expect(gaps).toContain('Wed 9 Dec 2026');
    expect(gaps).toContain('Thu 14 Jan 2027');
    expect(gaps).toContain('Take this day');
    expect(await run('triage gaps', 'fsw-hadley-1')).not.toContain('Take this day');
  });

  it('gaps stop at the last day the rota is drawn up to: later days are not gaps (issue 17)', async () => {
    // The demo rota is drawn up to Fri 29 Jan 2027, past the contract's horizon (Tue 24 Nov →
    // the same date two months on, Sun 24 Jan): the horizon ends the list. With the rota cut
    // short (only November drawn), December is "not planned yet", not a month of gaps.
    const gaps = await run('triage gaps', 'sp-hadley');
    expect(gaps).toContain('Tue 24 Nov 2026 to Sun 24 Jan 2027');
    const scope = (await loadTriage(h.ctx))!;
    const short = {
      ...scope,
      snapshot: {
        ...scope.snapshot,
        rota: scope.snapshot.rota.filter((r) => r.date < '2026-12-01'),
      },
    };
    const card = JSON.stringify(gapsCard(short, 'sp-hadley'));
    expect(card).not.toContain('Dec 2026');
  });

  it('balance shows the fair share and highlights the December imbalance', async () => {
    const text = await run('triage balance', 'sm-1');
    expect(text).toContain('December 2026');
    expect(text).toContain('Fair share');
    // 8 members, 21 working days in December 2026: 21 / 8 = 2.63 > 2.5.
    expect(text).toContain('2.63');
  });

  it('meetings shows this term per hub (Autumn) and the next (Spring)', async () => {
    const text = await run('meetings', 'tl-wrekin');
    expect(text).toContain('Autumn term');
    expect(text).toContain('The Wrekin (your hub)');
    expect(text).toContain('Steer Clear');
    expect(text).toContain('Spring term');
  });
});

describe('triage notifications', () => {
  it("reminds the holder the working day before, with this term's meeting", async () => {
    const { snapshot } = await h.schedule.load();
    const planned = planTriageNotifications(
      snapshot,
      h.ctx.profile,
      '2026-11-24T08:00:00.000Z',
      defaultCalendar,
    );
    const holder = snapshot.rota.find((r) => r.date === '2026-11-25')!.memberId!;
    expect(planned).toEqual([
      expect.objectContaining({
        kind: 'triage-reminder',
        recipientId: holder,
        key: `triage-reminder|${holder}|2026-11-25`,
      }),
    ]);
    const msg = renderTriageNotification(h.ctx, snapshot, planned[0]!)!;
    assertCleanCard(msg.card);
    expect(msg.summary).toBe('You are on the triage desk on Wed 25 Nov 2026');
    expect(cardText(msg.card)).toMatch(/Autumn term\): .* attends (Chanel|MARAC|Steer Clear)/);
  });

  it('CONTRACT "Leavers on the rota": a holder who has left is not reminded, and their hub lead is told the day is uncovered', async () => {
    const { snapshot } = await h.schedule.load();
    const row = snapshot.rota.find((r) => r.date === '2026-11-25')!;
    const holder = row.memberId!;
    // The holder left the day before their rota day.
    const left: typeof snapshot = {
      ...snapshot,
      staff: snapshot.staff.map((s) => (s.id === holder ? { ...s, leftDate: '2026-11-24' } : s)),
    };
    const planned = planTriageNotifications(
      left,
      h.ctx.profile,
      '2026-11-24T08:00:00.000Z',
      defaultCalendar,
    );
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.map((p) => p.recipientId)).not.toContain(holder);
    const lead = planned[0]!;
    expect(left.staff.find((s) => s.id === lead.recipientId)?.team).toBe(row.hub);
    const msg = renderTriageNotification(h.ctx, left, lead)!;
    assertCleanCard(msg.card);
    expect(msg.summary).toBe('Triage desk uncovered on Wed 25 Nov 2026');
    expect(cardText(msg.card)).toContain('has left');
    expect(cardText(msg.card)).toContain('Take this day');
  });

  it('Friday reminds Monday; nothing is planned at weekends or on bank holidays', async () => {
    const { snapshot } = await h.schedule.load();
    const fri = planTriageNotifications(
      snapshot,
      h.ctx.profile,
      '2026-11-27T09:00:00.000Z',
      defaultCalendar,
    );
    expect(fri.map((p) => p.key.split('|')[2])).toEqual(['2026-11-30']);
    expect(
      planTriageNotifications(snapshot, h.ctx.profile, '2026-11-28T09:00:00.000Z', defaultCalendar),
    ).toEqual([]);
    expect(
      planTriageNotifications(snapshot, h.ctx.profile, '2026-12-25T09:00:00.000Z', defaultCalendar),
    ).toEqual([]);
    // Thu 24 Dec reminds Tue 29 Dec (25 and 28 Dec are bank holidays).
    const eve = planTriageNotifications(
      snapshot,
      h.ctx.profile,
      '2026-12-24T09:00:00.000Z',
      defaultCalendar,
    );
    expect(eve.map((p) => p.key.split('|')[2])).toEqual(['2026-12-29']);
  });

  it('readiness on the first-Monday check day goes to every member and the service manager', async () => {
    const { snapshot } = await h.schedule.load();
    h.clock.set('2026-12-07T09:30:00.000Z');
    const planned = planTriageNotifications(
      snapshot,
      h.ctx.profile,
      '2026-12-07T09:30:00.000Z',
      defaultCalendar,
    ).filter((p) => p.kind === 'rota-readiness');
    const ids = planned.map((p) => p.recipientId);
    expect(ids).toContain('sm-1');
    expect(ids).toEqual(
      expect.arrayContaining([
        'tl-hadley',
        'tl-wrekin',
        'tl-lakeside',
        'sp-hadley',
        'sp-wrekin',
        'sp-lakeside',
      ]),
    );
    expect(new Set(planned.map((p) => p.key)).size).toBe(planned.length);
    expect(planned[0]!.key).toMatch(/^rota-readiness\|.+\|2026-12$/);
    const msg = renderTriageNotification(h.ctx, snapshot, planned[0]!)!;
    assertCleanCard(msg.card);
    // The demo rota ends in January with two gaps: not ready for February.
    expect(msg.summary).toMatch(/Triage rota check: \d+ uncovered day/);
    expect(cardText(msg.card)).toContain('Wed 9 Dec 2026');
    // Not the check day: no readiness.
    expect(
      planTriageNotifications(
        snapshot,
        h.ctx.profile,
        '2026-12-08T09:30:00.000Z',
        defaultCalendar,
      ).some((p) => p.kind === 'rota-readiness'),
    ).toBe(false);
  });
});
