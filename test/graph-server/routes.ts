/**
 * Microsoft Graph's SharePoint endpoints as the product uses them, over SharePointState.
 * One function answers a (method, url, headers, body) so the same code serves top-level
 * requests and the requests inside a `$batch`. Shapes follow the Graph v1.0 reference:
 * site by path (`/sites/{hostname}:/{path}`), lists and columns (columnDefinition), items with
 * `expand=fields(select=…)` paged by `$top` + `@odata.nextLink`, `items/delta` with
 * `@odata.deltaLink` and 410 `resyncRequired` + Location, PATCH `items/{id}/fields` with
 * If-Match → 412, and `@odata.etag` on every item.
 */
import {
  etagOf,
  FieldError,
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

function err(
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
): GraphReply {
  return { status, headers: extra, body: { error: { code, message } } };
}

interface Ctx {
  state: SharePointState;
  /** e.g. https://127.0.0.1:1234/v1.0 (for absolute next/delta links). */
  base: string;
  defaultPageSize: number;
}

/** Parses `fields(select=a,b)` or `fields($select=a,b)` out of an expand option. */
function fieldSelect(q: URLSearchParams): { expand: boolean; select: string[] | null } {
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

function listJson(site: SiteState, list: ListState, withColumns: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: list.id,
    name: list.name,
    displayName: list.displayName,
    list: { template: 'genericList', hidden: false },
    parentReference: { siteId: site.id },
  };
  if (withColumns) out['columns'] = list.columns;
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
function decodeToken(s: string): Record<string, number> | null {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, number>) : null;
  } catch {
    return null;
  }
}

export function route(
  ctx: Ctx,
  method: string,
  rawUrl: string,
  headers: Record<string, string | undefined>,
  body: unknown,
  info: RouteInfo,
): GraphReply {
  const url = new URL(rawUrl, 'https://graph.invalid');
  const path = decodeURIComponent(url.pathname.replace(/^\/v1\.0/, ''));
  const q = url.searchParams;
  const { state } = ctx;

  // Site by server-relative path: /sites/{hostname}:/{path}[:/rest]
  let site: SiteState | undefined;
  let rest: string;
  const byPath = /^\/sites\/([^/:,]+):(\/[^:]*)(?::(\/.*)?)?$/.exec(path);
  if (byPath) {
    site = state.findSiteByPath(byPath[1]!, byPath[2]!);
    rest = byPath[3] ?? '';
  } else {
    const byId = /^\/sites\/([^/]+)(\/.*)?$/.exec(path);
    if (!byId) return err(400, 'BadRequest', 'Resource not found for the segment.');
    site = state.sites.get(byId[1]!);
    rest = byId[2] ?? '';
  }
  if (!site) return err(404, 'itemNotFound', 'Requested site could not be found');

  if (rest === '' || rest === '/') {
    info.endpoint = 'site';
    info.ru = 1;
    if (method !== 'GET') return err(405, 'BadRequest', 'Method not allowed');
    return {
      status: 200,
      body: {
        id: site.id,
        name: site.path.split('/').pop(),
        displayName: site.displayName,
        webUrl: `https://${site.hostname}${site.path}`,
      },
    };
  }

  if (rest === '/lists') {
    info.endpoint = 'lists';
    info.ru = 2;
    if (method === 'GET') {
      return {
        status: 200,
        body: { value: [...site.lists.values()].map((l) => listJson(site!, l, false)) },
      };
    }
    if (method === 'POST') {
      const b = body as { displayName?: string; columns?: unknown[] } | null;
      if (!b?.displayName) return err(400, 'invalidRequest', 'displayName is required');
      try {
        const list = state.createList(site, b.displayName, (b.columns ?? []) as never[]);
        return { status: 201, body: listJson(site, list, true) };
      } catch (e) {
        return fieldErr(e);
      }
    }
    return err(405, 'BadRequest', 'Method not allowed');
  }

  const lm = /^\/lists\/([^/]+)(\/.*)?$/.exec(rest);
  if (!lm) return err(400, 'BadRequest', 'Resource not found for the segment.');
  const list = state.findList(site, lm[1]!);
  const lrest = lm[2] ?? '';
  if (!list) {
    info.endpoint = 'list';
    info.ru = 1;
    return err(404, 'itemNotFound', 'The specified list was not found');
  }

  if (lrest === '' || lrest === '/') {
    info.endpoint = 'list';
    info.ru = 1;
    const expand = (q.get('expand') ?? q.get('$expand') ?? '').toLowerCase();
    return { status: 200, body: listJson(site, list, expand.includes('columns')) };
  }

  if (lrest === '/columns') {
    info.endpoint = 'columns';
    info.ru = 2;
    if (method === 'GET') return { status: 200, body: { value: list.columns } };
    if (method === 'POST') {
      const def = body as { name?: string } | null;
      if (!def?.name) return err(400, 'invalidRequest', 'name is required');
      try {
        return { status: 201, body: state.addColumn(list, def as never) };
      } catch (e) {
        return fieldErr(e);
      }
    }
    return err(405, 'BadRequest', 'Method not allowed');
  }

  if (lrest === '/items/delta') {
    if (method !== 'GET') return err(405, 'BadRequest', 'Method not allowed');
    return delta(ctx, site, list, q, info);
  }

  if (lrest === '/items') {
    info.endpoint = 'items';
    info.ru = 2;
    if (method === 'GET') return itemsPage(ctx, site, list, q);
    if (method === 'POST') {
      const b = body as { fields?: Record<string, unknown> } | null;
      if (!b?.fields) return err(400, 'invalidRequest', 'fields is required');
      try {
        const item = state.addItem(list, b.fields);
        return { status: 201, body: itemJson(list, site, item, null, true) };
      } catch (e) {
        return fieldErr(e);
      }
    }
    return err(405, 'BadRequest', 'Method not allowed');
  }

  const im = /^\/items\/(\d+)(\/fields)?$/.exec(lrest);
  if (!im) return err(400, 'BadRequest', 'Resource not found for the segment.');
  const item = list.items.get(im[1]!);
  if (im[2]) {
    info.endpoint = 'item-fields';
    info.ru = method === 'GET' ? 1 : 2;
    if (!item) return err(404, 'itemNotFound', 'The specified list item was not found');
    if (method === 'GET')
      return { status: 200, body: itemJson(list, site, item, null, true)['fields'] };
    if (method !== 'PATCH') return err(405, 'BadRequest', 'Method not allowed');
    const ifMatch = headers['if-match'];
    if (ifMatch && ifMatch !== '*' && normEtag(ifMatch) !== normEtag(etagOf(item))) {
      return err(
        412,
        'preconditionFailed',
        'The request ETag value does not match the object ETag value',
      );
    }
    try {
      const updated = state.updateItem(list, item.id, (body ?? {}) as Record<string, unknown>);
      return { status: 200, body: itemJson(list, site, updated, null, true)['fields'] };
    } catch (e) {
      return fieldErr(e);
    }
  }
  info.endpoint = 'item';
  info.ru = method === 'GET' ? 1 : 2;
  if (!item) return err(404, 'itemNotFound', 'The specified list item was not found');
  if (method === 'GET') {
    const sel = fieldSelect(q);
    return { status: 200, body: itemJson(list, site, item, sel.select, sel.expand) };
  }
  if (method === 'DELETE') {
    const ifMatch = headers['if-match'];
    if (ifMatch && ifMatch !== '*' && normEtag(ifMatch) !== normEtag(etagOf(item))) {
      return err(
        412,
        'preconditionFailed',
        'The request ETag value does not match the object ETag value',
      );
    }
    state.deleteItem(list, item.id);
    return { status: 204 };
  }
  return err(405, 'BadRequest', 'Method not allowed');
}

