/**
 * Creates the lists and columns of schema.ts on a site, idempotently: a list that is missing
 * is created with all its columns; a list that exists gets only its missing columns; a column
 * whose type or choices differ is REPORTED, never changed or dropped (that could destroy
 * data an admin relies on). A second run changes nothing. Every list's Title (the record key)
 * is made unique, on a new list and on an older one; where an older list already repeats a key
 * SharePoint refuses that, and it is reported, not fixed (removing rows is an admin's call).
 */
import type { GraphClient } from './graph-client';
import {
  columnDefinition,
  kindOfDefinition,
  LIST_KEYS,
  LISTS,
  UNIQUE_TITLE,
  type ListKey,
} from './schema';

export interface ColumnDifference {
  list: string;
  column: string;
  expected: string;
  actual: string;
}

export interface ProvisionReport {
  siteId: string;
  listsCreated: string[];
  columnsAdded: Array<{ list: string; column: string }>;
  differing: ColumnDifference[];
  /** Existing lists whose Title (the record key) was made unique. */
  titlesMadeUnique: string[];
  /** Map of list key → list id, for the adapter. */
  listIds: Partial<Record<ListKey, string>>;
}

export type ProvisionOutcome =
  { ok: true; report: ProvisionReport } | { ok: false; code: string; message: string };

/**
 * `https://contoso.sharepoint.com/sites/x`, `contoso.sharepoint.com:/sites/x` or a site id
 * (`host,guid,guid`) → the Graph path that reads the site.
 */
export function sitePath(ref: string): string {
  const trimmed = ref.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    const u = new URL(trimmed);
    const path = u.pathname.replace(/\/+$/, '');
    return path ? `/sites/${u.hostname}:${path}` : `/sites/${u.hostname}`;
  }
  if (/^[^/,:]+:\//.test(trimmed)) return `/sites/${trimmed.replace(/\/+$/, '')}`;
  return `/sites/${trimmed}`;
}

export async function resolveSite(
  client: GraphClient,
  ref: string,
): Promise<{ ok: true; id: string } | { ok: false; code: string; message: string }> {
  const r = await client.request<{ id: string }>('GET', sitePath(ref));
  if (!r.ok) {
    return {
      ok: false,
      code: r.code,
      message: r.status === 404 ? `Site not found: ${ref}` : `Could not read the site (${r.code})`,
    };
  }
  return { ok: true, id: r.body.id };
}

interface GraphList {
  id: string;
  displayName: string;
}

/** Finds the lists by display name (without changing anything). */
export async function findLists(
  client: GraphClient,
  siteId: string,
): Promise<
  { ok: true; ids: Partial<Record<ListKey, string>> } | { ok: false; code: string; message: string }
> {
  const r = await client.request<{ value: GraphList[] }>(
    'GET',
    `/sites/${siteId}/lists?$select=id,displayName`,
  );
  if (!r.ok)
    return { ok: false, code: r.code, message: `Could not list the site's lists (${r.code})` };
  const ids: Partial<Record<ListKey, string>> = {};
  for (const key of LIST_KEYS) {
    const found = r.body.value.find(
      (l) => l.displayName.toLowerCase() === LISTS[key].displayName.toLowerCase(),
    );
    if (found) ids[key] = found.id;
  }
  return { ok: true, ids };
}

