/**
 * Logging that an anonymous caller cannot turn into a flood: the first event of each code is
 * written at once, later ones with the same code within `windowMs` are only counted, and the
 * next line written for that code after the window carries how many were held back
 * (`suppressed`). So an attack shows up as one line a minute per code, not one per request.
 */
import type { LogFields, Logger } from '../ports/logger';

export class LimitedLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly options: { windowMs?: number; now?: () => number; maxCodes?: number } = {},
  ) {}

  /** Writes `event` with `fields` unless the same code was written within the window. */
  warn(event: string, code: string, fields: LogFields = {}): boolean {
    const now = (this.options.now ?? Date.now)();
    const windowMs = this.options.windowMs ?? 60_000;
    const key = `${event}\u0000${code}`;
    const seen = this.last.get(key);
    if (seen && now - seen.at < windowMs) {
      seen.suppressed++;
      return false;
    }
    // Codes are a small fixed set; the cap only guards against a bug feeding it free text.
    if (!seen && this.last.size >= (this.options.maxCodes ?? 100)) this.last.clear();
    this.logger.warn(event, {
      ...fields,
      code,
      ...(seen && seen.suppressed > 0 ? { suppressed: seen.suppressed } : {}),
    });
    this.last.set(key, { at: now, suppressed: 0 });
    return true;
  }
}