function normEtag(e: string): string {
  return e.trim().replace(/^W\//, '');
}

function fieldErr(e: unknown): GraphReply {
  const msg = e instanceof Error ? e.message : String(e);
  if (msg.startsWith('nameAlreadyExists'))
    return err(409, 'nameAlreadyExists', 'The name is already in use.');
  if (msg === 'itemNotFound')
    return err(404, 'itemNotFound', 'The specified list item was not found');
  if (e instanceof FieldError) return err(400, 'invalidRequest', msg);
  throw e;
}

function pageSize(ctx: Ctx, q: URLSearchParams): number {
  const top = Number(q.get('$top') ?? q.get('top') ?? NaN);
  return Number.isInteger(top) && top > 0 ? Math.min(top, PAGE_MAX) : ctx.defaultPageSize;
}

function itemsPage(ctx: Ctx, site: SiteState, list: ListState, q: URLSearchParams): GraphReply {
  const sel = fieldSelect(q);
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
 */
function delta(
  ctx: Ctx,
  site: SiteState,
  list: ListState,
  q: URLSearchParams,
  info: RouteInfo,
): GraphReply {
  info.endpoint = 'delta';
  const { state } = ctx;
  const raw = q.get('token');
  const sel = fieldSelect(q);
  const link = (t: Record<string, unknown>) => {
    const next = new URLSearchParams(q);
    next.set('token', encodeToken(t));
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
  if (raw) {
    const t = decodeToken(raw);
    if (!t || typeof t['s'] !== 'number') return err(400, 'invalidRequest', 'Invalid delta token');
    if (t['s'] < list.tokenFloor) {
      info.ru = 1;
      const fresh = new URLSearchParams(q);
      fresh.delete('token');
      const location = `${ctx.base}/sites/${site.id}/lists/${list.id}/items/delta?${qs(fresh)}`;
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
    since = t['s'];
    upto = typeof t['u'] === 'number' ? t['u'] : state.currentSeq();
    after = typeof t['a'] === 'number' ? t['a'] : 0;
  }
  info.ru = raw ? 1 : 2;
  const size = pageSize(ctx, q);
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
      ? itemJson(list, site, c.item, sel.select, sel.expand)
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
