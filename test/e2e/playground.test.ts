/**
 * End to end in a real browser: the bot (local mode, demo organisation) + the Microsoft 365
 * Agents Playground, driven by playwright-core with Debian's Chromium (/usr/bin/chromium).
 *
 * 1. fsw-hadley-1 types `next` → the prep card for the upcoming one-to-one.
 * 2. Switch to tl-hadley (the Playground has no user switcher: it is restarted with another
 *    current mock user, same bot and store); a scheduler tick sends the confirmation card for
 *    yesterday's session; Held → Confirm held → the card updates; the record card arrives;
 *    Complete record → the sign card arrives; tl-hadley signs.
 * 3. Switch back to fsw-hadley-1; the next tick delivers the sign card; they sign → the card
 *    shows the record signed by both.
 * Screenshots go to artifacts/e2e/. Skips (saying why) only when /usr/bin/chromium is absent.
 * The harness (bot + Playground + Chromium, switching the current user) is playground-kit.ts.
 */
import type { DevRun } from '../../bot/dev';
import { londonDateOf } from '../../policy/calendar';
import type { Session } from '../../policy/domain';
import type { ManualClock } from '../../ports/clock';
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

  beforeAll(async () => {
    harness = await startPlaygroundE2e({ tmpPrefix: 'e2e-' });
    run = harness.run;
    clock = harness.clock;
  });

  afterAll(async () => {
    await harness?.stop();
  });

  let heldSessionId = '';
  const openAs = (user: string) => harness.openAs(user);

  async function sessionWhere(pred: (s: Session) => boolean): Promise<Session> {
    const { snapshot } = await run.app.ctx.source.load();
    const s = snapshot.sessions.find(pred);
    if (!s) throw new Error('demo session not found');
    return s;
  }

  it('fsw-hadley-1 types `next` and sees the prep card', async () => {
    const page = await openAs('fsw-hadley-1');
    await say(page, 'next');
    await page.getByText('Open actions', { exact: false }).first().waitFor({ timeout: 60_000 });
    await shot(page, '01-fsw-next-prep-card');
  });

  it("tl-hadley confirms yesterday's session as held from the card, completes the record and signs", async () => {
    const page = await openAs('tl-hadley');
    await say(page, 'help');
    await page.getByText('What I can do', { exact: false }).first().waitFor({ timeout: 60_000 });
    const yesterday = await sessionWhere(
      (s) =>
        s.superviseeId === 'fsw-hadley-1' &&
        s.kind === 'one-to-one' &&
        s.status === 'scheduled' &&
        s.scheduledStart < harness.now().toISOString(),
    );
    const report = await run.app.scheduler!.tickOnce();
    expect(report?.sentKeys).toContain(
      `confirm-request|${yesterday.id}|${londonDateOf(yesterday.scheduledStart)}`,
    );
    await page
      .getByRole('button', { name: 'Held', exact: true })
      .first()
      .waitFor({ timeout: 60_000 });
    await shot(page, '02-tl-confirm-card');
    await page.getByRole('button', { name: 'Held', exact: true }).first().click();
    await page.getByRole('button', { name: 'Confirm held' }).first().click();
    await until(
      async () => (await run.app.ctx.writer.getSession(yesterday.id))?.value.status === 'held',
    );
    // The card updated in place, and the record card arrived for the supervisor.
    await page.getByText('Confirmed by', { exact: false }).first().waitFor({ timeout: 60_000 });
    await page
      .getByRole('button', { name: 'Mark record complete' })
      .first()
      .waitFor({ timeout: 60_000 });
    await shot(page, '03-tl-confirmed-held');

    await page
      .getByRole('textbox', { name: /Record summary/ })
      .first()
      .fill('Caseload and wellbeing reviewed; actions agreed.');
    await page.getByRole('button', { name: 'Mark record complete' }).first().click();
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
  });

  it('fsw-hadley-1 gets the sign card and signs: the record is signed by both', async () => {
    const page = await openAs('fsw-hadley-1');
    await say(page, 'help');
    await page.getByText('What I can do', { exact: false }).first().waitFor({ timeout: 60_000 });
    // Their sign card could not reach the closed Playground earlier: the ledger retries it.
    clock.advance(10 * 60_000);
    await run.app.scheduler!.tickOnce();
    await page
      .getByRole('button', { name: 'Sign', exact: true })
      .first()
      .waitFor({ timeout: 60_000 });
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
  });
});
