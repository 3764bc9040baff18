/** A plain message as a card (for a command answered in words, returned from a card button). */
import { adaptiveCard, execute, text, type CardJson } from './card-kit';

export function messageCard(message: string): CardJson {
  return adaptiveCard([text(message)], {
    actions: [execute('What can I do?', 'command.run', { command: 'help' })],
    fallbackText: message,
  });
}
