/**
 * Issue 18 end to end over real HTTP (the bot's server and CloudAdapter, the Bot Connector test
 * server standing in for Teams, the embedded store with the demo organisation): for each of
 * the five profiles, the supervisor confirms "Held", gets the record form card, fills every
 * section of the profile's template and two case entries, finishes it; both sign from their
 * sign cards; the PDF downloaded from the tab is read back with pdftotext for every section,
 * each case and the SHA-256 both signed. Manchester's App. E also shows the discussed cases no
 * longer raised as `case-discussion-due`, and a record edited after signing voids signatures.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evaluate } from '../policy/evaluate';
import { PROFILE_IDS, type ProfileId } from '../policy/profile';
import { recordTemplateOf } from '../policy/record-templates';
import { ManualClock } from '../ports/clock';
import { RecordingLogger } from '../ports/logger';
import type { ChannelUser } from '../test/connector-server/channel';
import { hashOfRecord } from '../usecases/signatures';
import { startHttpBot, type HttpBot } from './testing/http-bot';
import {
  answerOf,
  cardProblems,
  cardsSentTo,
  executes,
  press,
  textOf,
  type SentCard,
} from './testing/teams-cards';

const TL: ChannelUser = { aadObjectId: 'tl-hadley' };
const FSW: ChannelUser = { aadObjectId: 'fsw-hadley-1' };
const CASES = ['LL-204311', 'LL-204318'];

function pdfText(pdf: Buffer): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'record-pdf-')), 'x.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

/** Waits for the background deliveries (ledger + send queue) an invoke started. */
async function delivered(bot: HttpBot): Promise<void> {
  await bot.app.delivery.idle();
  await bot.app.queue.drain();
}

function lastWith(cards: SentCard[], verb: string): SentCard {
  const found = [...cards].reverse().find((c) => executes(c.card, verb).length > 0);
  if (!found) throw new Error(`no card with ${verb}`);
  return found;
}

async function startFor(profile: ProfileId) {
  const clock = new ManualClock('2026-11-24T10:00:00Z');
  const bot = await startHttpBot({
    clock,
    logger: new RecordingLogger(),
    env: { DEMO: 'true', TICK_SECONDS: '3600', PROFILE: profile },
  });
  const { snapshot } = await bot.app.ctx.source.load();
  const past = snapshot.sessions.find(
    (s) =>
      s.superviseeId === 'fsw-hadley-1' &&
      s.kind === 'one-to-one' &&
      s.status === 'scheduled' &&
      s.scheduledStart.startsWith('2026-11-23'),
  )!;
  return { bot, clock, sessionId: past.id };
}

/** Held → the record form card → every section and two cases filled → Finish. */
async function writeRecord(bot: HttpBot, sessionId: string, profile: ProfileId) {
  const { channel, connector } = bot;
  const held = await channel.cardAction(
    TL,
    { verb: 'session.held', data: { sessionId, heldMinutes: '90' } },
    'confirm-card',
  );
  expect(answerOf(held).card).toBeDefined();
  await delivered(bot);
  const form = lastWith(cardsSentTo(connector, 'tl-hadley'), 'record.finish');
  expect(cardProblems(form.card)).toEqual([]);
  expect(form.card.version).toBe('1.5');
  const template = recordTemplateOf(bot.app.ctx.profile);
  const inputs: Record<string, unknown> = {};
  for (const s of template.sections)
    inputs[`sec:${s.id}`] = `Written under ${s.heading} for ${profile}.`;
  const scaled = template.caseEntry.fields.includes('riskScale') && !!template.caseEntry.riskScale;
  CASES.forEach((caseId, i) => {
    expect(textOf(form.card)).toContain(`Case ${caseId} discussed`);
    inputs[`case:${caseId}:discussed`] = 'true';
    inputs[`case:${caseId}:discussion`] = `Discussion of ${caseId} in ${profile}.`;
    inputs[`case:${caseId}:decision`] = `Decision on ${caseId}: continue the plan.`;
    if (scaled) inputs[`case:${caseId}:scale`] = String(5 + i);
    inputs[`case:${caseId}:significant`] = i === 0 ? 'true' : 'false';
    inputs[`case:${caseId}:actionText`] = `Update the plan for ${caseId}`;
    inputs[`case:${caseId}:actionOwner`] = 'supervisee';
    inputs[`case:${caseId}:actionDue`] = '2026-12-04';
  });
  inputs.nextDate = '2026-12-22';
  inputs.nextTime = '10:00';
  // Required marks: every required section's label says so.
  for (const s of template.sections.filter((x) => x.required))
    expect(JSON.stringify(form.card)).toContain(`"label":"${s.heading} (required)"`);

  const finished = answerOf(await press(channel, TL, form, 'record.finish', {}, inputs));
  await delivered(bot);
  expect(textOf(finished.card!)).toContain('Finished: sent to you both for signature.');
  // A double submit (a new invoke on the same card) does the work once.
  const again = answerOf(await press(channel, TL, form, 'record.finish', {}, inputs));
  expect(textOf(again.card!)).toMatch(/Nothing changed|Finished/);
  return { template, inputs, scaled };
}

