/**
 * TEMPORARY until h18a's "record types:" commit lands: the structured record's shape as
 * policy/domain.ts will declare it. Replaced by a re-export of policy/domain's types.
 */
export interface RecordAction {
  text: string;
  ownerId: string;
  dueDate?: string;
}
export interface CaseEntry {
  caseId: string;
  discussion: string;
  decision: string;
  riskScale?: number;
  actions: RecordAction[];
  significantDecision: boolean;
}
export interface SupervisionRecord {
  sections: Record<string, string>;
  cases: CaseEntry[];
  nextSessionAt?: string;
  status: 'draft' | 'final';
  updatedAt: string;
}
