/**
 * The in-memory SharePoint the Graph test server serves: sites, lists, columns and items,
 * with SharePoint's observable behaviour (item ids are increasing integers, every write bumps
 * the item's eTag version, a change sequence drives delta, deletions leave a tombstone that
 * delta reports as `deleted: { state: 'deleted' }`). Tests also call it directly to play
 * "another user" editing the list.
 */
import { randomUUID } from 'node:crypto';

export type FieldValue = string | number | boolean | null;
export type Fields = Record<string, FieldValue>;

/** The subset of Graph's columnDefinition the product uses. */
export interface ColumnDef {
  id?: string;
  name: string;
  displayName?: string;
  indexed?: boolean;
  /** SharePoint refuses it on a column that is not indexed or already holds duplicates. */
  enforceUniqueValues?: boolean;
  required?: boolean;
  readOnly?: boolean;
  text?: Record<string, unknown>;
  number?: Record<string, unknown>;
  boolean?: Record<string, unknown>;
  dateTime?: { format?: 'dateOnly' | 'dateTime'; displayAs?: string };
  choice?: { choices: string[]; allowTextEntry?: boolean; displayAs?: string };
}

export interface ItemState {
  id: string;
  guid: string;
  version: number;
  fields: Fields;
  created: string;
  modified: string;
  /** Change sequence number of the last write (delta reports items with seq > token). */
  seq: number;
}

export interface ListState {
  id: string;
  name: string;
  displayName: string;
  columns: ColumnDef[];
  items: Map<string, ItemState>;
  /** Deleted item id → change sequence of the deletion. */
  tombstones: Map<string, number>;
  nextId: number;
  /** Delta tokens older than this are refused with 410 (forced resync). */
  tokenFloor: number;
}

/** SharePoint's name for the London zone (Regional settings → Time zone). */
export const LONDON_TIME_ZONE = '(UTC+00:00) Dublin, Edinburgh, Lisbon, London';

export interface SiteState {
  /** Regional settings → Time zone (London unless a test says otherwise). */
  timeZone?: string;
  id: string;
  hostname: string;
  path: string;
  displayName: string;
  lists: Map<string, ListState>;
}

/** Columns every generic list has (the ones a client may read or write). */
const BUILT_IN: ColumnDef[] = [
  {
    id: 'fa564e0f-0c70-4ab9-b863-0177e6ddd247',
    name: 'Title',
    displayName: 'Title',
    required: true,
    text: {},
  },
  {
    id: '1d22ea11-1e32-424e-89ab-9fedbadb6ce1',
    name: 'ID',
    displayName: 'ID',
    readOnly: true,
    number: {},
  },
  {
    id: '28cf69c5-fa48-462a-b5cd-27b6f9d2bd5f',
    name: 'Modified',
    displayName: 'Modified',
    readOnly: true,
    dateTime: { format: 'dateTime' },
  },
  {
    id: '8c06beca-0777-48f7-91c7-6da68bc07b69',
    name: 'Created',
    displayName: 'Created',
    readOnly: true,
    dateTime: { format: 'dateTime' },
  },
];

export class FieldError extends Error {}

/** Multiple lines of text (plain): at most this many characters in this server. */
export const MULTI_LINE_TEXT_MAX = 63_999;

export class SharePointState {
  readonly sites = new Map<string, SiteState>();
  private seq = 0;
  private now: () => Date;

  constructor(now: () => Date = () => new Date()) {
    this.now = now;
  }

  addSite(hostname: string, path: string, displayName = 'Supervision'): SiteState {
    const id = `${hostname},${randomUUID()},${randomUUID()}`;
    const site: SiteState = { id, hostname, path, displayName, lists: new Map() };
    this.sites.set(id, site);
    return site;
  }

  findSiteByPath(hostname: string, path: string): SiteState | undefined {
    const norm = (p: string) => '/' + p.replace(/^\/+|\/+$/g, '').toLowerCase();
    return [...this.sites.values()].find(
      (s) => s.hostname.toLowerCase() === hostname.toLowerCase() && norm(s.path) === norm(path),
    );
  }

  /** By id or (as Graph allows) by display name. */
  findList(site: SiteState, idOrTitle: string): ListState | undefined {
    const byId = site.lists.get(idOrTitle);
    if (byId) return byId;
    const t = idOrTitle.toLowerCase();
    return [...site.lists.values()].find((l) => l.displayName.toLowerCase() === t);
  }

