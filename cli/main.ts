/**
 * `supervision-bot <command> [options]`: argument parsing (node:util parseArgs, strict) and
 * dispatch to the registry in cli/commands/index.ts. Exit codes: 0 the command ran, 2 the
 * input was unusable (the reason on stderr), 1 an unexpected failure.
 */
import { parseArgs } from 'node:util';
import { withEnvFile } from '../config/env-file';
import { ContractError } from '../contract/problems';
import { systemClock } from '../ports/clock';
import { UsageError, type CliCommand, type CliIo } from './command';
import { COMMANDS } from './commands';

const PROGRAM = 'supervision-bot';

function defaultIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    clock: systemClock,
    env: process.env,
    cwd: process.cwd(),
  };
}

function programHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...lines,
    '',
    `Run \`${PROGRAM} <command> --help\` for a command's options.`,
    '',
  ].join('\n');
}

export function commandHelp(command: CliCommand): string {
  const rows = Object.entries(command.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}`;
    return [flag, o.description] as const;
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([f]) => f.length));
  return [
    `Usage: ${PROGRAM} ${command.name} [options]`,
    '',
    command.summary,
    '',
    'Options:',
    ...rows.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`),
    ...(command.help ? ['', command.help.trimEnd()] : []),
    '',
  ].join('\n');
}

/** Known input errors become exit 2 with their message; anything else is exit 1. */
function reportError(err: unknown, io: CliIo, commandName: string): number {
  const known =
    err instanceof UsageError ||
    err instanceof ContractError ||
    (err instanceof Error && err.name === 'ProfileError');
  const message = err instanceof Error ? err.message : String(err);
  if (known) {
    io.stderr(`${PROGRAM} ${commandName}: ${message}\n`);
    return 2;
  }
  io.stderr(`${PROGRAM} ${commandName}: unexpected failure: ${message}\n`);
  return 1;
}

export async function runCli(
  argv: readonly string[],
  ioOverrides: Partial<CliIo> = {},
): Promise<number> {
  const io: CliIo = { ...defaultIo(), ...ioOverrides };
  if (!ioOverrides.env) {
    // The README's route: a .env in the working folder (or the file ENV_FILE names), under the
    // real environment, for every command (config/env-file.ts).
    try {
      io.env = withEnvFile(io.env, io.cwd).env;
    } catch (err) {
      io.stderr(`${PROGRAM}: ${(err as Error).message}\n`);
      return 2;
    }
  }
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(programHelp());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(programHelp());
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`${PROGRAM}: unknown command "${name}"\n\n${programHelp()}`);
    return 2;
  }
  let command: CliCommand;
  try {
    command = await entry.load();
  } catch (err) {
    return reportError(err, io, name);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    const options: Record<
      string,
      { type: 'string' | 'boolean'; short?: string; multiple?: boolean }
    > = { help: { type: 'boolean', short: 'h' } };
    for (const [key, o] of Object.entries(command.options)) {
      options[key] = {
        type: o.type,
        ...(o.short ? { short: o.short } : {}),
        ...(o.multiple ? { multiple: true } : {}),
      };
    }
    parsed = parseArgs({ args: [...rest], options, strict: true, allowPositionals: true });
  } catch (err) {
    io.stderr(
      `${PROGRAM} ${name}: ${err instanceof Error ? err.message : String(err)}\n\n${commandHelp(command)}`,
    );
    return 2;
  }
  if (parsed.values.help === true) {
    io.stdout(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(parsed.values, parsed.positionals, io);
  } catch (err) {
    return reportError(err, io, name);
  }
}

/** Entry point for bin/supervision-bot.js. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await runCli(argv);
}

if (require.main === module) void main();