export async function provision(
  client: GraphClient,
  siteRef: string,
  opts: { dryRun?: boolean } = {},
): Promise<ProvisionOutcome> {
  const site = await resolveSite(client, siteRef);
  if (!site.ok) return site;
  const existing = await findLists(client, site.id);
  if (!existing.ok) return existing;
  const report: ProvisionReport = {
    siteId: site.id,
    listsCreated: [],
    columnsAdded: [],
    differing: [],
    titlesMadeUnique: [],
    listIds: { ...existing.ids },
  };

  for (const key of LIST_KEYS) {
    const schema = LISTS[key];
    const listId = existing.ids[key];
    if (!listId) {
      report.listsCreated.push(schema.displayName);
      if (opts.dryRun) continue;
      const created = await client.request<GraphList>('POST', `/sites/${site.id}/lists`, {
        displayName: schema.displayName,
        columns: schema.columns.map(columnDefinition),
        list: { template: 'genericList' },
      });
      if (!created.ok)
        return {
          ok: false,
          code: created.code,
          message: `Could not create list ${schema.displayName} (${created.code})${manageHint(created.status)}`,
        };
      report.listIds[key] = created.body.id;
      if (schema.uniqueTitle) {
        const unique = await makeTitleUnique(client, site.id, created.body.id);
        if (!unique.ok)
          return {
            ok: false,
            code: unique.code,
            message: `Could not make the Title of ${schema.displayName} unique (${unique.code})${manageHint(unique.code === 'accessDenied' ? 403 : 0)}`,
          };
      }
      continue;
    }
    const cols = await client.request<{ value: Array<Record<string, unknown>> }>(
      'GET',
      `/sites/${site.id}/lists/${listId}/columns`,
    );
    if (!cols.ok)
      return {
        ok: false,
        code: cols.code,
        message: `Could not read the columns of ${schema.displayName} (${cols.code})`,
      };
    if (schema.uniqueTitle && !isUnique(titleColumn(cols.body.value))) {
      // The record key must be unique for creates to be idempotent: switched on where
      // SharePoint allows it; where the list already holds a repeated key SharePoint refuses,
      // and removing rows is an admin's call, so it is reported.
      const made = opts.dryRun
        ? { ok: true as const }
        : await makeTitleUnique(client, site.id, listId, cols.body.value);
      if (made.ok) report.titlesMadeUnique.push(schema.displayName);
      else
        report.differing.push({
          list: schema.displayName,
          column: 'Title',
          expected: 'unique values (indexed)',
          actual: 'duplicates allowed',
        });
    }
    for (const col of schema.columns) {
      const have = cols.body.value.find(
        (c) => String(c['name']).toLowerCase() === col.name.toLowerCase(),
      );
      if (!have) {
        report.columnsAdded.push({ list: schema.displayName, column: col.name });
        if (opts.dryRun) continue;
        const added = await client.request(
          'POST',
          `/sites/${site.id}/lists/${listId}/columns`,
          columnDefinition(col),
        );
        if (!added.ok)
          return {
            ok: false,
            code: added.code,
            message: `Could not add column ${col.name} to ${schema.displayName} (${added.code})${manageHint(added.status)}`,
          };
        continue;
      }
      const kind = kindOfDefinition(have);
      if (kind !== col.kind) {
        report.differing.push({
          list: schema.displayName,
          column: col.name,
          expected: col.kind,
          actual: kind ?? 'other',
        });
        continue;
      }
      if (col.kind === 'choice') {
        const actual = ((have['choice'] as { choices?: string[] })?.choices ?? []).slice().sort();
        const missing = (col.choices ?? []).filter((c) => !actual.includes(c));
        if (missing.length > 0) {
          report.differing.push({
            list: schema.displayName,
            column: col.name,
            expected: `choices ${[...(col.choices ?? [])].join('|')}`,
            actual: `choices ${actual.join('|')}`,
          });
        }
      }
    }
  }
  return { ok: true, report };
}

/**
 * Creating lists and adding or changing columns needs more than running the bot: Graph names
 * Sites.Manage.All as the least privileged permission, and with Sites.Selected the site grant
 * must be `owner` or `fullcontrol` (whether `write` suffices is not documented).
 */
function manageHint(status: number): string {
  return status === 403
    ? ': creating lists and columns needs Sites.Manage.All, or Sites.Selected with the owner or fullcontrol role on this site (write is enough to run the bot); see docs/sharepoint.md'
    : '';
}

function titleColumn(cols: Array<Record<string, unknown>>): Record<string, unknown> | undefined {
  return cols.find((c) => c['name'] === 'Title');
}

function isUnique(col: Record<string, unknown> | undefined): boolean {
  return col?.['indexed'] === true && col?.['enforceUniqueValues'] === true;
}

/** Switches on unique values for a list's built-in Title column (found by name). */
async function makeTitleUnique(
  client: GraphClient,
  siteId: string,
  listId: string,
  known?: Array<Record<string, unknown>>,
): Promise<{ ok: true } | { ok: false; code: string }> {
  let columns = known;
  if (!columns) {
    const cols = await client.request<{ value: Array<Record<string, unknown>> }>(
      'GET',
      `/sites/${siteId}/lists/${listId}/columns`,
    );
    if (!cols.ok) return { ok: false, code: cols.code };
    columns = cols.body.value;
  }
  const title = titleColumn(columns);
  if (!title) return { ok: false, code: 'no-title-column' };
  if (isUnique(title)) return { ok: true };
  const r = await client.request(
    'PATCH',
    `/sites/${siteId}/lists/${listId}/columns/${String(title['id'])}`,
    UNIQUE_TITLE,
  );
  return r.ok ? { ok: true } : { ok: false, code: r.code };
}

/** Human-readable lines for the CLI. */
export function describeReport(r: ProvisionReport, dryRun = false): string[] {
  const verb = dryRun ? 'would create' : 'created';
  const lines: string[] = [];
  for (const l of r.listsCreated) lines.push(`list ${verb}: ${l}`);
  for (const c of r.columnsAdded)
    lines.push(`column ${dryRun ? 'would be added' : 'added'}: ${c.list}.${c.column}`);
  for (const l of r.titlesMadeUnique)
    lines.push(`${dryRun ? 'would make' : 'made'} the record key unique: ${l}.Title`);
  for (const d of r.differing)
    lines.push(
      `column differs (left unchanged): ${d.list}.${d.column} expected ${d.expected}, found ${d.actual}`,
    );
  if (lines.length === 0) lines.push('schema up to date: nothing to change');
  return lines;
}
