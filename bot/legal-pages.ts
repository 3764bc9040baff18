/**
 * The pages the Teams manifest links to (manifest/manifest.template.json): `/privacy`
 * (privacyUrl), `/terms` (termsOfUseUrl) and `/` (websiteUrl). A children's-services app
 * needs a real privacy notice: the default text below says what this app stores, where, for
 * how long and who can see it (kept in step with docs/data-protection.md); the organisation, as
 * the controller, names itself and its contact (ORGANISATION_NAME, PRIVACY_CONTACT) or replaces
 * either page with its own file (PRIVACY_NOTICE_FILE, TERMS_FILE: `.html` served as it is, any
 * other file as plain text).
 *
 * Files are read once at start-up: a file that cannot be read stops start-up naming its
 * variable, rather than serving a missing notice.
 */
import { errorCode } from '../kernel/errors';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config';

export interface LegalSettings {
  organisationName?: string;
  privacyContact?: string;
  privacyNoticeFile?: string;
  termsFile?: string;
  auditRetentionYears: number;
}

export interface LegalPages {
  '/': string;
  '/privacy': string;
  '/terms': string;
}

export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'public, max-age=300',
};

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title></head>
<body>
<main>
<h1>${escape(title)}</h1>
${body}
<p><a href="/privacy">Privacy notice</a> · <a href="/terms">Terms of use</a></p>
</main>
</body>
</html>
`;
}

function textToHtml(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${escape(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

function fromFile(variable: string, file: string, title: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    throw new ConfigError(variable, `cannot read ${file} (${errorCode(err, 'unreadable')})`);
  }
  return /\.html?$/i.test(path.extname(file)) ? text : page(title, textToHtml(text));
}

function defaultPrivacy(s: LegalSettings): string {
  const org = s.organisationName ? escape(s.organisationName) : 'your organisation';
  const contact = s.privacyContact
    ? `contact ${escape(s.privacyContact)}`
    : "contact your organisation's data protection officer";
  return page(
    'Supervision Bot: privacy notice',
    `<p>Supervision Bot is run by ${org}, which is the controller of the information it holds. It
keeps staff supervision on time and on record: it reminds people of supervision that is due,
asks for records to be confirmed and signed, and tells managers what is overdue.</p>
<h2>What it holds</h2>
<ul>
<li>About staff: an id (the Microsoft Entra object id), name, work email, role, team, supervisor,
line manager, whether they hold cases, start and leaving dates.</li>
<li>Supervision: when sessions were planned and held, how long, whether the record was completed
and signed and when, reasons for cancellation, supervision agreements, actions agreed.</li>
<li>Absences that pause supervision (type and dates: this can include sickness, which is health
information).</li>
<li>The Family Connect triage rota (who covers which day).</li>
<li>A signature audit trail: who signed or disagreed with which supervision record, when, a
fingerprint of the record's content, and any disagreement comment.</li>
<li>What the bot needs to message people in Microsoft Teams (a conversation reference) and a
record of which messages were sent.</li>
</ul>
<p>Children appear only as case-system ids in case discussion records, never by name.</p>
<h2>Where it is kept</h2>
<p>In ${org}'s own Microsoft 365 tenant (a SharePoint site) or in the app's own store, and in the
app's state store (Azure Table Storage or a database file on the app's server), all in
${org}'s Azure subscription. Microsoft processes it for ${org} under ${org}'s agreements with
Microsoft. The app's logs hold ids and codes, never names, email addresses or record text.</p>
<h2>Who can see it</h2>
<p>You see your own supervision. Your supervisor and the managers above you see the supervision
of the people they manage. The bot's administrators see data problems (which row of which
list is broken). ${org}'s IT administrators can see the SharePoint site and the stores.</p>
<h2>How long</h2>
<p>Supervision records are kept as long as ${org}'s retention schedule says. The signature audit
trail is kept for ${s.auditRetentionYears} years and then deleted. Messages sent and conversation
references are removed when a person's data is erased.</p>
<h2>Your rights</h2>
<p>You can ask to see the information held about you, to have it corrected, or to have it erased
where ${org} has no duty to keep it. To do so, or with any question about this notice,
${contact}. You can also complain to the Information Commissioner's Office (ico.org.uk).</p>`,
  );
}

function defaultTerms(s: LegalSettings): string {
  const org = s.organisationName ? escape(s.organisationName) : 'your organisation';
  return page(
    'Supervision Bot: terms of use',
    `<p>Supervision Bot is provided by ${org} for its own staff, to plan, record and sign staff
supervision under ${org}'s supervision policy. Use it as that policy and ${org}'s information
governance rules say.</p>
<ul>
<li>It reminds and records; it does not replace professional judgement, your manager, or the
case management system, which remains the record of work with children and families.</li>
<li>Write about children only by their case-system id.</li>
<li>Signing a record in the bot or its tab is your confirmation that the record is accurate, as
signing on paper would be.</li>
<li>Report anything wrong with what it tells you to your manager or the bot's administrators.</li>
</ul>
<p>The software is open source (MIT licence) and comes without warranty from its authors; ${org}
is responsible for running it.</p>`,
  );
}

function home(s: LegalSettings): string {
  const org = s.organisationName ? ` for ${escape(s.organisationName)}` : '';
  return page(
    'Supervision Bot',
    `<p>Supervision Bot${org}: staff supervision on time and on record, in Microsoft Teams.</p>
<p>Open it in Teams, or see <a href="/tab/">your supervision</a>.</p>`,
  );
}

/** Builds the three pages once; throws ConfigError naming a file variable it cannot read. */
export function loadLegalPages(s: LegalSettings): LegalPages {
  return {
    '/': home(s),
    '/privacy': s.privacyNoticeFile
      ? fromFile('PRIVACY_NOTICE_FILE', s.privacyNoticeFile, 'Privacy notice')
      : defaultPrivacy(s),
    '/terms': s.termsFile ? fromFile('TERMS_FILE', s.termsFile, 'Terms of use') : defaultTerms(s),
  };
}

/** Mounts GET /, /privacy and /terms (bot/server.ts `Routes`). */
export function legalRoutes(pages: LegalPages) {
  return (routes: {
    get(p: string, h: (req: unknown, res: import('node:http').ServerResponse) => unknown): unknown;
  }): void => {
    for (const [p, html] of Object.entries(pages)) {
      routes.get(p, (_req, res) => {
        res.writeHead(200, PAGE_HEADERS);
        res.end(html);
      });
    }
  };
}
