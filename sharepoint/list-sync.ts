/**
 * Keeps one SharePoint list mirrored in memory: every item's fields, item id and eTag.
 *
 * First sync: ask delta for the latest token (`token=latest`, 1 RU), THEN page through
 * `items?expand=fields(select=…)&$top=…` following every @odata.nextLink. Taking the token
 * first means an edit made while we page is reported again by the next delta, never lost.
 * The delta options (`expand=fields(select=…)`, `$top`) go on that FIRST delta request: Graph
 * carries them in the token and ignores options appended to a nextLink or deltaLink
 * (delta-query overview). A changed item that still arrives without `fields` is re-read before
 * its new eTag is trusted: keeping the old fields under the new eTag would let the next write
 * carry a valid eTag over stale data.
 * Later syncs: one GET of the stored @odata.deltaLink (following nextLinks when the change
 * set is large), applying changed items and removing deleted ones. A 410 (resyncRequired)
 * drops the mirror and loads the list afresh. The delta link is kept in the KvStore
 * (namespace `graph.delta`) with the items it describes (`graph.mirror`, mirror-store.ts), so
 * a restart or a new instance resumes with one delta request per list.
 */
import type { KvStore } from '../ports/kv-store';
import type { Logger } from '../ports/logger';
import type { GraphClient, GraphResult } from './graph-client';
import { etagVersion, MirrorStore, type CachedItem } from './mirror-store';
import { LISTS, selectFor, type ListKey } from './schema';

// Declared beside the mirror that persists it, so the two modules need no cycle.
export type { CachedItem } from './mirror-store';

export interface GraphItem {
  id: string;
  '@odata.etag'?: string;
  eTag?: string;
  fields?: Record<string, unknown>;
  deleted?: { state?: string };
  '@removed'?: unknown;
}

interface Page {
  value: GraphItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export type SyncOutcome =
  | { ok: true; changed: string[]; removed: string[]; full: boolean }
  | { ok: false; code: string; message: string };

export const DELTA_NS = 'graph.delta';

/** Told of every change to a mirror: an item id, or null when the whole mirror was replaced. */
export type MirrorListener = (itemId: string | null) => void;

export class ListSync {
  /** Read it freely; change it only through setItem/removeItem/replaceItems (listeners). */
  readonly items = new Map<string, CachedItem>();
  private readonly listeners: MirrorListener[] = [];
  private deltaLink: string | null = null;
  private loaded = false;
  /** Columns asked for: the schema's, less any the list turned out to lack (schema drift). */
  private select: string[];
  /** Schema columns the list lacks, found when SharePoint refused a `$select` naming them. */
  missingColumns: string[] = [];
  private readonly mirror: MirrorStore;

  constructor(
    readonly key: ListKey,
    private readonly client: GraphClient,
    private readonly siteId: string,
    readonly listId: string,
    private readonly kv: KvStore,
    private readonly logger: Logger,
    private readonly pageSize: number,
  ) {
    this.select = selectFor(key).split(',');
    this.mirror = new MirrorStore(kv, logger);
  }

  /** Given each page of a full read as it arrives (SnapshotCache parses it meanwhile). */
  onPage: ((items: CachedItem[]) => void) | null = null;

  /** Indexes over the mirror (scoped-index.ts) keep themselves current through this. */
  onChange(listener: MirrorListener): void {
    this.listeners.push(listener);
  }

  private setItem(id: string, c: CachedItem): void {
    this.items.set(id, c);
    for (const l of this.listeners) l(id);
  }

  private removeItem(id: string): boolean {
    const had = this.items.delete(id);
    if (had) for (const l of this.listeners) l(id);
    return had;
  }

  private replaceItems(items: ReadonlyMap<string, CachedItem>): void {
    this.items.clear();
    for (const [id, c] of items) this.items.set(id, c);
    for (const l of this.listeners) l(null);
  }

  /** `expand=fields(select=…)` with the columns this list really has. */
  fieldsExpand(): string {
    return `expand=fields(select=${this.select.join(',')})`;
  }

  get displayName(): string {
    return LISTS[this.key].displayName;
  }

  isLoaded(): boolean {
    return this.loaded;
  }

  private base(): string {
    return `/sites/${this.siteId}/lists/${this.listId}`;
  }

  private query(): string {
    return `${this.fieldsExpand()}&$top=${this.pageSize}`;
  }

  async sync(): Promise<SyncOutcome> {
    const link = await this.nextDeltaLink();
    if (!link) return this.fullLoad();
    return this.applyDelta(await this.client.request<Page>('GET', link));
  }

