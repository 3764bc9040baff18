/**
 * Local mode (no MicrosoftAppId) authenticates nobody: the bot takes any activity and the tab
 * takes the X-Dev-User header. Listening on 127.0.0.1 keeps other machines out but not other
 * web sites: a page whose DNS name is rebound to 127.0.0.1 can call us from the developer's
 * own browser. Its requests still carry its own name in Host, so local mode answers only
 * requests addressed to a loopback name. (bot/server.ts checks every route; the tab's API
 * checks again so it holds wherever it is mounted.)
 */

/** The names a local-mode request may be addressed to. */
export const LOOPBACK_NAMES: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '::1']);

/** `name` or `name:port`, where an IPv6 name is in brackets (`[::1]:3978`). */
const HOST_HEADER = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/;

/** True for 127.0.0.1, localhost and [::1], with or without a port (any letter case). */
export function isLoopbackHost(host: string | undefined): boolean {
  const m = HOST_HEADER.exec((host ?? '').trim().toLowerCase());
  if (!m) return false;
  if (m[3] !== undefined && Number(m[3]) > 65535) return false;
  return LOOPBACK_NAMES.has(m[1] ?? m[2] ?? '');
}

/** The answer to a refused request (403: the caller is not who may use local mode). */
export const HOST_REFUSED = {
  error: 'host-not-allowed',
  message: 'Local mode answers only requests to 127.0.0.1 or localhost.',
} as const;
