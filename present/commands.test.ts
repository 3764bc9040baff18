import { checkCard } from '../cards/testing/parse-card';
import type { CommandReply, CommandSpec } from '../usecases/context';
import { COMMANDS, matchCommand, normaliseCommandText, runCommand } from './commands';
import { triageCommands } from './triage-commands';
import { makeHarness, type Harness } from '../usecases/testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await makeHarness();
});
afterAll(() => h.close());

const json = (x: unknown) => JSON.stringify(x);
function cardOf(reply: CommandReply) {
  expect(reply.card).toBeDefined();
  const check = checkCard(reply.card!);
  expect(check.problems).toEqual([]);
  expect(check.version).toBe('1.5');
  return reply.card!;
}

describe('command matching', () => {
  const noop = async () => ({ text: '' });
  const specs: CommandSpec[] = [
    { name: 'triage', description: '', handler: noop },
    { name: 'triage today', description: '', handler: noop },
    { name: 'next', description: '', handler: noop },
  ];

  it('strips a leading @mention and is case-insensitive', () => {
    expect(normaliseCommandText('<at>Supervision Bot</at>  NEXT ')).toBe('NEXT');
    expect(matchCommand('<at>Supervision Bot</at> NEXT', specs)?.spec.name).toBe('next');
    expect(matchCommand('@SupervisionBot next', specs)?.spec.name).toBe('next');
  });

  it('takes the longest matching name, with the rest as arguments', () => {
    expect(matchCommand('Triage Today please', specs)).toMatchObject({
      spec: { name: 'triage today' },
      args: 'please',
    });
    expect(matchCommand('triage tomorrow', specs)).toMatchObject({
      spec: { name: 'triage' },
      args: 'tomorrow',
    });
    expect(matchCommand('nextweek', specs)).toBeNull();
  });

  it('includes every triage command and help, with unique names', () => {
    const names = COMMANDS.map((c) => c.name);
    for (const t of triageCommands) expect(names).toContain(t.name);
    expect(names).toEqual(expect.arrayContaining(['next', 'actions', 'status', 'team', 'help']));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('runCommand against the demo organisation', () => {
  it('next: my next one-to-one with what to prepare (case ids only)', async () => {
    const card = cardOf(await runCommand(h.ctx, 'fsw-hadley-1', '<at>Supervision Bot</at> next'));
    expect(json(card)).toContain('Thu 26 Nov 2026, 10:00');
    expect(json(card)).toContain('Helen Ashford');
    expect(json(card)).toMatch(/LL-\d+/);
    expect(checkCard(card).verbs).toContain('session.prep');
  });

  it('actions: my open actions', async () => {
    const card = cardOf(await runCommand(h.ctx, 'fsw-hadley-1', 'actions'));
    expect(json(card)).toContain('Complete Signs of Safety mapping');
    expect(json(card)).not.toContain('Update chronologies on open cases'); // done on 2026-11-06
  });

  it('status: held this year and anything overdue', async () => {
    const card = cardOf(await runCommand(h.ctx, 'fsw-hadley-1', 'Status'));
    expect(json(card)).toContain('My supervision status');
    expect(json(card)).toContain('Held this year');
  });

  it('team: a manager sees their supervisees; a practitioner is told there is no team', async () => {
    const card = cardOf(await runCommand(h.ctx, 'tl-hadley', 'team'));
    expect(json(card)).toContain('My team');
    expect(json(card)).not.toContain('Mark Bennett'); // another hub's team leader
    const none = await runCommand(h.ctx, 'fsw-hadley-1', 'team');
    expect(none.text).toContain('Nobody');
  });

  it('help, and unknown text gets help (never silence)', async () => {
    const help = cardOf(await runCommand(h.ctx, 'fsw-hadley-1', 'help'));
    for (const c of COMMANDS) expect(json(help)).toContain(c.name);
    const unknown = cardOf(await runCommand(h.ctx, 'fsw-hadley-1', 'what is the weather'));
    expect(json(unknown)).toContain("didn't understand");
    expect(json(h.logger.lines)).not.toContain('weather');
  });

  it('someone not in the staff list gets a polite message', async () => {
    for (const cmd of ['next', 'actions', 'status', 'team']) {
      const reply = await runCommand(h.ctx, 'stranger', cmd);
      expect(reply.text).toContain("can't find you");
    }
  });

  it('the triage commands answer through the same entry point', async () => {
    const reply = await runCommand(h.ctx, 'tl-hadley', 'triage today');
    expect(reply.card ?? reply.text).toBeDefined();
  });
});

describe('every state has its action (issue 17)', () => {
  it('`sign` answers with the sign card of the record waiting for the signature', async () => {
    const card = cardOf(await runCommand(h.ctx, 'fsw-hadley-1', 'sign'));
    expect(json(card)).toContain('"verb":"record.sign"');
    expect(json(card)).toContain('ses-fsw-hadley-1-13');
  });

  it('`confirm` answers a supervisor with the confirm card of their past scheduled one-to-one', async () => {
    const card = cardOf(await runCommand(h.ctx, 'tl-hadley', 'confirm'));
    expect(json(card)).toContain('ses-fsw-hadley-1-14');
    expect(json(card)).toContain('Held');
    const none = await runCommand(h.ctx, 'fsw-hadley-1', 'confirm');
    expect(none.text).toMatch(/Nothing for you to confirm/);
  });

  it('status puts Sign / Confirm beside what waits', async () => {
    const mine = json(cardOf(await runCommand(h.ctx, 'fsw-hadley-1', 'status')));
    expect(mine).toContain('waiting for your signature');
    expect(mine).toContain('"command":"sign"');
    const tl = json(cardOf(await runCommand(h.ctx, 'tl-hadley', 'status')));
    expect(tl).toContain('"command":"confirm"');
  });

  it("a line manager nobody supervises is not told 'Green, none booked' while `next` shows a session", async () => {
    const status = json(cardOf(await runCommand(h.ctx, 'sm-1', 'status')));
    const next = json(cardOf(await runCommand(h.ctx, 'sm-1', 'next')));
    expect(status).not.toContain('none booked');
    expect(status).not.toContain('● Green');
    if (!next.includes('No supervision booked')) expect(status).toContain('Next you supervise');
  });

  it('a command close to a known one is done, saying what was understood; a greeting is help', async () => {
    const typo = await runCommand(h.ctx, 'fsw-hadley-1', 'stauts');
    expect(typo.text).toMatch(/took that as `status`/);
    expect(json(cardOf(typo))).toContain('My supervision status');
    expect((await runCommand(h.ctx, 'fsw-hadley-1', 'signe')).text).toMatch(/`sign`/);
    const hi = json(cardOf(await runCommand(h.ctx, 'fsw-hadley-1', 'hi')));
    expect(hi).not.toContain("didn't understand");
    expect(hi).toContain('Try this first');
    const far = json(cardOf(await runCommand(h.ctx, 'fsw-hadley-1', 'what is the weather')));
    expect(far).toContain("didn't understand");
  });

  it('each role is told what to try first', async () => {
    const fsw = json(cardOf(await runCommand(h.ctx, 'fsw-hadley-1', 'help')));
    expect(fsw).toContain('You are supervised');
    const tl = json(cardOf(await runCommand(h.ctx, 'tl-hadley', 'help')));
    expect(tl).toContain('You supervise');
    const sm = json(cardOf(await runCommand(h.ctx, 'sm-1', 'help')));
    expect(sm).toContain('You are a line manager');
    const sp = json(cardOf(await runCommand(h.ctx, 'sp-wrekin', 'help')));
    expect(sp).toContain('triage rota');
  });
});

describe('the Held form (issue 17)', () => {
  it('gives each action text box a row of its own (not a squeezed column beside owner and date)', async () => {
    const card = cardOf(await runCommand(h.ctx, 'tl-hadley', 'confirm'));
    const inColumn: string[] = [];
    const walk = (node: unknown, inCol: boolean): void => {
      if (Array.isArray(node)) return node.forEach((n) => walk(n, inCol));
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.type === 'Input.Text' && typeof o.id === 'string' && /^action\d+Text$/.test(o.id)) {
        if (inCol) inColumn.push(o.id);
      }
      for (const v of Object.values(o)) walk(v, inCol || o.type === 'Column');
    };
    walk(card, false);
    expect(json(card)).toContain('action1Text');
    expect(inColumn).toEqual([]);
  });
});

describe('`actions` says whose (issue 17)', () => {
  it('names the other person of the one-to-one that agreed each action', async () => {
    const fsw = json(cardOf(await runCommand(h.ctx, 'fsw-hadley-1', 'actions')));
    expect(fsw).toContain('agreed with Helen Ashford on');
    const tl = json(cardOf(await runCommand(h.ctx, 'tl-hadley', 'actions')));
    // A supervisor's actions come from several supervisees' one-to-ones: each says which.
    const withs = new Set(
      [...tl.matchAll(/agreed with ([A-Z][a-z]+ [A-Z][a-z]+) on/g)].map((m) => m[1]),
    );
    expect(withs.size).toBeGreaterThan(1);
  });
});
