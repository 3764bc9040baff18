/**
 * What a use-case answers (issue 13): a stable code the edges switch on, and the data they
 * render from. bot/ turns an outcome into a card (present/), the tab into an HTTP status and
 * JSON; neither goes through the other, and neither re-reads the store to learn what happened.
 *
 * - `done`: the work is done (or was already done: every use-case is idempotent); `value`
 *   carries what the edge shows.
 * - `refused`: this person may not do this; nothing changed.
 * - `invalid`: the command is malformed or fails a rule (missing reason, bad date); nothing
 *   changed, and the same command with the fault corrected may be sent again.
 * - `not-found`: what the command names does not exist (any more).
 * - `conflict`: someone else's answer got there first and this one did not change it; `value`
 *   carries what is there now.
 * - `unavailable`: a store did not answer; nothing or not all was done, and the same command may
 *   be sent again. `cause` is the failing port's code (`unavailable`, or a kernel/errors.ts
 *   code such as `kv-unavailable`), for logs only.
 *
 * `reason` is plain English for the person who acted, never record text of someone else's.
 */
import type { ErrorCode } from '../kernel/errors';

/** An outcome that is not `done` or `conflict`: nothing was done, here is why. */
export type Refusal =
  /** `why`: a stable name for the rule that said no, for edges that answer differently. */
  | { code: 'refused' | 'invalid' | 'not-found'; reason: string; why?: string }
  | { code: 'unavailable'; reason: string; cause?: ErrorCode | string };

export type Outcome<Done, Conflict = never> =
  | { code: 'done'; value: Done }
  // Only use-cases that can lose a race to another answer have a conflict to report.
  | ([Conflict] extends [never] ? never : { code: 'conflict'; reason: string; value: Conflict })
  | Refusal;

/** Every outcome code, for edges that map them (HTTP statuses, card kinds). */
export type OutcomeCode = Outcome<unknown, unknown>['code'];

export const done = <T>(value: T): { code: 'done'; value: T } => ({ code: 'done', value });

export const refused = (reason: string, why?: string): Refusal => ({
  code: 'refused',
  reason,
  ...(why !== undefined ? { why } : {}),
});
export const invalid = (reason: string, why?: string): Refusal => ({
  code: 'invalid',
  reason,
  ...(why !== undefined ? { why } : {}),
});
export const notFound = (reason: string): Refusal => ({ code: 'not-found', reason });
export const unavailable = (reason: string, cause?: ErrorCode | string): Refusal => ({
  code: 'unavailable',
  reason,
  ...(cause !== undefined ? { cause } : {}),
});
