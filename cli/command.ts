/**
 * The shape of a `supervision-bot <command>`: each lives in cli/commands/<name>.ts, exports
 * `command: CliCommand`, and is registered by one entry in cli/commands/index.ts.
 * Everything a command touches outside its arguments comes through CliIo, so tests run
 * commands in-process with captured output and a fixed clock.
 */
import { AppError } from '../kernel/errors';
import type { Clock } from '../ports/clock';

export interface CliIo {
  /** Writes to standard output as-is (add your own newline). */
  stdout(text: string): void;
  /** Writes to standard error as-is (add your own newline). */
  stderr(text: string): void;
  clock: Clock;
  env: Record<string, string | undefined>;
  /** Relative paths in arguments are resolved against this. */
  cwd: string;
}

export interface CliOption {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** One line for `--help`, e.g. `<folder>  the folder of CSV files`. */
  description: string;
}

export type CliValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  options: Record<string, CliOption>;
  /** Extra help text after the option list (examples, exit codes). */
  help?: string;
  /** Returns the exit code: 0 ran, 2 unusable input (throw UsageError for that), 1 failure. */
  run(values: CliValues, positionals: string[], io: CliIo): Promise<number>;
}

/** Unusable input (missing folder, bad date, unknown profile): exit 2 with the message. */
export class UsageError extends AppError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}

/** A string option's value, or undefined. */
export function stringOption(values: CliValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A string option that must be given. */
export function requiredOption(values: CliValues, name: string): string {
  const v = stringOption(values, name);
  if (v === undefined || v.trim() === '') throw new UsageError(`--${name} is required`);
  return v;
}
