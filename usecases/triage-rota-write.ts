/**
 * Every rota change goes through here: read the row with its version, re-check the rule on
 * what was read, write with If-Match, and on a conflict (a colleague's click, an edit in
 * SharePoint) read again and re-check — so the rule is always judged on the row that is really
 * replaced. A few attempts, then the caller is told.
 */
import type { LocalDate, RotaDay } from '../policy/domain';
import type { ScheduleWriter } from '../ports/schedule';

export type RotaWrite =
  | { ok: true; row: RotaDay; before: RotaDay }
  /** The rule refused on the current row (e.g. someone else now has it). */
  | { ok: false; code: 'refused'; reason: string; row: RotaDay | null }
  | { ok: false; code: 'missing' | 'unavailable'; reason: string; row: RotaDay | null };

const ATTEMPTS = 4;

/**
 * `decide` sees the current row (null when the day has no row) and returns the patch to apply,
 * or a refusal reason. To clear the member, the patch carries the key with `undefined`: the
 * embedded store drops it and the SharePoint adapter sends null (both clear the column).
 */
export async function changeRotaDay(
  writer: ScheduleWriter,
  date: LocalDate,
  decide: (row: RotaDay | null) => { patch: Partial<RotaDay> } | { refuse: string },
): Promise<RotaWrite> {
  let last: RotaDay | null = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await writer.getRotaDay(date);
    last = current?.value ?? null;
    const d = decide(last);
    if ('refuse' in d) return { ok: false, code: 'refused', reason: d.refuse, row: last };
    if (!current) {
      return {
        ok: false,
        code: 'missing',
        reason: 'This day has no row in the rota list yet; ask an admin to add it.',
        row: null,
      };
    }
    const res = await writer.updateRotaDay(date, d.patch, current.version);
    if (res.ok) return { ok: true, row: res.value, before: current.value };
    if (res.code === 'conflict') continue;
    if (res.code === 'not-found') {
      return {
        ok: false,
        code: 'missing',
        reason: 'This rota day was removed from the list.',
        row: null,
      };
    }
    return {
      ok: false,
      code: 'unavailable',
      reason: 'The rota could not be updated just now; please try again shortly.',
      row: last,
    };
  }
  return {
    ok: false,
    code: 'unavailable',
    reason: 'The rota kept changing while saving; please look again and retry.',
    row: last,
  };
}
