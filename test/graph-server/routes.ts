/**
 * Microsoft Graph's SharePoint endpoints as the product uses them, over SharePointState.
 * One function answers a (method, url, headers, body) so the same code serves top-level
 * requests and the requests inside a `$batch`. Shapes follow the Graph v1.0 reference:
 * site by path (`/sites/{hostname}:/{path}`), lists and columns (columnDefinition), items with
 * `expand=fields(select=…)` paged by `$top` + `@odata.nextLink`, `items/delta` with
 * `@odata.deltaLink` and 410 `resyncRequired` + Location, PATCH `items/{id}/fields` with
 * If-Match → 412, PATCH `columns/{id}` (indexed, enforceUniqueValues; a duplicate on a unique
 * column → the configured refusal, see duplicateReply), and `@odata.etag` on every item.
 */
import { etagOf, FieldError, type ListState, type SiteState } from './state';
import {
  delta,
  err,
  fieldSelect,
  itemJson,
  itemsPage,
  type Ctx,
  type GraphReply,
  type RouteInfo,
  unknownSelected,
} from './item-pages';

export type { GraphReply, RouteInfo } from './item-pages';

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
        return fieldErr(e, ctx);
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
        return fieldErr(e, ctx);
      }
    }
    return err(405, 'BadRequest', 'Method not allowed');
  }

  const cm = /^\/columns\/([^/]+)$/.exec(lrest);
  if (cm) {
    info.endpoint = 'column';
    info.ru = method === 'GET' ? 1 : 2;
    const col = list.columns.find((c) => c.id === cm[1]);
    if (!col) return err(404, 'itemNotFound', 'The specified column was not found');
    if (method === 'GET') return { status: 200, body: col };
    if (method !== 'PATCH') return err(405, 'BadRequest', 'Method not allowed');
    try {
      return { status: 200, body: state.updateColumn(list, col.id!, (body ?? {}) as never) };
    } catch (e) {
      return fieldErr(e, ctx);
    }
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
        return fieldErr(e, ctx);
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
      return fieldErr(e, ctx);
    }
  }
  info.endpoint = 'item';
  info.ru = method === 'GET' ? 1 : 2;
  if (!item) return err(404, 'itemNotFound', 'The specified list item was not found');
  if (method === 'GET') {
    const sel = fieldSelect(q);
    const refused = unknownSelected(list, sel.select);
    if (refused) return refused;
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

/**
 * A value refused by a column that enforces unique values. Graph does not document the status,
 * and SharePoint's own REST API answers 500 with `SPDuplicateValuesFoundException`; so the
 * status is configurable (`ctx.duplicateStatus`: 409 `nameAlreadyExists`, 400
 * `invalidRequest`, or 500 `generalException`, the default) and the clients are tested with
 * each: none of them may take the answer at its word (sharepoint/item-writer.ts re-reads).
 */
export const DUPLICATE_MESSAGE =
  'The list item could not be added or updated because duplicate values were found in one or more fields in the list.';

function duplicateReply(ctx: Ctx, column: string): GraphReply {
  const status = ctx.duplicateStatus ?? 500;
  if (status === 409) return err(409, 'nameAlreadyExists', DUPLICATE_MESSAGE);
  if (status === 400) return err(400, 'invalidRequest', DUPLICATE_MESSAGE);
  return {
    status: 500,
    body: {
      error: {
        code: 'generalException',
        message: DUPLICATE_MESSAGE,
        innerError: {
          code: 'Microsoft.SharePoint.SPDuplicateValuesFoundException',
          column,
        },
      },
    },
  };
}

function fieldErr(e: unknown, ctx: Ctx): GraphReply {
  const msg = e instanceof Error ? e.message : String(e);
  if (msg.startsWith('duplicateValues')) return duplicateReply(ctx, msg.split(':')[1] ?? '');
  if (msg.startsWith('nameAlreadyExists'))
    return err(409, 'nameAlreadyExists', 'The name is already in use.');
  if (msg === 'itemNotFound')
    return err(404, 'itemNotFound', 'The specified list item was not found');
  if (e instanceof FieldError) return err(400, 'invalidRequest', msg);
  throw e;
}
