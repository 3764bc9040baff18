/**
 * `supervision-bot export record --session <id> --out f.pdf`
 * `supervision-bot export file --staff <id> --from D --to D --out f.pdf`
 * each with `--data <csv folder> | --embedded` and `--profile <id>`.
 *
 * Prints a supervision record, or a supervisee's supervision file, as a PDF (issue 18). From
 * the embedded store the signatures come with their audit trail (what each person signed, its
 * SHA-256); a CSV folder holds only the signed-at columns, so those are printed as signed
 * outside the bot, with nothing to check the content against.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDate } from '../../contract/values';
import type { OrgSnapshot } from '../../policy/domain';
import { getProfile } from '../../policy/profiles';
import type { SignatureEntry } from '../../ports/schedule';
import { openOrg, orgChoice, type OrgChoice } from '../org-input';
import { recordPdf, supervisionFilePdf } from '../../print/record-pdf';
import { buildRecordDocument } from '../../usecases/record-document';
import { buildSupervisionFile } from '../../usecases/supervision-file';
import {
  requiredOption,
  UsageError,
  type CliCommand,
  type CliIo,
  type CliValues,
} from '../command';

interface Loaded {
  snapshot: OrgSnapshot;
  trails(sessionIds: readonly string[]): Promise<Map<string, SignatureEntry[]>>;
  close(): Promise<void>;
}

async function load(choice: OrgChoice, io: CliIo): Promise<Loaded> {
  const input = await openOrg(choice, io);
  if (input.embedded) {
    const { snapshot } = await input.schedule.load();
    return {
      snapshot,
      trails: (ids) => input.schedule.listSignaturesFor(ids),
      close: () => input.kv.close(),
    };
  }
  // A CSV folder holds no audit trail: signatures are the signed-at columns alone.
  return {
    snapshot: input.loaded.snapshot,
    trails: async (ids) => new Map(ids.map((id) => [id, []])),
    close: async () => {},
  };
}

function dateOption(values: CliValues, name: string): string {
  const d = parseDate(requiredOption(values, name));
  if (d === null) throw new UsageError(`--${name} must be a date: YYYY-MM-DD`);
  return d;
}

async function run(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  const what = positionals[0];
  if (what !== 'record' && what !== 'file') {
    throw new UsageError(
      'say what to export: `export record --session <id>` or `export file --staff <id>`',
    );
  }
  const choice = orgChoice(values, io);
  const profile = getProfile(requiredOption(values, 'profile'));
  const out = path.resolve(io.cwd, requiredOption(values, 'out'));
  // Validate every argument before opening a store.
  const sessionId = what === 'record' ? requiredOption(values, 'session') : '';
  const staffId = what === 'file' ? requiredOption(values, 'staff') : '';
  const from = what === 'file' ? dateOption(values, 'from') : '';
  const to = what === 'file' ? dateOption(values, 'to') : '';
  if (what === 'file' && from > to) throw new UsageError('--from must not be after --to');

  const loaded = await load(choice, io);
  try {
    let pdf: Buffer;
    if (what === 'record') {
      const trail = (await loaded.trails([sessionId])).get(sessionId) ?? [];
      const doc = buildRecordDocument(loaded.snapshot, profile, sessionId, trail);
      if (!doc) throw new UsageError(`no session ${sessionId} in the data`);
      pdf = await recordPdf(doc);
    } else {
      const ids = loaded.snapshot.sessions.map((s) => s.id);
      const file = buildSupervisionFile(
        loaded.snapshot,
        profile,
        staffId,
        from,
        to,
        await loaded.trails(ids),
      );
      if (!file) throw new UsageError(`no staff member ${staffId} in the data`);
      pdf = await supervisionFilePdf(file);
    }
    await writeFile(out, pdf);
    io.stdout(`wrote ${out} (${pdf.length} bytes)\n`);
    return 0;
  } finally {
    await loaded.close();
  }
}

export const command: CliCommand = {
  name: 'export',
  summary: "Print a supervision record or a supervisee's supervision file as a PDF",
  options: {
    data: { type: 'string', description: '<folder>  a folder of CSV files (the data contract)' },
    embedded: { type: 'boolean', description: 'read the embedded store (STORE_* settings)' },
    profile: {
      type: 'string',
      description: '<id>  durham-eh | shropshire-teh | manchester-cs | telford-sf | islington-eh',
    },
    session: {
      type: 'string',
      description: '<id>  export record: the session whose record to print',
    },
    staff: { type: 'string', description: '<id>  export file: whose supervision file' },
    from: { type: 'string', description: '<YYYY-MM-DD>  export file: first day of the period' },
    to: { type: 'string', description: '<YYYY-MM-DD>  export file: last day of the period' },
    out: { type: 'string', description: '<file.pdf>  where to write the PDF' },
  },
  help: [
    'Examples:',
    '  supervision-bot export record --embedded --profile telford-sf --session s-123 --out record.pdf',
    '  supervision-bot export file --data test/fixtures/demo-org --profile telford-sf --staff fsw-hadley-1 --from 2026-04-01 --to 2026-11-30 --out file.pdf',
    'Exit status: 0 written, 2 unusable input (unknown session or staff id, bad date).',
  ].join('\n'),
  run,
};
