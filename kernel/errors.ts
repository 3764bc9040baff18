/**
 * One error type for the app's own failures, each with a stable code from one catalogue (as
 * Agents-for-js numbers its errors and hono has one HTTPException), and one way to read the
 * code of anything thrown. Logs and typed results carry codes, never an error's message: a
 * message may quote user input or record text.
 */

/** The codes the app itself gives to a failure, and what each means. */
export const ERROR_CODES = {
  'kv-unavailable': 'the state store did not answer after bounded retries',
  'render-error': 'a planned notification could not be rendered into a card',
  'invalid-item': 'a SharePoint list item breaks the data contract',
  network: 'a request never got an HTTP answer',
  internal: 'a send failed inside the app, before reaching Teams',
  unknown: 'something was thrown that carries neither a code nor a name',
  'no-renderer': 'a planned notification has a kind nobody renders',
  // Start-up and input validation: the message names the variable, file or option to fix.
  'config-invalid': 'a configuration variable is missing or unusable (config/, tab/config.ts)',
  PROFILE_INVALID: 'a policy profile override breaks its schema (policy/profile-overrides.ts)',
  'record-template-invalid': "an organisation's record template breaks its rules",
  'package-invalid': 'a variable the Teams app package needs is missing or malformed',
  usage: 'a command-line option or argument is unusable (exit 2)',
  'invalid-csv': 'a contract CSV file cannot be parsed',
  'invalid-encoding': 'a contract CSV file is not in an encoding the contract reads',
  'invalid-delimiter': 'a contract CSV file uses no delimiter the contract reads',
  'missing-column': 'a contract CSV file lacks a required column',
  'too-many-rows': 'a contract CSV file has more rows than the contract allows',
  'file-too-large': 'a contract CSV file is larger than the contract allows',
  'missing-folder': 'the contract folder does not exist',
  'missing-file': 'a required contract CSV file is missing',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

/** The error's name (`TypeError`, `RestError`, ...), never its message; `unknown` for none. */
export function errorName(err: unknown): string {
  const name = (err as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' && name ? name : 'unknown';
}

/**
 * The code to log or return for anything thrown: its own `code` (an AppError's, a Node system
 * error's such as `ECONNRESET`, an SDK's), else `fallback`, else its name.
 */
export function errorCode(err: unknown, fallback?: string): string {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  if (code !== undefined && code !== null && code !== '') return String(code);
  return fallback ?? errorName(err);
}