  /**
   * The delta link the next round starts from (restoring the mirror from the state store on
   * first use), or null when the list has to be read afresh (sync does that).
   */
  async nextDeltaLink(): Promise<string | null> {
    if (!this.loaded) await this.restore();
    return this.loaded && this.deltaLink ? this.deltaLink : null;
  }

  /**
   * Applies a delta round whose first answer was fetched already (by sync, or inside a
   * `$batch` of every list's delta: GraphSchedule.freshen), following its nextLinks.
   */
  async applyDelta(firstAnswer: GraphResult<unknown>): Promise<SyncOutcome> {
    const changed: string[] = [];
    const removed: string[] = [];
    let first: GraphResult<Page> | null = firstAnswer as GraphResult<Page>;
    let url: string | null = this.deltaLink;
    let next: string | null = null;
    const bare: string[] = [];
    while (url) {
      const r: GraphResult<Page> = first ?? (await this.client.request<Page>('GET', url));
      first = null;
      if (!r.ok) {
        if (r.status === 410) {
          this.logger.info('graph.delta-resync', { list: this.key, code: r.code });
          return this.fullLoad();
        }
        if (r.status === 400 && (await this.dropMissingColumns())) return this.fullLoad();
        return {
          ok: false,
          code: r.code,
          message: `delta failed for ${this.displayName} (${r.code})`,
        };
      }
      for (const item of r.body.value ?? []) {
        if (item.deleted || item['@removed'] !== undefined) {
          if (this.removeItem(item.id)) removed.push(item.id);
          continue;
        }
        if (item.fields) {
          // A round answered before our own write landed may carry the version before it:
          // never step a mirrored item back (SharePoint eTags end in the item's version).
          const have = this.items.get(item.id);
          if (have && etagVersion(have.etag) > etagVersion(toCached(item).etag)) continue;
          this.put(item);
        } else bare.push(item.id);
        changed.push(item.id);
      }
      url = r.body['@odata.nextLink'] ?? null;
      next = r.body['@odata.deltaLink'] ?? next;
    }
    if (bare.length > 0) {
      const reread = await this.reread(bare);
      // Not saving the new delta link: the next sync asks for the same changes again.
      if (!reread.ok) return reread;
    }
    if (next) {
      // Items first, then the link they go with (mirror-store.ts).
      const stored =
        changed.length + removed.length === 0 ||
        (await this.mirror.save(this.listId, this.items, changed, removed));
      await this.saveDelta(next, stored);
    }
    return { ok: true, changed, removed, full: false };
  }

  /**
   * Reads items that delta reported without `fields` (in `$batch`es of 20). An item gone
   * meanwhile (404) is dropped; any other failure fails the sync so no stale fields are kept
   * under a new eTag.
   */
  private async reread(ids: string[]): Promise<SyncOutcome> {
    this.logger.info('graph.delta-reread', { list: this.key, items: ids.length });
    const results = await this.client.batch(
      ids.map((id) => ({
        id,
        method: 'GET' as const,
        url: `${this.base()}/items/${id}?${this.fieldsExpand()}`,
      })),
    );
    for (const id of ids) {
      const r = results.get(id);
      if (r?.ok && (r.body as GraphItem | null)?.fields) {
        this.setItem(id, toCached(r.body as GraphItem));
        continue;
      }
      if (r && !r.ok && r.status === 404) {
        this.removeItem(id);
        continue;
      }
      // The old copy stays under its OLD eTag (consistent: a write on it meets a 412).
      return {
        ok: false,
        code: r && !r.ok ? r.code : 'no-fields',
        message: `re-reading changed items of ${this.displayName} failed`,
      };
    }
    return { ok: true, changed: ids, removed: [], full: false };
  }

  private async fullLoad(retried = false): Promise<SyncOutcome> {
    const outcome = await this.readAll();
    if (!outcome.ok && outcome.status === 400 && !retried && (await this.dropMissingColumns()))
      return this.fullLoad(true);
    if (!outcome.ok) return { ok: false, code: outcome.code, message: outcome.message };
    return outcome;
  }

