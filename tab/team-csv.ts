/**
 * The team view as CSV (`text/csv`), for managers who keep their own tracker. Staff are named
 * (they are colleagues); no child is: no case ids, no record text. Cells that a spreadsheet
 * would run as a formula (`=`, `+`, `-`, `@`, tab, CR) are prefixed with `'` (OWASP CSV
 * injection), and every cell is quoted.
 */
import type { TeamRow } from './team-view';

const HEADERS = [
  'Staff id',
  'Name',
  'Team',
  'Role',
  'Supervisor',
  'RAG',
  'Last held',
  'Next booked',
  'Next due',
  'Months without',
  'Held this year',
  'Required this year',
  'Record',
  'Signatures',
  'Agreement',
  'Agreement due',
  'Observations held',
  'Observations required',
  'Observation due',
] as const;

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function teamCsv(rows: readonly TeamRow[]): string {
  const lines = [HEADERS.map(csvCell).join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.staffId,
        r.name,
        r.team,
        r.role,
        r.supervisorName,
        r.rag,
        r.lastHeld,
        r.nextBooked,
        r.nextDue,
        r.monthsWithout,
        r.heldThisYear,
        r.requiredThisYear,
        r.recordStatus,
        r.signatureStatus,
        r.agreement.status,
        r.agreement.due,
        r.observation?.held,
        r.observation?.required,
        r.observation?.due,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  // CRLF: RFC 4180, and what Excel expects.
  return `${lines.join('\r\n')}\r\n`;
}
