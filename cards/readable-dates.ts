/**
 * One date style everywhere people read (issue 17): `Thu 5 Nov 2026` (en-GB, Europe/London
 * dates). Findings' `detail` is written by the policy rules with ISO dates (the contract's
 * JSON keeps those); the cards, the tab and the CLI's text output pass it through here, so a
 * sentence never mixes `2026-10-27` and `Thu 5 Nov 2026`.
 */
import { formatDate } from './card-kit';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-10-27` → `Tue 27 Oct 2026`; a month `2026-09` → `Sep 2026`; anything else unchanged. */
export function readableDates(text: string): string {
  return text
    .replace(
      /(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d:T])/g,
      (all, y: string, m: string, d: string) =>
        Number(m) >= 1 && Number(m) <= 12 && Number(d) >= 1 && Number(d) <= 31
          ? formatDate(`${y}-${m}-${d}`)
          : all,
    )
    .replace(/(?<![\d-])(\d{4})-(\d{2})(?![\d-])/g, (all, y: string, m: string) =>
      Number(m) >= 1 && Number(m) <= 12 ? `${MONTHS[Number(m) - 1]} ${y}` : all,
    );
}
