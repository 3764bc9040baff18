import { checkCard } from '../cards/testing/parse-card';
import type { CommandReply, CommandSpec } from './context';
import { COMMANDS, matchCommand, normaliseCommandText, runCommand } from './commands';
import { triageCommands } from './triage-commands';
import { makeHarness, type Harness } from './testing/harness';

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
