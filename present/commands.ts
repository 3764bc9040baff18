/**
 * Text commands in the 1:1 chat: `next`, `actions`, `status`, `team`, `help`, plus the
 * Family Connect triage commands. The longest command name that starts the message wins
 * (`triage today` before `triage`); a leading @mention is ignored; anything unrecognised gets
 * the help card, never silence.
 */
import { helpCard } from '../cards/help-card';
import type { AppContext, CommandReply, CommandSpec } from '../usecases/context';
import { actionsCardFor, nextCardFor, statusCardFor, teamCardFor } from './command-views';
import { emptySnapshot } from '../policy/domain';
import { myPlans, mySupervision, myTeam } from '../usecases/queries';
import { requestReads, supervisionSlice } from '../usecases/scoped-reads';
import { doCommands, toConfirm } from './do-commands';
import { loadSnapshot, nowIso } from '../usecases/session-scope';
import { roleTips } from '../usecases/role-tips';
import { triageCommands } from './triage-commands';

const NOT_STAFF: CommandReply = {
  text:
    "I can't find you in the supervision list yet, so I have nothing to show you. " +
    'If you think you should be in it, please ask your team leader or the service administrator.',
};

const supervisionCommands: CommandSpec[] = [
  {
    name: 'next',
    description: 'My next supervision and what to prepare',
    // One person's sessions and the next one's slice (usecases/scoped-reads.ts): no
    // evaluation of the organisation to answer one person.
    handler: async (ctx, userId) => {
      const reads = requestReads(ctx);
      const mine = await myPlans(ctx, userId, reads);
      if (!mine) return NOT_STAFF;
      const session = mine.next ?? mine.nextAsSupervisor;
      const slice = session ? await supervisionSlice(reads, session) : emptySnapshot();
      return { card: nextCardFor(ctx, slice, mine) };
    },
  },
  {
    name: 'actions',
    description: 'My open actions from supervision',
    handler: async (ctx, userId) => {
      const reads = requestReads(ctx);
      const mine = await myPlans(ctx, userId, reads);
      if (!mine) return NOT_STAFF;
      const sessions = await reads.sessionsByIds(mine.openActions.map((a) => a.sessionId));
      // Each action says whose one-to-one it came from: only those people are read.
      const others = sessions.flatMap((s) => [s.supervisorId, s.superviseeId]);
      const staff = await reads.staffByIds([...new Set(others)]);
      return { card: actionsCardFor({ sessions, staff }, mine) };
    },
  },
  {
    name: 'status',
    description: 'My supervision this year against the policy, and anything overdue',
    handler: async (ctx, userId) => {
      const mine = await mySupervision(ctx, userId);
      if (!mine) return NOT_STAFF;
      const { snapshot, hierarchy } = await loadSnapshot(ctx);
      const confirm = toConfirm(snapshot.sessions, hierarchy, userId, nowIso(ctx)).length;
      return { card: statusCardFor(ctx, mine, confirm) };
    },
  },
  {
    name: 'team',
    description: 'Managers: the people you supervise or manage, at a glance',
    handler: async (ctx, userId) => {
      const team = await myTeam(ctx, userId);
      if (!team) return NOT_STAFF;
      if (team.team.members.length === 0) {
        return {
          text: "Nobody in the supervision list reports to you, so there's no team to show.",
        };
      }
      return { card: teamCardFor(ctx, team) };
    },
  },
];

const helpCommand: CommandSpec = {
  name: 'help',
  description: 'What I can do',
  handler: async (ctx, userId) => ({
    card: helpCard({
      commands: COMMANDS.map(({ name, description }) => ({ name, description })),
      tips: await roleTips(ctx, userId),
    }),
  }),
};

export const COMMANDS: CommandSpec[] = [
  ...supervisionCommands,
  ...doCommands,
  ...triageCommands,
  helpCommand,
];

/** A greeting is a request for help, not a command the bot failed to understand. */
const GREETINGS = new Set(['hi', 'hello', 'hey', 'hiya', 'start', 'morning', 'good morning', '?']);

/** Edit distance (insertions, deletions, substitutions, adjacent swaps). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The one command a mistyped text is close to (`stauts` → status, `my triag` → my triage,
 * `signe` → sign), or null when none is, or two are equally close. Close: one edit for a
 * name up to 5 letters, two for longer ones; the text's extra words are not arguments then.
 */
export function closestCommand(
  text: string,
  commands: readonly CommandSpec[] = COMMANDS,
): CommandSpec | null {
  const normal = normaliseCommandText(text).toLowerCase();
  if (!normal) return null;
  let best: { spec: CommandSpec; d: number } | null = null;
  let tie = false;
  for (const spec of commands) {
    const name = spec.name.toLowerCase();
    const d = editDistance(normal, name);
    if (d > (name.length <= 5 ? 1 : 2)) continue;
    if (!best || d < best.d) {
      best = { spec, d };
      tie = false;
    } else if (d === best.d) tie = true;
  }
  return best && !tie ? best.spec : null;
}

/** Removes a leading @mention (`<at>Supervision Bot</at>` as Teams sends it, or `@name`). */
export function normaliseCommandText(text: string): string {
  return text
    .replace(/^\s*(<at>[^<]*<\/at>\s*)+/i, '')
    .replace(/^\s*@\S+\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The command the text starts with (longest name wins) and the rest as its arguments. */
export function matchCommand(text: string, commands: readonly CommandSpec[] = COMMANDS) {
  const cleaned = normaliseCommandText(text);
  const normal = cleaned.toLowerCase();
  let best: { spec: CommandSpec; args: string } | null = null;
  for (const spec of commands) {
    const name = spec.name.toLowerCase();
    if (normal !== name && !normal.startsWith(`${name} `)) continue;
    if (!best || name.length > best.spec.name.length)
      best = { spec, args: cleaned.slice(name.length).trim() };
  }
  return best;
}

export async function runCommand(
  ctx: AppContext,
  userId: string,
  text: string,
): Promise<CommandReply> {
  const match = matchCommand(text);
  if (!match) {
    if (
      GREETINGS.has(
        normaliseCommandText(text)
          .toLowerCase()
          .replace(/[!.]+$/, ''),
      )
    ) {
      return helpCommand.handler(ctx, userId, '');
    }
    const close = closestCommand(text);
    if (close) {
      // Just do it, and say what was understood (the user learns the word).
      ctx.logger.info('command.run', { userId, command: close.name, fuzzy: true });
      const reply = await close.handler(ctx, userId, '');
      const said = `I took that as \`${close.name}\`.`;
      return { ...reply, text: reply.text ? `${said} ${reply.text}` : said };
    }
    ctx.logger.info('command.unknown', { userId });
    return {
      card: helpCard({
        commands: COMMANDS.map(({ name, description }) => ({ name, description })),
        unknownText: text,
        tips: await roleTips(ctx, userId),
      }),
    };
  }
  ctx.logger.info('command.run', { userId, command: match.spec.name });
  return match.spec.handler(ctx, userId, match.args);
}
