/**
 * The tab's HTTP vocabulary: plain node:http request and response (so the tab depends on no
 * HTTP framework; `:id` path parameters arrive in `req.params`, a JSON body in `req.body`), the
 * mount target (bot/server.ts `Routes`), and the small helpers every route uses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Req = IncomingMessage & { body?: unknown; params?: Record<string, string> };
export type Res = ServerResponse;

/** Where the routes go: the bot's HTTP server (bot/server.ts `Routes`). */
export interface RouteTarget {
  get(path: string, handler: (req: Req, res: Res) => unknown): unknown;
  post(path: string, handler: (req: Req, res: Res) => unknown): unknown;
}

/** A JSON answer (a string body is sent as it is), never cached. */
export function send(
  res: Res,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

export function query(req: Req): URLSearchParams {
  return new URL(req.url ?? '/', 'http://tab.invalid').searchParams;
}

/** The JSON body as an object; anything else (bad JSON, an array) is an empty one. */
export function bodyOf(req: Req): Record<string, unknown> {
  let b = req.body;
  if (Buffer.isBuffer(b)) b = b.toString('utf8');
  if (typeof b === 'string') {
    try {
      b = JSON.parse(b) as unknown;
    } catch {
      return {};
    }
  }
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

/** A non-blank string, trimmed. */
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const BAD_MONTH = { error: 'bad-month', message: 'month must be YYYY-MM.' };