async function signBoth(bot: HttpBot) {
  for (const [user, id] of [
    [TL, 'tl-hadley'],
    [FSW, 'fsw-hadley-1'],
  ] as const) {
    const sign = lastWith(cardsSentTo(bot.connector, id), 'record.sign');
    expect(cardProblems(sign.card)).toEqual([]);
    answerOf(await press(bot.channel, user, sign, 'record.sign'));
    await delivered(bot);
  }
}

async function pdf(bot: HttpBot, sessionId: string, as = 'sm-1') {
  const res = await fetch(`${bot.app.server.url}/api/tab/records/${sessionId}.pdf`, {
    headers: { 'X-Dev-User': as },
  });
  expect(res.status).toBe(200);
  return pdfText(Buffer.from(await res.arrayBuffer()));
}

describe.each(PROFILE_IDS.map((p) => [p]))('the %s record, written in Teams', (profile) => {
  let bot: HttpBot;
  let sessionId: string;
  beforeEach(async () => {
    ({ bot, sessionId } = await startFor(profile));
  });
  afterEach(() => bot.close());

  it("fills the profile's template, both sign, the PDF holds every section, case and the hash", async () => {
    const { template, scaled } = await writeRecord(bot, sessionId, profile);
    await signBoth(bot);
    const session = (await bot.app.ctx.writer.getSession(sessionId))!.value;
    expect(session.supervisorSignedAt).toBeDefined();
    expect(session.superviseeSignedAt).toBeDefined();
    expect(session.significantDecision).toBe(true);

    const { snapshot } = await bot.app.ctx.source.load();
    const record = snapshot.records.find((r) => r.sessionId === sessionId)!;
    expect(record.status).toBe('final');
    const hash = hashOfRecord(
      session,
      snapshot.actions.filter((a) => a.sessionId === sessionId),
      record,
    );
    const text = await pdf(bot, sessionId);
    for (const s of template.sections) {
      expect(text).toContain(s.heading);
      expect(text).toContain(`Written under ${s.heading} for ${profile}.`);
    }
    for (const caseId of CASES) {
      expect(text).toContain(`Case ${caseId}`);
      expect(text).toContain(`Discussion of ${caseId} in ${profile}.`);
      expect(text).toContain(`Update the plan for ${caseId}`);
    }
    expect(text).toContain('significant decision');
    if (scaled) expect(text).toContain('Scale: 5 of 10');
    else expect(text).not.toContain('Scale:');
    expect(text).toContain(`This record's content SHA-256: ${hash}`);
    expect(
      text.match(new RegExp(`signed content SHA-256: ${hash} \\(matches this record\\)`, 'g')),
    ).toHaveLength(2);
    expect(text).not.toContain('VOID');
  });
});

describe('Manchester App. E from the chat', () => {
  let bot: HttpBot;
  let sessionId: string;
  beforeEach(async () => {
    ({ bot, sessionId } = await startFor('manchester-cs'));
  });
  afterEach(() => bot.close());

  it('discussed cases stop being due; an edit after signing voids both signatures', async () => {
    const dueCases = async () => {
      const { snapshot } = await bot.app.ctx.source.load();
      return evaluate(snapshot, bot.app.ctx.profile, '2026-11-24')
        .findings.filter((f) => f.kind === 'case-discussion-due' && f.staffId === 'fsw-hadley-1')
        .map((f) => f.detail);
    };
    expect((await dueCases()).some((d) => d.includes('LL-204318'))).toBe(true);
    const { inputs } = await writeRecord(bot, sessionId, 'manchester-cs');
    await signBoth(bot);
    const due = await dueCases();
    for (const c of CASES) expect(due.some((d) => d.includes(c))).toBe(false);
    // The next session the record booked.
    const next = (await bot.app.ctx.writer.getSession(`${sessionId}-next`))!.value;
    expect(next).toMatchObject({ status: 'scheduled', scheduledStart: '2026-12-22T10:00:00.000Z' });

    // The supervisor edits the finished record: both signatures are void, both asked again.
    const form = lastWith(cardsSentTo(bot.connector, 'tl-hadley'), 'record.finish');
    const before = cardsSentTo(bot.connector, 'fsw-hadley-1').length;
    const edited = answerOf(
      await press(
        bot.channel,
        TL,
        form,
        'record.finish',
        {},
        {
          ...inputs,
          'case:LL-204318:scale': '2',
        },
      ),
    );
    await delivered(bot);
    expect(textOf(edited.card!)).toContain('both are asked to sign again');
    const session = (await bot.app.ctx.writer.getSession(sessionId))!.value;
    expect(session.supervisorSignedAt).toBeUndefined();
    expect(session.superviseeSignedAt).toBeUndefined();
    const trail = await bot.app.ctx.writer.listSignatures(sessionId);
    expect(
      trail
        .filter((e) => e.decision === 'voided')
        .map((e) => e.signerRole)
        .sort(),
    ).toEqual(['supervisee', 'supervisor']);
    const resent = cardsSentTo(bot.connector, 'fsw-hadley-1').slice(before);
    expect(resent.some((c) => executes(c.card, 'record.sign').length > 0)).toBe(true);
    const text = await pdf(bot, sessionId, 'fsw-hadley-1');
    expect(text).toContain('Scale: 2 of 10');
    expect(text).toContain('VOID');
  });
});
