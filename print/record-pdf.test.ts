/**
 * Issue 18 "Printable": PDFs parsed back with pdftotext (Debian's poppler-utils, installed by
 * .ci/run) and checked for every section, both signatures with their UTC times, the record's
 * SHA-256 and any disagreement. A missing pdftotext fails the test rather than skipping it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getProfile } from '../policy/profiles';
import { session, smallOrg } from '../policy/test-support';
import type { SignatureEntry } from '../ports/schedule';
import { buildRecordDocument } from '../usecases/record-document';
import { hashOfRecord } from '../usecases/signatures';
import { buildSupervisionFile } from '../usecases/supervision-file';
import { recordPdf, supervisionFilePdf } from './record-pdf';

function textOf(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdf-'));
  const file = path.join(dir, 'x.pdf');
  writeFileSync(file, pdf);
  // Without -layout: words in reading order, one paragraph per line run.
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

const held = session('s1', 'fsw', 'tl', '2026-11-10', {
  recordSummary:
    'Caseload reviewed: LL-204318 plan agreed. José Müller joined for the wellbeing part.',
  recordCompletedAt: '2026-11-10T15:00:00.000Z',
  supervisorSignedAt: '2026-11-10T15:05:00.000Z',
  superviseeSignedAt: '2026-11-11T09:30:00.000Z',
});
const org = smallOrg({
  sessions: [held],
  actions: [
    { id: 'a1', sessionId: 's1', ownerId: 'fsw', text: 'Update the chronology', due: '2026-11-24' },
  ],
});
const hash = hashOfRecord(held, org.actions);

function entry(fields: Partial<SignatureEntry>): SignatureEntry {
  return {
    id: `s1|${fields.signerId}|${fields.contentHash ?? hash}|${fields.decision ?? 'signed'}`,
    sessionId: 's1',
    signerId: 'tl',
    signerRole: 'supervisor',
    decision: 'signed',
    at: '2026-11-10T15:05:00.000Z',
    contentHash: hash,
    activityId: 'tab',
    ...fields,
  };
}

describe('a supervision record as a PDF', () => {
  const profile = getProfile('manchester-cs');

  it('prints the organisation, policy, each section, actions, both signatures in UTC and the SHA-256', async () => {
    const trail = [
      entry({ signerId: 'tl', signerRole: 'supervisor', at: '2026-11-10T15:05:00.000Z' }),
      entry({ signerId: 'fsw', signerRole: 'supervisee', at: '2026-11-11T09:30:00.000Z' }),
    ];
    const doc = buildRecordDocument(org, profile, 's1', trail);
    expect(doc).not.toBeNull();
    const text = textOf(await recordPdf(doc!));
    expect(text).toContain(profile.organisation);
    expect(text).toContain(profile.document.split(' ')[0]!);
    expect(text).toContain('Record of supervision');
    expect(text).toContain('LL-204318 plan agreed');
    expect(text).toContain('José Müller');
    expect(text).toContain('Agreed actions');
    expect(text).toContain('Update the chronology');
    expect(text).toContain('Supervisor: Name tl (tl) - signed 2026-11-10T15:05:00Z (UTC');
    expect(text).toContain('Supervisee: Name fsw (fsw) - signed 2026-11-11T09:30:00Z (UTC');
    expect(text).toContain(`signed content SHA-256: ${hash} (matches this record)`);
    expect(text).toContain(`This record's content SHA-256: ${hash}`);
    expect(text).not.toContain('VOID');
  });

  it('prints a summary written with the template headings section by section, and which required ones it holds', async () => {
    const written = session('s2', 'fsw', 'tl', '2026-11-12', {
      recordSummary: [
        'Personal supervision - health and well being: coping well; uses the wellbeing portal.',
        'Learning and development:',
        'Signs of Safety refresher booked for January.',
        'Case discussion: LL-204318 danger statement agreed.',
      ].join('\n'),
      recordCompletedAt: '2026-11-12T15:00:00.000Z',
    });
    const doc = buildRecordDocument(smallOrg({ sessions: [written] }), profile, 's2', []);
    expect(doc!.sections.map((s) => s.heading)).toEqual([
      'Personal supervision - health and well being',
      'Learning and development',
      'Case discussion',
    ]);
    const text = textOf(await recordPdf(doc!));
    expect(text).toContain(
      'Sections required by Appendix E: Supervision Template: Personal supervision - health and well being (present); Review agreed actions from last supervision (missing); Learning and development (present); Time and date of next supervision (missing)',
    );
    expect(text).toContain(
      'Personal supervision - health and well being coping well; uses the wellbeing portal.',
    );
    expect(text).toContain(
      'Learning and development Signs of Safety refresher booked for January.',
    );
    expect(text).toContain('Case discussion LL-204318 danger statement agreed.');
    expect(text).not.toContain('Record of supervision');
  });

  it('prints a record without headings as one section, with the required ones missing', async () => {
    const doc = buildRecordDocument(org, getProfile('telford-sf'), 's1', []);
    expect(doc!.sections).toHaveLength(1);
    const text = textOf(await recordPdf(doc!));
    expect(text).toContain(
      'Sections required by Appendix B - Record of Supervision: Agenda items (missing); Training (missing)',
    );
    expect(text).toContain('Record of supervision Caseload reviewed: LL-204318 plan agreed.');
  });

  it('prints a signature made on other content as void, and a disagreement with its comment', async () => {
    const trail = [
      entry({ signerId: 'tl', signerRole: 'supervisor', contentHash: 'f'.repeat(64) }),
      entry({
        signerId: 'fsw',
        signerRole: 'supervisee',
        decision: 'disagreed',
        comment: 'The action on LL-204318 was not agreed.',
        at: '2026-11-11T09:30:00.000Z',
      }),
    ];
    // The supervisee has not signed (the field is blank): they disagreed instead.
    const unsigned = { ...org, sessions: [{ ...held, superviseeSignedAt: undefined }] };
    const text = textOf(await recordPdf(buildRecordDocument(unsigned, profile, 's1', trail)!));
    expect(text).toMatch(
      /Supervisor: Name tl \(tl\) - signature VOID: made 2026-11-10T15:05:00Z .* on other content/,
    );
    expect(text).toContain(`that content's SHA-256: ${'f'.repeat(64)}`);
    expect(text).toContain(
      'Supervisee: Name fsw (fsw) - recorded a disagreement 2026-11-11T09:30:00Z',
    );
    expect(text).toContain('Disagreements recorded');
    expect(text).toContain('The action on LL-204318 was not agreed.');
  });

  it('a signature set outside the bot (no audit entry) is printed as such, never as matching', async () => {
    const text = textOf(await recordPdf(buildRecordDocument(org, profile, 's1', [])!));
    expect(text).toContain(
      'signed outside Supervision Bot: no audit entry to check the content against',
    );
    expect(text).not.toContain('(matches this record)');
  });

  it('characters outside the standard font print as ? rather than a wrong glyph', async () => {
    const odd = { ...org, sessions: [{ ...held, recordSummary: 'Plan ✓ agreed' }] };
    const text = textOf(await recordPdf(buildRecordDocument(odd, profile, 's1', [])!));
    expect(text).toContain('Plan ? agreed');
  });

  it('returns null for an unknown session', () => {
    expect(buildRecordDocument(org, profile, 'nope', [])).toBeNull();
  });
});

describe("a supervisee's supervision file as a PDF", () => {
  it('holds agreements, every session with cancellations and reasons, records, observations and open actions', async () => {
    const snapshot = smallOrg({
      sessions: [
        held,
        session('s0', 'fsw', 'tl', '2026-10-13', {
          status: 'cancelled',
          cancelReason: 'supervisor off sick',
          rescheduledToId: 's0b',
        }),
        session('obs', 'fsw', 'tl', '2026-09-15', { kind: 'observation' }),
        session('old', 'fsw', 'tl', '2025-01-10'),
      ],
      actions: org.actions,
      agreements: [{ superviseeId: 'fsw', supervisorId: 'tl', signedAt: '2026-04-02' }],
    });
    const file = buildSupervisionFile(
      snapshot,
      getProfile('telford-sf'),
      'fsw',
      '2026-04-01',
      '2026-11-30',
      new Map(),
    );
    const text = textOf(await supervisionFilePdf(file!));
    expect(text).toContain('Supervision file: Name fsw');
    expect(text).toContain('With Name tl: signed Thu 2 Apr 2026');
    expect(text).toContain(
      'Tue 13 Oct 2026 - one-to-one, cancelled, with Name tl; reason: supervisor off sick; moved to session s0b',
    );
    expect(text).toContain('Tue 15 Sep 2026 - held, by Name tl');
    expect(text).toContain('Update the chronology - by Tue 24 Nov 2026');
    expect(text).toContain('Supervision record: Tue 10 Nov 2026');
    // Outside the period: not in the file.
    expect(text).not.toContain('2025');
  });
});
