/**
 * A supervision record as a PDF (issue 18 "Printable"): for the supervisee's file, an audit,
 * or a copy on request. It says which organisation and policy it is kept under, prints each
 * section, the agreed actions, both signatures with their UTC times and the SHA-256 of the
 * content each signed beside the SHA-256 of the content printed, so a reader can see at a
 * glance whether the signatures cover this text; and every disagreement.
 */
import { formatDate, formatInstant, formatMinutes } from '../cards/card-kit';
import type { PrintedSignature, RecordDocument } from '../usecases/record-document';
import type { SupervisionFile } from '../usecases/supervision-file';
import { PdfWriter } from './pdf-writer';

const PARTY_LABEL = { supervisor: 'Supervisor', supervisee: 'Supervisee' } as const;

/** Signatures are stated in UTC, as the audit trail holds them, with the London time beside. */
function utc(at: string): string {
  return `${at.replace(/\.\d{3}Z$/, 'Z')} (UTC; ${formatInstant(at)} London)`;
}

function signatureLines(s: PrintedSignature, printedHash: string): string[] {
  const who = `${PARTY_LABEL[s.party]}: ${s.signer.name} (${s.signer.id})`;
  switch (s.state) {
    case 'signed':
      return [
        `${who} - signed ${s.at ? utc(s.at) : ''}`,
        s.contentHash
          ? `  signed content SHA-256: ${s.contentHash}${s.contentHash === printedHash ? ' (matches this record)' : ''}`
          : '  signed outside Supervision Bot: no audit entry to check the content against',
      ];
    case 'disagreed':
      return [
        `${who} - recorded a disagreement ${s.at ? utc(s.at) : ''}`,
        `  comment: ${s.comment ?? ''}`,
      ];
    case 'void':
      return [
        `${who} - signature VOID: made${s.at ? ` ${utc(s.at)}` : ''} on other content; not signed as printed`,
        ...(s.contentHash ? [`  that content's SHA-256: ${s.contentHash}`] : []),
      ];
    default:
      return [`${who} - not signed`];
  }
}

export function writeRecord(w: PdfWriter, r: RecordDocument): void {
  w.title(`Supervision record: ${formatDate(r.date)}`, `${r.organisation} - ${r.programme}`);
  w.fields([
    ['Supervisee', `${r.supervisee.name} (${r.supervisee.id})`],
    ['Supervisor', `${r.supervisor.name} (${r.supervisor.id})`],
    ['Session', `${r.sessionId}, ${r.kind}, ${r.status}`],
    ['Scheduled', formatInstant(r.scheduledStart)],
    ...(r.heldMinutes !== null
      ? [['Length', formatMinutes(r.heldMinutes) ?? ''] as const]
      : r.plannedMinutes !== null
        ? [['Planned length', formatMinutes(r.plannedMinutes) ?? ''] as const]
        : []),
    ['Record completed', r.recordCompletedAt ? formatInstant(r.recordCompletedAt) : 'not yet'],
    ['Policy', `${r.policy.document}; record rule: ${r.policy.section}`],
  ]);
  if (r.template.required.length > 0)
    w.paragraph(
      `Sections required by ${r.template.name}: ${r.template.required
        .map((s) => `${s.heading} (${s.present ? 'present' : 'missing'})`)
        .join('; ')}`,
    );
  for (const s of r.sections) {
    w.heading(s.heading);
    w.paragraph(s.body === '' ? '(nothing written yet)' : s.body, { muted: s.body === '' });
  }
  if (r.cases.length > 0) {
    w.heading('Cases discussed');
    for (const c of r.cases) {
      w.paragraph(`Case ${c.caseId}${c.significantDecision ? ' - significant decision' : ''}`);
      w.fields([
        ['Discussion', c.discussion || '-'],
        ['Decision', c.decision || '-'],
        ...(c.riskScale ? [['Scale', `${c.riskScale.value} of ${c.riskScale.max}`] as const] : []),
      ]);
      if (c.actions.length)
        w.bullets(
          c.actions.map(
            (a) => `${a.text} - ${a.owner.name}${a.due ? `, by ${formatDate(a.due)}` : ''}`,
          ),
        );
    }
  }
  if (r.nextSessionAt) w.paragraph(`Next supervision booked: ${formatInstant(r.nextSessionAt)}`);
  if (r.recordStatus === 'draft')
    w.paragraph('This record is a DRAFT: the supervisor has not finished it.');
  w.heading('Agreed actions');
  w.bullets(
    r.actions.map(
      (a) =>
        `${a.text} - ${a.owner.name}${a.due ? `, by ${formatDate(a.due)}` : ''}${a.doneAt ? ` (done ${formatDate(a.doneAt)})` : ''}`,
    ),
  );
  w.heading('Signatures');
  for (const s of r.signatures)
    for (const line of signatureLines(s, r.contentHash)) w.paragraph(line);
  w.paragraph(`This record's content SHA-256: ${r.contentHash}`, { mono: true });
  if (r.disagreements.length > 0) {
    w.heading('Disagreements recorded');
    w.bullets(
      r.disagreements.map(
        (d) =>
          `${d.signer.name}, ${utc(d.at)}${d.onThisContent ? '' : ' (on an earlier version)'}: ${d.comment}`,
      ),
    );
  }
}

