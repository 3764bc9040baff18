/**
 * Case categories (`cases.category`, CONTRACT "Readings settled": Case categories): one or
 * more labels separated by `;`, matched trimmed and case-insensitively. One parser serves the
 * row validation (which reports unknown labels) and the cadence rule (which ignores them).
 */
export const CASE_LABELS = [
  'cp',
  'cin',
  'lac',
  'early-help',
  'high',
  'medium',
  'low',
  'neglect',
  'unborn',
  'under-1',
  'concern',
  'ifst',
  'family-centre',
  'full-circle',
  'full-circle-one-point',
  'keyworker',
] as const;
export type CaseLabel = (typeof CASE_LABELS)[number];

const KNOWN = new Set<string>(CASE_LABELS);

export interface CaseLabels {
  /** The known labels, lower case, each once, in the order written. */
  labels: CaseLabel[];
  /** How many labels were not in the contract's list (reported, then ignored). */
  unknown: number;
}

export function parseCaseLabels(text: string): CaseLabels {
  const labels: CaseLabel[] = [];
  let unknown = 0;
  for (const part of text.split(';')) {
    const label = part.trim().toLowerCase();
    if (label === '') continue;
    if (!KNOWN.has(label)) unknown++;
    else if (!labels.includes(label as CaseLabel)) labels.push(label as CaseLabel);
  }
  return { labels, unknown };
}
