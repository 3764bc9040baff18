import { csvCell, teamCsv } from './team-csv';
import type { TeamRow } from './team-view';

const row: TeamRow = {
  staffId: 'fsw-1',
  name: 'Sam "Jo" Smith',
  team: '=HYPERLINK("http://x")',
  role: 'practitioner',
  supervisorName: 'Helen',
  lastHeld: '2026-11-01',
  nextBooked: null,
  nextDue: '2026-12-01',
  monthsWithout: 0,
  heldThisYear: 7,
  requiredThisYear: 10,
  recordStatus: 'complete',
  signatureStatus: 'awaiting',
  agreement: { status: 'ok', due: '2027-05-01' },
  observation: { held: 0, required: 1, due: '2027-03-31' },
  rag: 'amber',
  reasons: [],
};

test('cells are quoted, quotes doubled, formulas defused', () => {
  expect(csvCell('a,b')).toBe('"a,b"');
  expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  expect(csvCell('=1+1')).toBe(`"'=1+1"`);
  expect(csvCell('-5')).toBe(`"'-5"`);
  expect(csvCell(null)).toBe('""');
  expect(csvCell(3)).toBe('"3"');
});

test('a header line and one CRLF line per row', () => {
  const text = teamCsv([row]);
  const lines = text.split('\r\n');
  expect(lines).toHaveLength(3);
  expect(lines[2]).toBe('');
  expect(lines[1]).toContain('"Sam ""Jo"" Smith"');
  expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
  expect(lines[0]!.split(',')).toHaveLength(lines[1]!.split('","').length);
});
