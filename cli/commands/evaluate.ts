/**
 * `supervision-bot evaluate --data <folder> --profile <id> [--as-of YYYY-MM-DD]
 *  [--format json|text] [--profile-overrides file.json] [--strict]`
 *
 * Reads a folder of CSV files (the data contract), evaluates it against a policy profile as
 * of the end of a day (default: today in Europe/London) and prints every finding, then the
 * rows that were rejected. Exit 0 when it ran (findings are not failures), 2 when the input
 * is unusable; with `--strict`, 1 when any row was rejected (for scripted imports: a row kept
 * with a blanked cell does not count).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { rejectedRowCount } from '../../contract/problems';
import { readCsvFolder } from '../../contract/read-csv-folder';
import { londonDateOf, parseLocalDate } from '../../policy/calendar';
import { evaluate } from '../../policy/evaluate';
import { getProfile } from '../../policy/profiles';
import {
  requiredOption,
  stringOption,
  UsageError,
  type CliCommand,
  type CliIo,
  type CliValues,
} from '../command';
import { evaluationJson, evaluationText } from '../evaluate-report';

async function readOverrides(file: string, io: CliIo): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch {
    throw new UsageError(`cannot read --profile-overrides file ${file}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`--profile-overrides file ${file} is not valid JSON`);
  }
}

async function run(values: CliValues, _positionals: string[], io: CliIo): Promise<number> {
  const data = requiredOption(values, 'data');
  const profileId = requiredOption(values, 'profile');
  const format = stringOption(values, 'format') ?? 'json';
  if (format !== 'json' && format !== 'text') throw new UsageError('--format must be json or text');
  const asOfText = stringOption(values, 'as-of');
  const asOf = asOfText === undefined ? londonDateOf(io.clock.now()) : parseLocalDate(asOfText);
  if (!asOf) throw new UsageError('--as-of must be a real date, YYYY-MM-DD');
  const overridesFile = stringOption(values, 'profile-overrides');
  const overrides =
    overridesFile === undefined ? undefined : await readOverrides(overridesFile, io);
  // The profile first: an unknown id is reported before the data is read.
  const profile = getProfile(profileId, overrides);
  const { snapshot, problems } = await readCsvFolder(path.resolve(io.cwd, data));
  const result = evaluate(snapshot, profile, asOf);
  if (format === 'json')
    io.stdout(`${JSON.stringify(evaluationJson(result, problems), null, 2)}\n`);
  else io.stdout(evaluationText(result, problems, snapshot.staff, profile.name));
  const rejected = rejectedRowCount(problems);
  if (values.strict === true && rejected > 0) {
    io.stderr(`${rejected} row${rejected === 1 ? ' was' : 's were'} rejected (--strict): exit 1\n`);
    return 1;
  }
  return 0;
}

export const command: CliCommand = {
  name: 'evaluate',
  summary: 'Evaluate a data folder against a policy profile and print the findings',
  options: {
    data: {
      type: 'string',
      description: '<folder>  the folder of CSV files (staff.csv, sessions.csv, …)',
    },
    profile: {
      type: 'string',
      description: '<id>  durham-eh | shropshire-teh | manchester-cs | telford-sf | islington-eh',
    },
    'as-of': {
      type: 'string',
      description: '<YYYY-MM-DD>  evaluate as of the end of this day (default: today, London)',
    },
    format: {
      type: 'string',
      description: '<json|text>  json (default, as in the data contract) or a readable report',
    },
    'profile-overrides': {
      type: 'string',
      description: "<file.json>  the organisation's changes to the profile",
    },
    strict: {
      type: 'boolean',
      description: 'exit 1 when any row was rejected (for scripted imports)',
    },
  },
  help: [
    'Example:',
    '  supervision-bot evaluate --data test/fixtures/demo-org --profile telford-sf --as-of 2026-11-24 --format text',
    '',
    'Exit status: 0 when it ran (whatever it found), 2 when the input is unusable;',
    'with --strict, 1 when any row was rejected (a row kept with a blanked cell does not count).',
  ].join('\n'),
  run,
};