export async function recordPdf(r: RecordDocument): Promise<Buffer> {
  const w = new PdfWriter({
    title: `Supervision record ${r.sessionId}`,
    footer: `${r.organisation} - supervision record ${r.sessionId} - SHA-256 ${r.contentHash.slice(0, 16)}...`,
  });
  writeRecord(w, r);
  return w.end();
}

export async function supervisionFilePdf(f: SupervisionFile): Promise<Buffer> {
  const w = new PdfWriter({
    title: `Supervision file ${f.person.id}`,
    footer: `${f.organisation} - supervision file of ${f.person.id}, ${f.from} to ${f.to}`,
  });
  w.title(`Supervision file: ${f.person.name}`, `${f.organisation} - ${f.programme}`);
  w.fields([
    ['Staff id', f.person.id],
    ['Role', f.person.role],
    ...(f.person.team ? [['Team', f.person.team] as const] : []),
    ['Supervisor', f.supervisor ? `${f.supervisor.name} (${f.supervisor.id})` : 'none recorded'],
    ['Period', `${formatDate(f.from)} to ${formatDate(f.to)}`],
    ['Policy', f.document],
  ]);
  w.heading('Supervision agreements');
  w.bullets(
    f.agreements.map(
      (a) =>
        `With ${a.supervisor.name}: ${a.signedAt ? `signed ${formatDate(a.signedAt)}` : 'not signed'}`,
    ),
  );
  w.heading('Sessions');
  w.bullets(
    f.sessions.map((s) => {
      const base = `${formatDate(s.date)} - ${s.kind}, ${s.status}, with ${s.supervisor.name}`;
      if (s.status === 'cancelled' || s.status === 'not-held') {
        return `${base}; reason: ${s.cancelReason ?? 'none recorded'}${s.rescheduledToId ? `; moved to session ${s.rescheduledToId}` : ''}`;
      }
      return s.heldMinutes !== null ? `${base}, ${formatMinutes(s.heldMinutes)}` : base;
    }),
  );
  w.heading('Observations of practice');
  w.bullets(
    f.observations.map((o) => `${formatDate(o.date)} - ${o.status}, by ${o.supervisor.name}`),
  );
  w.heading('Open actions');
  w.bullets(f.openActions.map((a) => `${a.text}${a.due ? ` - by ${formatDate(a.due)}` : ''}`));
  for (const r of f.records) {
    w.doc.addPage();
    writeRecord(w, r);
  }
  return w.end();
}
