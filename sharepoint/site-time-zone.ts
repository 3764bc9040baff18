/**
 * Date-only columns hold midnight of the SITE's time zone (SharePoint stores a date as that
 * instant), and the adapter reads and writes them as Europe/London midnight (fields.ts). A
 * site in another zone would put every date a day off, so the site's zone is read at start-up
 * and a site positively in another zone is refused, with the fix.
 *
 * Graph exposes the zone as `settings.timeZone` on a site only in its beta version (the
 * siteSettings resource: "the time offset for the time zone of the site from UTC"); its exact
 * wording is not published, so: a value naming London is accepted; a value naming another
 * place, or a non-zero offset, is refused; a value we cannot read (beta unavailable, a bare
 * zero offset that cannot tell London from UTC) is a warning, not a refusal.
 */
import type { Logger } from '../ports/logger';
import type { GraphClient } from './graph-client';

export const LONDON_ZONE_NAME = '(UTC+00:00) Dublin, Edinburgh, Lisbon, London';

export type TimeZoneCheck =
  | { ok: true; timeZone: string | null; confirmed: boolean }
  | { ok: false; code: 'site-time-zone'; message: string; timeZone: string };

export function judgeTimeZone(value: string | null | undefined): TimeZoneCheck {
  if (!value) return { ok: true, timeZone: null, confirmed: false };
  const v = value.trim();
  if (/london/i.test(v)) return { ok: true, timeZone: v, confirmed: true };
  const zeroOffset = /^\(?(UTC|GMT)?\s*([+-]?0{1,2}(:?00)?)?\)?$/i.test(v);
  if (zeroOffset) return { ok: true, timeZone: v, confirmed: false };
  return {
    ok: false,
    code: 'site-time-zone',
    timeZone: v,
    message:
      `The SharePoint site's time zone is "${v}", not London. SharePoint stores a date-only ` +
      `column as midnight in the site's time zone, so every date would be read a day off. ` +
      `Fix: in the site, Settings → Site information → View all site settings → Regional ` +
      `settings → Time zone: "${LONDON_ZONE_NAME}", then start the bot again.`,
  };
}

/** Reads the site's zone (beta `settings.timeZone`) and judges it. Never throws. */
export async function checkSiteTimeZone(
  client: GraphClient,
  siteId: string,
  logger: Logger,
): Promise<TimeZoneCheck> {
  const beta = client.versionRoot.replace(/\/[^/]+$/, '/beta');
  const r = await client.request<{ settings?: { timeZone?: string } }>(
    'GET',
    `${beta}/sites/${siteId}?$select=id,settings`,
  );
  const verdict = judgeTimeZone(r.ok ? r.body.settings?.timeZone : null);
  if (verdict.ok && !verdict.confirmed)
    logger.warn('graph.site-time-zone-unconfirmed', {
      status: r.status,
      ...(verdict.timeZone ? { timeZone: verdict.timeZone } : {}),
    });
  return verdict;
}
