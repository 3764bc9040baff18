/**
 * The shapes of a record template (policy/record-templates.ts holds the data). Apart so that the
 * profile type can name them without an import cycle (profile.ts ↔ record-templates.ts).
 */
export interface RecordSection {
  /** Stable id for overrides and stored records, e.g. `learning-development`. */
  id: string;
  /** The heading as shown and as written in a record (`Heading:` line). */
  heading: string;
  required: boolean;
  /** The document and section, e.g. `002 App. E`. */
  source: string;
  /** The document's own words for it, verbatim; absent when the organisation added the section. */
  words?: string;
}

/** What one case discussed in supervision holds (its own entry, by case id, never a name). */
export type CaseEntryField =
  'caseId' | 'discussion' | 'decision' | 'riskScale' | 'actions' | 'significantDecision';

export interface CaseEntryTemplate {
  fields: CaseEntryField[];
  /**
   * The prompts the discussion follows, in the document's words (Signs of Safety's three
   * questions, Shropshire's four elements); empty when the document sets none.
   */
  discussionPrompts: string[];
  /** Signs of Safety scaling 0–10 where the policy uses it; null = no scale. */
  riskScale: { min: 0; max: 10; question: string; source: string } | null;
  source: string;
}

export interface RecordTemplate {
  /** The document's name for the record, e.g. `Appendix E: Supervision Template`. */
  name: string;
  source: string;
  sections: RecordSection[];
  caseEntry: CaseEntryTemplate;
}
