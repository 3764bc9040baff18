/**
 * The card side of an outcome that did nothing (usecases/outcome.ts): a refusal or a missing
 * session is shown as a plain message with the card unchanged (`refused`); bad input or a store
 * that did not answer leaves the card in place so the person can correct it or press again
 * (`invalid`).
 */
import type { CardActionResult } from '../usecases/context';
import type { Refusal } from '../usecases/outcome';

export function refusalResult(r: Refusal): CardActionResult {
  switch (r.code) {
    case 'refused':
    case 'not-found':
      return { kind: 'refused', message: r.reason };
    case 'invalid':
    case 'unavailable':
      return { kind: 'invalid', message: r.reason };
  }
}