  createList(site: SiteState, displayName: string, columns: ColumnDef[] = []): ListState {
    if (this.findList(site, displayName)) throw new FieldError(`nameAlreadyExists:${displayName}`);
    const list: ListState = {
      id: randomUUID(),
      name: displayName.replace(/\s+/g, ''),
      displayName,
      columns: BUILT_IN.map((c) => ({ ...c })),
      items: new Map(),
      tombstones: new Map(),
      nextId: 1,
      tokenFloor: 0,
    };
    site.lists.set(list.id, list);
    for (const c of columns) this.addColumn(list, c);
    return list;
  }

  addColumn(list: ListState, def: ColumnDef): ColumnDef {
    if (list.columns.some((c) => c.name.toLowerCase() === def.name.toLowerCase())) {
      throw new FieldError(`nameAlreadyExists:${def.name}`);
    }
    const col: ColumnDef = { ...def, id: randomUUID(), displayName: def.displayName ?? def.name };
    list.columns.push(col);
    return col;
  }

  /**
   * PATCH of a columnDefinition (the properties the product changes). Like SharePoint, unique
   * values need an index, and cannot be switched on over values that already repeat.
   */
  updateColumn(list: ListState, id: string, patch: Partial<ColumnDef>): ColumnDef {
    const col = list.columns.find((c) => c.id === id);
    if (!col) throw new FieldError('itemNotFound');
    const next: ColumnDef = { ...col, ...patch, id: col.id, name: col.name };
    if (next.enforceUniqueValues && !next.indexed)
      throw new FieldError('A column must be indexed before it can enforce unique values');
    if (next.enforceUniqueValues && !col.enforceUniqueValues) {
      const seen = new Set<string>();
      for (const item of list.items.values()) {
        const v = uniqueKey(item.fields[col.name]);
        if (v === null) continue;
        if (seen.has(v)) throw new FieldError(`Column '${col.name}' holds duplicate values`);
        seen.add(v);
      }
    }
    Object.assign(col, next);
    // Built afresh from the items when next needed (uniqueness may have just been switched on).
    this.uniqueIndexes.get(list)?.delete(col.name);
    return col;
  }

  /**
   * value → item id per unique column, kept up to date by addItem/updateItem/deleteItem (every
   * change to an item goes through them), so a check costs O(1): seeding a 77,000-item list
   * one item at a time must not be quadratic.
   */
  private readonly uniqueIndexes = new WeakMap<ListState, Map<string, Map<string, string>>>();

  private uniqueIndex(list: ListState, column: string): Map<string, string> {
    let byColumn = this.uniqueIndexes.get(list);
    if (!byColumn) this.uniqueIndexes.set(list, (byColumn = new Map()));
    let index = byColumn.get(column);
    if (!index) {
      index = new Map();
      for (const item of list.items.values()) {
        const v = uniqueKey(item.fields[column]);
        if (v !== null && !index.has(v)) index.set(v, item.id);
      }
      byColumn.set(column, index);
    }
    return index;
  }

  /** Keeps the unique indexes in step with an item's values (`after` null: deleted). */
  private reindex(list: ListState, id: string, before: Fields | null, after: Fields | null): void {
    for (const col of list.columns) {
      if (!col.enforceUniqueValues) continue;
      const index = this.uniqueIndex(list, col.name);
      const old = before ? uniqueKey(before[col.name]) : null;
      if (old !== null && index.get(old) === id) index.delete(old);
      const now = after ? uniqueKey(after[col.name]) : null;
      if (now !== null) index.set(now, id);
    }
  }

  /** SharePoint's unique-values check (case-insensitive), on create and update alike. */
  private checkUnique(list: ListState, fields: Fields, itemId: string | null): void {
    for (const col of list.columns) {
      if (!col.enforceUniqueValues || !(col.name in fields)) continue;
      const v = uniqueKey(fields[col.name]);
      if (v === null) continue;
      const holder = this.uniqueIndex(list, col.name).get(v);
      if (holder !== undefined && holder !== itemId && list.items.has(holder))
        throw new FieldError(`duplicateValues:${col.name}`);
    }
  }

