/**
 * The production Logger: one JSON object per line on a stream (stdout by default), with a
 * level threshold and redaction as a second line of defence. Callers are meant to log ids and
 * codes only; this drops anything that slipped through under a field name that usually carries
 * personal data or secrets (name, email, token, text, comment, summary...) and masks values
 * that look like bearer tokens, JWTs or email addresses whatever the field is called.
 */
import type { LogFields, Logger } from '../ports/logger';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Field names whose values are never written (case-insensitive, substring match). */
const SENSITIVE_FIELD =
  /(name|email|e-mail|upn|token|secret|password|passwd|authorization|cookie|text|comment|summary|body|reason|note|detail|content|message)/i;

/** Field names that contain a sensitive word but are known to carry only ids or codes. */
const SAFE_FIELDS = new Set(['event', 'level', 'time', 'hostname', 'namespace']);

/** Values that look like credentials even under an innocent field name. */
const TOKEN_VALUE =
  /(bearer\s+\S+|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|\b[A-Za-z0-9+/_-]{60,}={0,2})/gi;

/**
 * Email addresses under any field name: in SharePoint mode a staff id may be the person's UPN,
 * so `staffId`, `recipientId` and ledger keys can carry one.
 */
const EMAIL_VALUE = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/g;

export const REDACTED = '[redacted]';

function maskValue(v: string): string {
  return v.replace(TOKEN_VALUE, REDACTED).replace(EMAIL_VALUE, REDACTED);
}

/** Returns the fields with sensitive ones masked; never throws. */
export function redactFields(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (!SAFE_FIELDS.has(k) && SENSITIVE_FIELD.test(k)) {
      out[k] = REDACTED;
      continue;
    }
    out[k] = typeof v === 'string' ? maskValue(v) : v;
  }
  return out;
}

export interface JsonLoggerOptions {
  level?: LogLevel;
  /** Where lines go (default process.stdout). */
  write?: (line: string) => void;
  now?: () => Date;
  /** Fields added to every line (e.g. `instance`). Redacted like the rest. */
  base?: LogFields;
}

export class JsonLogger implements Logger {
  private readonly threshold: number;
  private readonly write: (line: string) => void;
  private readonly now: () => Date;
  private readonly base: LogFields;

  constructor(options: JsonLoggerOptions = {}) {
    this.threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
    this.write = options.write ?? ((line) => process.stdout.write(line));
    this.now = options.now ?? (() => new Date());
    this.base = redactFields(options.base ?? {});
  }

  debug(event: string, fields?: LogFields): void {
    this.log('debug', event, fields);
  }
  info(event: string, fields?: LogFields): void {
    this.log('info', event, fields);
  }
  warn(event: string, fields?: LogFields): void {
    this.log('warn', event, fields);
  }
  error(event: string, fields?: LogFields): void {
    this.log('error', event, fields);
  }

  private log(level: LogLevel, event: string, fields: LogFields = {}): void {
    if (LOG_LEVELS.indexOf(level) < this.threshold) return;
    const line = {
      time: this.now().toISOString(),
      level,
      // Event names are code constants, but mask a token pasted into one all the same.
      event: maskValue(event),
      ...this.base,
      ...redactFields(fields),
    };
    try {
      this.write(JSON.stringify(line) + '\n');
    } catch {
      // Logging must never take the bot down.
    }
  }
}
