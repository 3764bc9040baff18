/**
 * The item-reading side of the Graph test server: `items` pages with `expand=fields(select=…)`
 * and `$top` + `@odata.nextLink`, and `items/delta` with tokens, deletions and forced 410s.
 * Shared reply types live here too.
 */
import {
  etagOf,
  type ItemState,
  type ListState,
  type SharePointState,
  type SiteState,
} from './state';

export interface GraphReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What the request log records about a served request (RU per Microsoft's table). */
export interface RouteInfo {
  endpoint: string;
  ru: number;
}

export const PAGE_MAX = 5000;

export function err(
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
): GraphReply {
  return { status, headers: extra, body: { error: { code, message } } };
}

export interface Ctx {
  state: SharePointState;
  /** e.g. https://127.0.0.1:1234/v1.0 (for absolute next/delta links). */
  base: string;
  defaultPageSize: number;
  /** How a unique-values refusal is answered (Graph does not document it): 500 by default. */
  duplicateStatus?: 409 | 400 | 500;
  /** Fault: delta reports changed items without `fields` even when asked for them. */
  deltaOmitsFields?: boolean;
}

/** Parses `fields(select=a,b)` or `fields($select=a,b)` out of an expand option. */
export function fieldSelect(q: URLSearchParams): { expand: boolean; select: string[] | null } {
  const expand = q.get('expand') ?? q.get('$expand');
  if (!expand) return { expand: false, select: null };
  const m = /^fields(?:\((?:\$?select=([^)]*))?\))?$/i.exec(expand.trim());
  if (!m) return { expand: false, select: null };
  return {
    expand: true,
    select: m[1]
      ? m[1]
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null,
  };
}

/** Fields every list item has besides its columns (Graph answers them when selected). */
const ALWAYS_SELECTABLE = new Set([
  'id',
  'ID',
  'Title',
  'Modified',
  'Created',
  'ContentType',
  'Attachments',
  'Edit',
  'LinkTitle',
  'AuthorLookupId',
  'EditorLookupId',
  '_UIVersionString',
]);

/**
 * SharePoint rejects the whole query when `$select` names a column the list lacks (400), rather
 * than leaving the column out; so one missing column fails every read of the list.
 */
export function unknownSelected(list: ListState, select: string[] | null): GraphReply | null {
  if (!select) return null;
  const missing = select.filter(
    (name) => !ALWAYS_SELECTABLE.has(name) && !list.columns.some((c) => c.name === name),
  );
  if (missing.length === 0) return null;
  return err(
    400,
    'invalidRequest',
    `Column '${missing[0]}' does not exist. It may have been deleted by another user.`,
  );
}

export function itemJson(
  list: ListState,
  site: SiteState,
  item: ItemState,
  select: string[] | null,
  withFields: boolean,
): Record<string, unknown> {
  const etag = etagOf(item);
  const out: Record<string, unknown> = {
    '@odata.etag': etag,
    id: item.id,
    eTag: etag,
    createdDateTime: item.created,
    lastModifiedDateTime: item.modified,
    parentReference: { id: list.id, siteId: site.id },
    contentType: { id: '0x0100', name: 'Item' },
  };
  if (withFields) {
    const fields: Record<string, unknown> = { '@odata.etag': etag, id: item.id };
    for (const [k, v] of Object.entries(item.fields)) {
      if (!select || select.includes(k)) fields[k] = v;
    }
    if (!select || select.includes('Modified')) fields['Modified'] = item.modified;
    out['fields'] = fields;
  }
  return out;
}

/** A query string that keeps OData's `$`, `(`, `)`, `,` and `=` readable, as Graph's links do. */
function qs(q: URLSearchParams): string {
  return [...q.entries()]
    .map(
      ([k, v]) =>
        `${k}=${encodeURIComponent(v).replace(/%24/g, '$').replace(/%28/g, '(').replace(/%29/g, ')').replace(/%2C/g, ',').replace(/%3D/g, '=')}`,
    )
    .join('&');
}

