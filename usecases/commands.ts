/**
 * Text commands in the 1:1 chat: `next`, `actions`, `status`, `team`, `help`, plus the
 * Family Connect triage commands. The longest command name that starts the message wins
 * (`triage today` before `triage`); a leading @mention is ignored; anything unrecognised gets
 * the help card, never silence.
 */
import { helpCard } from '../cards/help-card';
import type { AppContext, CommandReply, CommandSpec } from './context';
import { actionsCardFor, nextCardFor, statusCardFor, teamCardFor } from './command-views';
import { emptySnapshot } from '../policy/domain';
import { myPlans, mySupervision, myTeam } from './queries';
import { requestReads, supervisionSlice } from './scoped-reads';
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
      return { card: actionsCardFor({ sessions }, mine) };
    },
  },
  {
    name: 'status',
    description: 'My supervision this year against the policy, and anything overdue',
    handler: async (ctx, userId) => {
      const mine = await mySupervision(ctx, userId);
      return mine ? { card: statusCardFor(ctx, mine) } : NOT_STAFF;
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
  handler: async () => ({
    card: helpCard({ commands: COMMANDS.map(({ name, description }) => ({ name, description })) }),
  }),
};

export const COMMANDS: CommandSpec[] = [...supervisionCommands, ...triageCommands, helpCommand];

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
    ctx.logger.info('command.unknown', { userId });
    return {
      card: helpCard({
        commands: COMMANDS.map(({ name, description }) => ({ name, description })),
        unknownText: text,
      }),
    };
  }
  ctx.logger.info('command.run', { userId, command: match.spec.name });
  return match.spec.handler(ctx, userId, match.args);
}
