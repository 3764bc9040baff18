/**
 * End to end in a real browser, at any hour (issue 17): the bot as `npm run dev` starts it
 * (local mode, demo organisation, the demo clock) + the Microsoft 365 Agents Playground,
 * driven by playwright-core with Debian's Chromium (/usr/bin/chromium). The real clock reads
 * Saturday 23:30; the demo clock puts the organisation on its Tuesday working morning. No test
 * tick: every card is sent by what a newcomer does.
 *
 * 1. tl-hadley opens the chat ("hi"): their role's tips, and the confirmation card for
 *    yesterday's session arrives within seconds (first contact asks for a tick); Held →
 *    Confirm held → the card updates; the record form arrives; Finish → the sign
 *    card; they sign.
 * 2. fsw-hadley-1 opens the chat: the sign card that waited for them is there at once; they
 *    sign → signed by both; typing `sign` is understood.
 * 3. sm-1, the line manager, opens the chat: the escalation digest with Arranged / Explained.
 * No send is logged as failed on the way.
 * Screenshots go to artifacts/e2e/. Skips (saying why) only when /usr/bin/chromium is absent.
 * The harness (bot + Playground + Chromium, switching the current user) is playground-kit.ts.
 */
import type { DevRun } from '../../bot/dev';
import { DEMO_ANCHOR } from '../../bot/demo-seed';
import { dayOfWeek, defaultCalendar, londonDateOf } from '../../policy/calendar';
import { DEFAULT_WORKING_HOURS, isWithinWorkingHours } from '../../policy/working-hours';
import type { Session } from '../../policy/domain';
import type { ManualClock } from '../../ports/clock';
import type { RecordingLogger } from '../../ports/logger';
import {
  e2eDescribe,
  say,
  shot,
  startPlaygroundE2e,
  until,
  type PlaygroundE2e,
} from './playground-kit';

const e2e = e2eDescribe();

jest.setTimeout(240_000);

