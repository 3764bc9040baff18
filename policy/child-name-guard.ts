/**
 * The free-text guard (issue 18): every policy asks that children be identified by their case
 * number, never by name, in supervision records. When a record's text holds what looks like a
 * person's first and last name (two capitalised words in a row) that is not a member of staff,
 * the supervisor is warned — never blocked: the guard cannot know, and a place or a service
 * name can look the same. Pure; the caller decides where the warning goes, and the text itself
 * is never logged.
 */

/**
 * Capitalised words that start sentences or name services and places in these records, so a
 * pair made with one of them is not taken for a name ("Signs of Safety", "Family Connect").
 */
const NOT_NAMES = new Set(
  (
    'a an and as at but by for from in into of on or the to with we he she they it his her ' +
    'their our this that these those discussed reviewed agreed noted talked spoke met case cases ' +
    'plan plans review action actions supervision session record wellbeing learning development ' +
    'family families connect signs safety early help team around child children young person ' +
    'people social care worker workers service services hub school schools health visitor gp ' +
    'police court conference core group strategy meeting panel unit centre center council ' +
    'strengthening support practitioner manager leader lead senior ifst marac mash cin cp lac ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may ' +
    'june july august september october november december next last new first second ' +
    'bank holiday christmas easter asye toil'
  ).split(/\s+/),
);

/** A capitalised word: an initial capital, then letters (accents, hyphens and apostrophes allowed). */
const WORD = /^[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]*(?:[-'’][A-Za-zÀ-ÖØ-öø-ÿ]+)*$/;

/**
 * The phrases in `text` that look like a first and last name and are not among `staffNames`
 * (at most `limit`, in the order they appear, each once).
 */
export function possibleChildNames(
  text: string,
  staffNames: Iterable<string>,
  limit = 3,
): string[] {
  const staff = new Set<string>();
  for (const n of staffNames) staff.add(n.trim().toLowerCase());
  const found: string[] = [];
  // Split at punctuation first, so "…with Mum. Jayden…" or "Amy Brown, Ben Cole" never pair
  // words across it.
  for (const clause of text.split(/[.,!?;:\n\r()[\]"“”]+/)) {
    const words = clause.split(/\s+/).filter((w) => w.length >= 2);
    for (let i = 0; i + 1 < words.length; i++) {
      const a = words[i]!;
      const b = words[i + 1]!;
      if (!WORD.test(a) || !WORD.test(b)) continue;
      if (NOT_NAMES.has(a.toLowerCase()) || NOT_NAMES.has(b.toLowerCase())) continue;
      const pair = `${a} ${b}`;
      if (staff.has(pair.toLowerCase()) || found.includes(pair)) continue;
      found.push(pair);
      if (found.length >= limit) return found;
    }
  }
  return found;
}

/** The supervisor's warning for what the guard found, or null when nothing looks like a name. */
export function childNameWarning(found: readonly string[]): string | null {
  if (found.length === 0) return null;
  const quoted = found.map((f) => `"${f}"`).join(', ');
  return (
    `The record may name a child (${quoted}). The policy asks that children are identified by ` +
    'their case number only; if this is a colleague, a parent or a place, leave it as it is.'
  );
}