function encodeToken(t: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}
function decodeToken(s: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function pageSize(ctx: Ctx, q: URLSearchParams): number {
  const top = Number(q.get('$top') ?? q.get('top') ?? NaN);
  return Number.isInteger(top) && top > 0 ? Math.min(top, PAGE_MAX) : ctx.defaultPageSize;
}

export function itemsPage(
  ctx: Ctx,
  site: SiteState,
  list: ListState,
  q: URLSearchParams,
): GraphReply {
  const sel = fieldSelect(q);
  const refused = unknownSelected(list, sel.select);
  if (refused) return refused;
  const size = pageSize(ctx, q);
  const after = Number(q.get('$skiptoken') ?? 0);
  const all = [...list.items.values()]
    .filter((i) => Number(i.id) > after)
    .sort((a, b) => Number(a.id) - Number(b.id));
  const page = all.slice(0, size);
  const body: Record<string, unknown> = {
    value: page.map((i) => itemJson(list, site, i, sel.select, sel.expand)),
  };
  if (all.length > size) {
    const next = new URLSearchParams(q);
    next.set('$skiptoken', page[page.length - 1]!.id);
    body['@odata.nextLink'] = `${ctx.base}/sites/${site.id}/lists/${list.id}/items?${qs(next)}`;
  }
  return { status: 200, body };
}

/**
 * Delta: a token carries the change sequence it was issued at (s); paging within one
 * enumeration carries the upper bound (u) and the last item id returned (a), so an item
 * changed mid-enumeration is still seen (now or in the next round), never skipped.
 *
 * Query options (`expand=fields(select=…)`, `$top`) are taken from the FIRST request only and
 * carried in the token (o): options appended to a nextLink or deltaLink are ignored, as Graph's
 * delta-query overview says ("query parameters … specified in the initial request … are
 * encoded in the token"; https://learn.microsoft.com/graph/delta-query-overview). An item read
 * without `expand=fields` comes back without `fields`, which is what a client that appends
 * options late would get from SharePoint.
 */
export function delta(
  ctx: Ctx,
  site: SiteState,
  list: ListState,
  q: URLSearchParams,
  info: RouteInfo,
): GraphReply {
  info.endpoint = 'delta';
  const { state } = ctx;
  const raw = q.get('token');
  const first = !raw || raw === 'latest';
  const decoded = first ? null : decodeToken(raw);
  if (!first && (!decoded || typeof decoded['s'] !== 'number'))
    return err(400, 'invalidRequest', 'Invalid delta token');
  // The options in force: the first request's, or those the token carries.
  const opts: URLSearchParams = first
    ? optionsOf(q)
    : new URLSearchParams((decoded!['o'] as unknown as string | undefined) ?? '');
  const carried = opts.toString();
  const sel = fieldSelect(opts);
  const refused = unknownSelected(list, sel.select);
  if (refused) {
    info.ru = 1;
    return refused;
  }
  const link = (t: Record<string, unknown>) => {
    const next = new URLSearchParams();
    next.set('token', encodeToken({ ...t, o: carried }));
    return `${ctx.base}/sites/${site.id}/lists/${list.id}/items/delta?${qs(next)}`;
  };
  if (raw === 'latest') {
    info.ru = 1;
    return {
      status: 200,
      body: { value: [], '@odata.deltaLink': link({ s: state.currentSeq() }) },
    };
  }
  let since = 0;
  let upto = state.currentSeq();
  let after = 0;
  if (decoded) {
    const t = decoded;
    if ((t['s'] as number) < list.tokenFloor) {
      info.ru = 1;
      // A fresh enumeration, with the options the client first asked for.
      const location = `${ctx.base}/sites/${site.id}/lists/${list.id}/items/delta${carried ? `?${qs(opts)}` : ''}`;
      return {
        status: 410,
        headers: { Location: location },
        body: {
          error: {
            code: 'resyncRequired',
            message: 'Resync required.',
            innerError: { code: 'resyncChangesApplyDifferences' },
          },
        },
      };
    }
    since = t['s'] as number;
    upto = typeof t['u'] === 'number' ? t['u'] : state.currentSeq();
    after = typeof t['a'] === 'number' ? t['a'] : 0;
  }
  info.ru = raw ? 1 : 2;
  const size = pageSize(ctx, opts);
  type Change = { id: number; item?: ItemState };
  const changes: Change[] = [];
  for (const item of list.items.values())
    if (item.seq > since) changes.push({ id: Number(item.id), item });
  for (const [id, seq] of list.tombstones)
    if (seq > since && !list.items.has(id)) changes.push({ id: Number(id) });
  const pending = changes.filter((c) => c.id > after).sort((a, b) => a.id - b.id);
  const page = pending.slice(0, size);
  const value = page.map((c) =>
    c.item
      ? itemJson(list, site, c.item, sel.select, sel.expand && !ctx.deltaOmitsFields)
      : {
          id: String(c.id),
          parentReference: { id: list.id, siteId: site.id },
          deleted: { state: 'deleted' },
        },
  );
  const body: Record<string, unknown> = { value };
  if (pending.length > size)
    body['@odata.nextLink'] = link({ s: since, u: upto, a: page[page.length - 1]!.id });
  else body['@odata.deltaLink'] = link({ s: upto });
  return { status: 200, body };
}

/** The query options a delta request may carry (everything but the token). */
function optionsOf(q: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of q.entries()) if (k !== 'token') out.set(k, v);
  return out;
}