e2e('Agents Playground end to end', () => {
  let harness: PlaygroundE2e;
  let run: DevRun;
  let clock: ManualClock;
  let logger: RecordingLogger;

  beforeAll(async () => {
    harness = await startPlaygroundE2e({ tmpPrefix: 'e2e-', user: 'tl-hadley' });
    run = harness.run;
    clock = harness.clock;
    logger = harness.logger;
  });

  afterAll(async () => {
    await harness?.stop();
  });

  let heldSessionId = '';
  let firstCardMs = 0;
  const openAs = (user: string) => harness.openAs(user);
  // First contact never fails: nothing is attempted for someone who has not opened the chat
  // (the Playground answers 500 to a chat creation). A send to someone whose Playground this
  // test has closed again (it restarts per user) is this harness's, not a newcomer's, so only
  // creations count.
  const failedSends = () =>
    logger.lines
      .filter((l) => l.event === 'notify.not-sent' && l.fields.route === 'create')
      .map((l) => `${String(l.fields.key)} -> ${String(l.fields.recipientId)}`);

  async function sessionWhere(pred: (s: Session) => boolean): Promise<Session> {
    const { snapshot } = await run.app.ctx.source.load();
    const s = snapshot.sessions.find(pred);
    if (!s) throw new Error('demo session not found');
    return s;
  }

  it('on a Saturday-night real clock, the demo clock is a working morning', () => {
    const real = clock.now();
    expect(dayOfWeek(londonDateOf(real))).toBe(6);
    expect(isWithinWorkingHours(real, DEFAULT_WORKING_HOURS, defaultCalendar)).toBe(false);
    expect(isWithinWorkingHours(harness.now(), DEFAULT_WORKING_HOURS, defaultCalendar)).toBe(true);
    expect(londonDateOf(harness.now())).toBe(DEMO_ANCHOR);
  });

  it('tl-hadley opens the chat: the confirm card arrives within seconds; Held, the record, and they sign', async () => {
    const page = await openAs('tl-hadley');
    // First contact: the role's tips, and what waited for them goes at once (no tick to wait for).
    await say(page, 'hi');
    await page.getByText('Try this first', { exact: false }).first().waitFor({ timeout: 30_000 });
    const yesterday = await sessionWhere(
      (s) =>
        s.superviseeId === 'fsw-hadley-1' &&
        s.kind === 'one-to-one' &&
        s.status === 'scheduled' &&
        s.scheduledStart < harness.now().toISOString(),
    );
    const started = Date.now();
    await page
      .getByRole('button', { name: 'Held', exact: true })
      .first()
      .waitFor({ timeout: 30_000 });
    firstCardMs = Date.now() - started;
    await shot(page, '02-tl-confirm-card');
    await page.getByRole('button', { name: 'Held', exact: true }).first().click();
    await page.getByRole('button', { name: 'Confirm held' }).first().click();
    await until(
      async () => (await run.app.ctx.writer.getSession(yesterday.id))?.value.status === 'held',
    );
    // The card updated in place, and the record card arrived for the supervisor.
    await page.getByText('Confirmed by', { exact: false }).first().waitFor({ timeout: 60_000 });
    // Issue 18: the record form (the profile's sections, Save draft / Finish).
    await page
      .getByRole('button', { name: 'Finish', exact: true })
      .first()
      .waitFor({ timeout: 60_000 });
    await shot(page, '03-tl-confirmed-held');

    // Every required section of the profile's template (their labels end "(required)").
    const required = page.getByRole('textbox', { name: /\(required\)/ });
    for (let i = 0; i < (await required.count()); i++)
      await required.nth(i).fill('Reviewed; actions agreed.');
    await page.getByRole('button', { name: 'Finish', exact: true }).first().click();
    await until(async () =>
      Boolean((await run.app.ctx.writer.getSession(yesterday.id))?.value.recordCompletedAt),
    );
    await page
      .getByRole('button', { name: 'Sign', exact: true })
      .first()
      .waitFor({ timeout: 60_000 });
    await shot(page, '04-tl-sign-card');
    await page.getByRole('button', { name: 'Sign', exact: true }).first().click();
    await until(async () =>
      (await run.app.ctx.writer.listSignatures(yesterday.id)).some(
        (e) => e.signerId === 'tl-hadley' && e.decision === 'signed',
      ),
    );
    await shot(page, '05-tl-signed');
    heldSessionId = yesterday.id;
    // Nothing was logged as a failed send on the way (first contact never fails).
    expect(failedSends()).toEqual([]);
  });

  it('fsw-hadley-1 opens the chat: their sign card is there at once; they sign, signed by both', async () => {
    const page = await openAs('fsw-hadley-1');
    await say(page, 'hi');
    // The sign card waited for their first message; no clock to advance, no retry delay.
    await page
      .getByRole('button', { name: 'Sign', exact: true })
      .first()
      .waitFor({ timeout: 30_000 });
    await shot(page, '06-fsw-sign-card');
    await page.getByRole('button', { name: 'Sign', exact: true }).first().click();
    await page
      .getByText('Both of you have signed', { exact: false })
      .first()
      .waitFor({ timeout: 60_000 });
    const signers = (await run.app.ctx.writer.listSignatures(heldSessionId))
      .filter((e) => e.decision === 'signed')
      .map((e) => e.signerRole)
      .sort();
    expect(signers).toEqual(['supervisee', 'supervisor']);
    await shot(page, '07-fsw-signed-by-both');
    // Typing `sign` now: the other record still waiting (20 Oct, overdue), not "didn't understand".
    await say(page, 'sign');
    await page
      .getByText('with Helen Ashford, Tue 20 Oct 2026', { exact: false })
      .first()
      .waitFor({ timeout: 30_000 });
  });

  it('sm-1, the line manager, opens the chat and sees the escalation digest', async () => {
    const page = await openAs('sm-1');
    await say(page, 'hi');
    await page
      .getByText('Supervision escalations', { exact: false })
      .first()
      .waitFor({ timeout: 30_000 });
    await page
      .getByRole('button', { name: 'Arranged', exact: false })
      .first()
      .waitFor({ timeout: 30_000 });
    await shot(page, '08-sm-escalation-digest');
    expect(failedSends()).toEqual([]);
    console.log(`first card after opening the chat: ${firstCardMs} ms`);
  });
});
