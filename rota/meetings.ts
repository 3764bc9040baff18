/**
 * Multi-agency information sharing meetings rota (003 "Multi-agency information sharing
 * meeting SOPs"): senior practitioners and team leaders of each hub attend one meeting per
 * term. Autumn Sep–Dec, Spring Jan–Apr, Summer May–Aug.
 */
import type { LocalDate } from '../policy/domain';
import type { TriageSettings } from '../policy/profile';

export type MeetingsTerm = TriageSettings['meetingsByTerm'][number];

/** The profile's meetings rota (telford-sf carries the seed's table); none without triage. */
export function meetingTerms(settings: TriageSettings | null | undefined): MeetingsTerm[] {
  return settings?.meetingsByTerm ?? [];
}

export function termOf(date: LocalDate, terms: MeetingsTerm[]): MeetingsTerm | undefined {
  const month = Number(date.slice(5, 7));
  return terms.find((t) => t.months.includes(month));
}

/** Significant words of a hub name (`The Wrekin` → `wrekin`), for matching `Hadley` to `Hadley Castle`. */
function hubWords(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w && w !== 'the');
}

/** The meeting a hub attends in a term; tolerant of short hub names in the profile (`Hadley`). */
export function meetingForHub(term: MeetingsTerm, hub: string): string | undefined {
  const exact = term.assignments[hub];
  if (exact) return exact;
  const words = new Set(hubWords(hub));
  for (const [key, meeting] of Object.entries(term.assignments)) {
    if (hubWords(key).some((w) => words.has(w))) return meeting;
  }
  return undefined;
}

export interface MeetingsView {
  term: string;
  months: number[];
  rows: Array<{ hub: string; meeting: string }>;
}

/** The term a date falls in and each hub's meeting, in the order of `hubs`. */
export function meetingsOn(
  date: LocalDate,
  hubs: string[],
  terms: MeetingsTerm[],
): MeetingsView | undefined {
  const term = termOf(date, terms);
  if (!term) return undefined;
  const rows = hubs.flatMap((hub) => {
    const meeting = meetingForHub(term, hub);
    return meeting ? [{ hub, meeting }] : [];
  });
  return { term: term.term, months: term.months, rows };
}
