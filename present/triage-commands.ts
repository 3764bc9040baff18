/** The triage rota's chat commands; included in COMMANDS by present/commands.ts. */
import type { AdaptiveCardJson, CommandHandler, CommandSpec } from '../usecases/context';
import { NO_ROTA, loadTriage, type TriageScope } from '../usecases/triage-scope';
import { balanceCard, coverCard, gapsCard, meetingsCard, type CoverKind } from './triage-views';

function withScope(
  render: (scope: TriageScope, userId: string) => AdaptiveCardJson,
): CommandHandler {
  return async (ctx, userId) => {
    const scope = await loadTriage(ctx);
    if (!scope) return { text: NO_ROTA };
    return { card: render(scope, userId) };
  };
}

const cover = (kind: CoverKind) => withScope((scope, userId) => coverCard(scope, userId, kind));

export const triageCommands: CommandSpec[] = [
  {
    name: 'triage today',
    description: 'Who covers the Family Connect triage desk today, and how to reach them',
    handler: cover('today'),
  },
  {
    name: 'triage tomorrow',
    description: 'Who covers the triage desk on the next working day',
    handler: cover('tomorrow'),
  },
  {
    name: 'triage week',
    description: 'The triage desk this week, day by day',
    handler: cover('week'),
  },
  {
    name: 'my triage',
    description: 'Your next triage days, with Swap and "I\'m off sick"',
    handler: cover('my'),
  },
  {
    name: 'triage gaps',
    description: 'Uncovered triage days up to two months ahead, with "Take this day"',
    handler: withScope((s, u) => gapsCard(s, u)),
  },
  {
    name: 'triage balance',
    description: 'Triage days per member against the fair share, this month and the next two',
    handler: withScope((s) => balanceCard(s)),
  },
  {
    name: 'meetings',
    description: 'Which multi-agency meeting each hub attends this term',
    handler: withScope((s, u) => meetingsCard(s, u)),
  },
];
