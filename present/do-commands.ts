/**
 * Commands that do what `status` reports (issue 17: "every state has its action beside it"):
 * `sign` answers with the sign card of the oldest record waiting for the user's signature,
 * `confirm` with the confirm card of the oldest past one-to-one they must confirm. The cards
 * are the same ones the scheduler sends, so signing or confirming from them is the same
 * action with the same audit trail.
 */
import type { Session } from '../policy/domain';
import type { CommandReply, CommandSpec } from '../usecases/context';
import type { Hierarchy } from '../policy/hierarchy';
import { confirmCardFor } from './confirm-view';
import { mySupervision } from '../usecases/queries';
import { confirmersOf, loadSession, loadSnapshot, nowIso } from '../usecases/session-scope';
import { signCardFor } from './sign-view';

const NOT_STAFF: CommandReply = {
  text: "I can't find you in the supervision list yet, so there is nothing for you to do here.",
};

/** Past one-to-ones still `scheduled` that `userId` may confirm: their own first, oldest first. */
export function toConfirm(
  sessions: readonly Session[],
  h: Hierarchy,
  userId: string,
  now: string,
): Session[] {
  return sessions
    .filter(
      (s) =>
        s.kind === 'one-to-one' &&
        s.status === 'scheduled' &&
        s.scheduledStart < now &&
        confirmersOf(h, s).includes(userId),
    )
    .sort(
      (a, b) =>
        Number(b.supervisorId === userId) - Number(a.supervisorId === userId) || oldestFirst(a, b),
    );
}

/** The one asked for by id (a button), else the first. */
function pick(candidates: Session[], wanted: string): Session | undefined {
  return wanted ? candidates.find((s) => s.id === wanted) : candidates[0];
}

function oldestFirst(a: Session, b: Session): number {
  return a.scheduledStart.localeCompare(b.scheduledStart);
}

function more(n: number, what: string, command: string): string {
  return n > 1
    ? `${n} ${what}: this is the oldest. Type \`${command}\` again after it for the next.`
    : '';
}

export const doCommands: CommandSpec[] = [
  {
    name: 'sign',
    description: 'Sign the oldest supervision record waiting for your signature',
    handler: async (ctx, userId, args) => {
      const mine = await mySupervision(ctx, userId);
      if (!mine) return NOT_STAFF;
      const waiting = [...mine.awaitingMySignature].sort(oldestFirst);
      const first = pick(waiting, args.trim());
      if (!first) return { text: 'No supervision record is waiting for your signature. ✓' };
      const scope = await loadSession(ctx, first.id);
      if (!scope) return { text: 'That record is no longer in the supervision list.' };
      const note = more(waiting.length, 'records wait for your signature', 'sign');
      return { ...(note ? { text: note } : {}), card: await signCardFor(ctx, scope, userId) };
    },
  },
  {
    name: 'confirm',
    description: 'Confirm the oldest one-to-one you ran that is still shown as scheduled',
    handler: async (ctx, userId, args) => {
      const { snapshot, hierarchy } = await loadSnapshot(ctx);
      if (!snapshot.staff.some((s) => s.id === userId)) return NOT_STAFF;
      const mine = toConfirm(snapshot.sessions, hierarchy, userId, nowIso(ctx));
      const first = pick(mine, args.trim());
      if (!first)
        return {
          text: 'Nothing for you to confirm: no past one-to-one is still shown as scheduled. ✓',
        };
      const scope = await loadSession(ctx, first.id);
      if (!scope) return { text: 'That session is no longer in the supervision list.' };
      const note = more(mine.length, 'one-to-ones wait to be confirmed', 'confirm');
      return { ...(note ? { text: note } : {}), card: await confirmCardFor(ctx, scope, userId) };
    },
  },
];
