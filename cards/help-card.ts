/** Reply to `help` and to anything the bot does not understand (never silence). */
import { adaptiveCard, execute, factSet, header, text, type CardJson } from './card-kit';

export interface HelpView {
  commands: Array<{ name: string; description: string }>;
  /** Set when answering text the bot did not understand. */
  unknownText?: string;
  /** What to try first, for this person's roles (usecases/role-tips.ts). */
  tips?: string[];
}

/** Commands worth a one-click button (no arguments). */
const BUTTONS: Array<[string, string]> = [
  ['next', 'My next supervision'],
  ['actions', 'My actions'],
  ['status', 'My status'],
  ['team', 'My team'],
  ['sign', 'Sign a record'],
];

export function helpCard(view: HelpView): CardJson {
  const names = new Set(view.commands.map((c) => c.name));
  return adaptiveCard(
    [
      header('Supervision Bot', 'Keeps your supervision on time and on record.'),
      ...(view.unknownText !== undefined
        ? [text("Sorry, I didn't understand that. Here is what I can do:", { weight: 'Bolder' })]
        : []),
      ...(view.tips && view.tips.length > 0
        ? [
            text('**Try this first**', { spacing: 'Medium' }),
            ...view.tips.map((t) => text(`• ${t}`, { spacing: 'Small' })),
            text('**All commands**', { spacing: 'Medium' }),
          ]
        : []),
      factSet(view.commands.map((c) => [c.name, c.description])),
      text('Type a command, or use the buttons.', { isSubtle: true, size: 'Small' }),
    ],
    {
      actions: BUTTONS.filter(([name]) => names.has(name)).map(([command, title]) =>
        execute(title, 'command.run', { command, from: 'help' }),
      ),
      fallbackText: 'Commands: ' + view.commands.map((c) => c.name).join(', '),
    },
  );
}