  /** Checks a write the way SharePoint does: known, writable columns and matching types. */
  private checkFields(list: ListState, fields: Record<string, unknown>): Fields {
    const out: Fields = {};
    for (const [name, value] of Object.entries(fields)) {
      if (name.startsWith('@odata')) continue;
      const col = list.columns.find((c) => c.name === name);
      if (!col) throw new FieldError(`Field '${name}' is not recognized`);
      if (col.readOnly) throw new FieldError(`Field '${name}' is read-only`);
      if (value === null || value === '') {
        out[name] = null;
        continue;
      }
      if (col.number && typeof value !== 'number')
        throw new FieldError(`Field '${name}' expects a number`);
      if (col.boolean && typeof value !== 'boolean')
        throw new FieldError(`Field '${name}' expects a boolean`);
      if ((col.text || col.choice) && typeof value !== 'string')
        throw new FieldError(`Field '${name}' expects text`);
      // Single line of text: at most 255 characters (multi-line text holds far more).
      if (col.text && !col.text['allowMultipleLines'] && (value as string).length > 255)
        throw new FieldError(
          `The value of field '${name}' exceeds the maximum length of 255 characters for a single line of text`,
        );
      // Multiple lines of text: the widely published 63,999 characters (docs/sharepoint.md says
      // where the figure comes from and that it is unconfirmed on a Microsoft page). Strict: a
      // client that stays under it is safe whether or not the service allows more.
      if (
        col.text &&
        col.text['allowMultipleLines'] &&
        (value as string).length > MULTI_LINE_TEXT_MAX
      )
        throw new FieldError(
          `The value of field '${name}' exceeds the maximum length of ${MULTI_LINE_TEXT_MAX} characters for multiple lines of text`,
        );
      if (
        col.choice &&
        !col.choice.allowTextEntry &&
        !col.choice.choices.includes(value as string)
      ) {
        throw new FieldError(`Field '${name}' does not allow the value given`);
      }
      if (col.dateTime) {
        const t = typeof value === 'string' ? Date.parse(value) : NaN;
        if (Number.isNaN(t)) throw new FieldError(`Field '${name}' expects a date-time`);
        out[name] = new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
        continue;
      }
      out[name] = value as FieldValue;
    }
    return out;
  }

  private stamp(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  /** Creates an item. `raw` skips validation (tests seeding malformed data). */
  addItem(list: ListState, fields: Record<string, unknown>, raw = false): ItemState {
    const checked = raw ? (fields as Fields) : this.checkFields(list, fields);
    if (!raw && !checked['Title']) throw new FieldError(`Field 'Title' is required`);
    if (!raw) this.checkUnique(list, checked, null);
    const at = this.stamp();
    const item: ItemState = {
      id: String(list.nextId++),
      guid: randomUUID().toUpperCase(),
      version: 1,
      fields: dropNulls(checked),
      created: at,
      modified: at,
      seq: ++this.seq,
    };
    list.items.set(item.id, item);
    this.reindex(list, item.id, null, item.fields);
    return item;
  }

  updateItem(list: ListState, id: string, fields: Record<string, unknown>, raw = false): ItemState {
    const item = list.items.get(id);
    if (!item) throw new FieldError('itemNotFound');
    const checked = raw ? (fields as Fields) : this.checkFields(list, fields);
    if (!raw) this.checkUnique(list, checked, item.id);
    const before = item.fields;
    item.fields = dropNulls({ ...item.fields, ...checked });
    this.reindex(list, item.id, before, item.fields);
    item.version += 1;
    item.modified = this.stamp();
    item.seq = ++this.seq;
    return item;
  }

  deleteItem(list: ListState, id: string): boolean {
    const item = list.items.get(id);
    if (!item || !list.items.delete(id)) return false;
    this.reindex(list, id, item.fields, null);
    list.tombstones.set(id, ++this.seq);
    return true;
  }

  /** Every delta token issued so far becomes invalid (410 on next use). */
  expireDeltaTokens(list: ListState): void {
    list.tokenFloor = this.seq + 1;
  }

  currentSeq(): number {
    return this.seq;
  }
}

export function etagOf(item: ItemState): string {
  return `"{${item.guid}},${item.version}"`;
}

function uniqueKey(v: FieldValue | undefined): string | null {
  return v === null || v === undefined || v === '' ? null : String(v).toLowerCase();
}

function dropNulls(f: Fields): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(f)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}