  /**
   * After a 400: reads the list's columns (1 request) and, when schema columns are missing,
   * asks only for the ones there (true). SharePoint refuses a whole query that selects an
   * unknown column, so without this one missing column would fail every read of the list; the
   * gap is reported as schema drift (SnapshotCache) for an admin to fix with `provision`.
   */
  private async dropMissingColumns(): Promise<boolean> {
    const cols = await this.client.request<{ value: Array<{ name?: string }> }>(
      'GET',
      `${this.base()}/columns`,
    );
    if (!cols.ok) return false;
    const have = new Set((cols.body.value ?? []).map((c) => String(c.name ?? '')));
    const missing = this.select.filter((c) => c !== 'Title' && !have.has(c));
    if (missing.length === 0) return false;
    this.missingColumns = [...new Set([...this.missingColumns, ...missing])];
    this.select = this.select.filter((c) => !missing.includes(c));
    this.logger.warn('graph.schema-drift', { list: this.key, missing: missing.join(',') });
    return true;
  }

  private async readAll(): Promise<
    | { ok: true; changed: string[]; removed: string[]; full: true }
    | { ok: false; status: number; code: string; message: string }
  > {
    const latest = await this.client.request<Page>(
      'GET',
      `${this.base()}/items/delta?token=latest&${this.query()}`,
    );
    if (!latest.ok || !latest.body['@odata.deltaLink']) {
      return {
        ok: false,
        status: latest.status,
        code: latest.ok ? 'no-delta-link' : latest.code,
        message: `could not start delta for ${this.displayName}`,
      };
    }
    const fresh = new Map<string, CachedItem>();
    let url: string | null = `${this.base()}/items?${this.query()}`;
    // The next page is asked for before this one is worked on (onPage: parsing), so the work
    // overlaps the round trip: a first load is a chain of round trips within each list.
    let pending: Promise<GraphResult<Page>> | null = url
      ? this.client.request<Page>('GET', url)
      : null;
    while (pending) {
      const r: GraphResult<Page> = await pending;
      if (!r.ok)
        return {
          ok: false,
          status: r.status,
          code: r.code,
          message: `reading ${this.displayName} failed (${r.code})`,
        };
      url = r.body['@odata.nextLink'] ?? null;
      pending = url ? this.client.request<Page>('GET', url) : null;
      const page = (r.body.value ?? []).map((item) => toCached(item));
      for (const c of page) fresh.set(c.itemId, c);
      try {
        this.onPage?.(page);
      } catch (e) {
        // Only a head start for the parse cache: the load parses whatever it missed.
        this.logger.warn('graph.page-hook-failed', { list: this.key, error: String(e) });
      }
    }
    this.replaceItems(fresh);
    // Used as given: the options of the first request travel in its token.
    const stored = await this.mirror.replaceAll(this.listId, this.items);
    await this.saveDelta(latest.body['@odata.deltaLink'], stored);
    this.loaded = true;
    return { ok: true, changed: [...fresh.keys()], removed: [], full: true as const };
  }

  /**
   * `mirrored`: the state store holds items at least as new as this link describes, so a
   * restart may resume from it (restore). The link also records the columns it asks for: a
   * link made for other columns is not resumed from.
   */
  private async saveDelta(link: string, mirrored: boolean): Promise<void> {
    this.deltaLink = link;
    await this.kv.upsert(DELTA_NS, this.listId, { link, mirrored, select: this.select.join(',') });
  }

  /**
   * A restart or a new instance: the items and delta link kept in the state store, when they
   * were stored together and for the same columns; otherwise the list is read afresh.
   */
  private async restore(): Promise<void> {
    const entry = await this.kv.get(DELTA_NS, this.listId);
    const v = entry?.value as { link?: unknown; mirrored?: unknown; select?: unknown } | null;
    if (!v || typeof v.link !== 'string' || v.mirrored !== true) return;
    if (v.select !== this.select.join(',')) return;
    const items = await this.mirror.load(this.listId);
    this.replaceItems(items);
    this.deltaLink = v.link;
    this.loaded = true;
    this.logger.info('graph.mirror-restored', { list: this.key, items: items.size });
  }

  /** Records an item we just wrote (its new eTag), so the cache is right before the next delta. */
  put(item: GraphItem): CachedItem {
    const c = toCached(item, this.items.get(item.id)?.fields);
    this.setItem(item.id, c);
    return c;
  }

  findByTitle(title: string): CachedItem | undefined {
    for (const c of this.items.values()) if (c.fields['Title'] === title) return c;
    return undefined;
  }
}

function toCached(item: GraphItem, previous?: Record<string, unknown>): CachedItem {
  const fields = item.fields ?? previous ?? {};
  const etag = item['@odata.etag'] ?? item.eTag ?? String(fields['@odata.etag'] ?? '');
  return { itemId: item.id, etag, fields };
}
