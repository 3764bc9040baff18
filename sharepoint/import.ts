/**
 * Loads an organisation snapshot (from a CSV folder) into the SharePoint lists: reads what is
 * there, matches rows to items by their key (the Title), and creates or updates only what
 * differs, through `$batch` (20 requests per call). Rows already present and equal are left
 * alone, so a second import sends nothing. Items that are not in the snapshot are kept (an
 * import never deletes an admin's data). Dry-run counts without writing.
 */
import type { RowProblem } from '../contract/problems';
import type { OrgSnapshot } from '../policy/domain';
import { overflowMessage, recordToFields, singleLineOverflow } from './fields';
import type { BatchRequest, GraphClient, GraphResult } from './graph-client';
import { mayHaveLanded } from './item-writer';
import { silentLogger } from '../ports/logger';
import { recordToItemFields, sameStoredRecord } from './record-fields';
import { RecordListWriter } from './record-writer';
import { LISTS, TABLE_KEYS, titleFor, type TableKey } from './schema';
import type { ListIds, SnapshotCache } from './snapshot-cache';

export interface ListImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface SharePointImportResult {
  /** Per contract list, and `records` (Supervision Records, issue 18). */
  counts: Record<TableKey | 'records', ListImportCounts>;
  problems: RowProblem[];
  /** Graph requests sent for the writes ($batch calls). */
  batches: number;
}

/** Every column present (absent → null) so an update also clears what the row left blank. */
function fullFields(key: TableKey, record: Record<string, unknown>): Record<string, unknown> {
  const full: Record<string, unknown> = { ...record };
  for (const c of LISTS[key].columns) if (!(c.name in full)) full[c.name] = undefined;
  const p = LISTS[key].titleProperty;
  if (p && !(p in full)) full[p] = undefined;
  return recordToFields(key, full, true);
}

function comparable(key: TableKey, record: Record<string, unknown>): string {
  const f = recordToFields(key, record);
  return JSON.stringify(
    Object.keys(f)
      .sort()
      .map((k) => [k, f[k]]),
  );
}

export async function importToSharePoint(
  client: GraphClient,
  cache: SnapshotCache,
  siteId: string,
  listIds: Record<TableKey, string> & { records?: string },
  snapshot: OrgSnapshot,
  opts: { dryRun?: boolean } = {},
): Promise<SharePointImportResult> {
  const problems: RowProblem[] = [];
  const counts = {} as Record<TableKey | 'records', ListImportCounts>;
  const requests: BatchRequest[] = [];
  const meta = new Map<
    string,
    { key: TableKey; kind: 'created' | 'updated'; title: string; row: Record<string, unknown> }
  >();

  for (const key of TABLE_KEYS) {
    const c: ListImportCounts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
    counts[key] = c;
    const sync = cache.syncs[key];
    const out = await sync.sync();
    if (!out.ok) {
      problems.push({
        file: LISTS[key].displayName,
        row: '-',
        column: null,
        code: 'list-unavailable',
        message: `${LISTS[key].displayName} could not be read (${out.code}); nothing was imported into it`,
      });
      continue;
    }
    const existing = new Map<string, { itemId: string; record: Record<string, unknown> }>();
    for (const p of cache.parsedList(key)) {
      if (!p.record) continue;
      const rec = p.record as unknown as Record<string, unknown>;
      existing.set(titleFor(key, rec), { itemId: p.itemId, record: rec });
    }
    const url = `/sites/${siteId}/lists/${listIds[key]}/items`;
    const seen = new Set<string>();
    for (const row of snapshot[key] as unknown as Array<Record<string, unknown>>) {
      const title = titleFor(key, row);
      // Two rows with one key (e.g. two rota rows for one day and hub): the first one wins.
      if (seen.has(title)) {
        problems.push({
          file: LISTS[key].displayName,
          row: '-',
          column: null,
          code: 'duplicate-key',
          message: `${LISTS[key].displayName}: two rows share one key; the later one was skipped`,
        });
        continue;
      }
      seen.add(title);
      const long = singleLineOverflow(key, recordToFields(key, row));
      if (long.length > 0) {
        c.failed += 1;
        problems.push({
          file: LISTS[key].displayName,
          row: '-',
          column: long.join(', '),
          code: 'too-long',
          message: `${overflowMessage(LISTS[key].displayName, long)}; the row was skipped`,
        });
        continue;
      }
      const have = existing.get(title);
      if (have && comparable(key, have.record) === comparable(key, row)) {
        c.unchanged += 1;
        continue;
      }
      const id = `${key}-${requests.length}`;
      meta.set(id, { key, kind: have ? 'updated' : 'created', title, row });
      requests.push(
        have
          ? { id, method: 'PATCH', url: `${url}/${have.itemId}/fields`, body: fullFields(key, row) }
          : { id, method: 'POST', url, body: { fields: recordToFields(key, row) } },
      );
    }
  }

  counts.records = await importRecords(client, cache, siteId, listIds, snapshot, problems, opts);
  if (opts.dryRun) {
    for (const m of meta.values()) counts[m.key][m.kind] += 1;
    return { counts, problems, batches: 0 };
  }
  const results = await client.batch(requests);
  const landed = await createsThatLanded(cache, meta, results);
  for (const [id, m] of meta) {
    const r = results.get(id);
    if (r?.ok || landed.has(id)) {
      counts[m.key][m.kind] += 1;
      continue;
    }
    counts[m.key].failed += 1;
    problems.push({
      file: LISTS[m.key].displayName,
      row: '-',
      column: null,
      code: r ? r.code : 'no-response',
      message: `${LISTS[m.key].displayName}: a row could not be written (${r ? r.code : 'no response'}); run the import again to retry`,
    });
  }
  return { counts, problems, batches: Math.ceil(requests.length / 20) };
}

/**
 * A create that failed may still have landed (a 5xx after SharePoint applied it) or met a row
 * another writer added with the same key (the unique Title refused ours). The lists concerned
 * are re-read and each failed create looked for by its key: found with the same content, it
 * counts as created; anything else stays failed (the next import reads the list first, so
 * running it again never adds a second row).
 */
async function createsThatLanded(
  cache: SnapshotCache,
  meta: Map<
    string,
    { key: TableKey; kind: 'created' | 'updated'; title: string; row: Record<string, unknown> }
  >,
  results: Map<string, GraphResult>,
): Promise<Set<string>> {
  const out = new Set<string>();
  const failed = [...meta].filter(([id, m]) => {
    const r = results.get(id);
    return m.kind === 'created' && (!r || mayHaveLanded(r));
  });
  for (const key of new Set(failed.map(([, m]) => m.key))) {
    if (!(await cache.syncs[key].sync()).ok) continue;
    const byTitle = new Map<string, Record<string, unknown>>();
    for (const p of cache.parsedList(key))
      if (p.record) {
        const rec = p.record as unknown as Record<string, unknown>;
        byTitle.set(titleFor(key, rec), rec);
      }
    for (const [id, m] of failed) {
      if (m.key !== key) continue;
      const have = byTitle.get(m.title);
      if (have && comparable(key, have) === comparable(key, m.row)) out.add(id);
    }
  }
  return out;
}

/**
 * The structured records (records.csv) into Supervision Records, one by one through the same
 * writer as the bot (record-writer.ts: create once, If-Match updates): an equal record is left
 * alone, a changed one updated, a record too long for the column reported `too-long` and skipped.
 * Records are few (one per held session) and each may be large, so no `$batch` here.
 */
async function importRecords(
  client: GraphClient,
  cache: SnapshotCache,
  siteId: string,
  listIds: Record<TableKey, string> & { records?: string },
  snapshot: OrgSnapshot,
  problems: RowProblem[],
  opts: { dryRun?: boolean },
): Promise<ListImportCounts> {
  const c: ListImportCounts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  const file = LISTS.records.displayName;
  if (snapshot.records.length === 0) return c;
  if (!listIds.records) {
    c.failed = snapshot.records.length;
    problems.push({
      file,
      row: '-',
      column: null,
      code: 'not-provisioned',
      message: `The site has no ${file} list: run supervision-bot provision, then import again`,
    });
    return c;
  }
  const writer = new RecordListWriter(client, cache, siteId, listIds as ListIds, silentLogger);
  for (const { sessionId, ...record } of snapshot.records) {
    const enc = recordToItemFields(sessionId, record);
    if (!enc.ok) {
      c.failed += 1;
      problems.push({
        file,
        row: sessionId,
        column: 'record',
        code: 'too-long',
        message: enc.message,
      });
      continue;
    }
    const now = await writer.read(sessionId);
    if (now === null) {
      c.failed += 1;
      problems.push({
        file,
        row: '-',
        column: null,
        code: 'list-unavailable',
        message: `${file} could not be read; nothing was imported into it`,
      });
      return c;
    }
    if (now.kind === 'found' && sameStoredRecord(now.value.value, record)) {
      c.unchanged += 1;
      continue;
    }
    const kind = now.kind === 'none' ? 'created' : 'updated';
    if (opts.dryRun) {
      c[kind] += 1;
      continue;
    }
    const r = await writer.saveRecord(
      sessionId,
      record,
      now.kind === 'found' ? now.value.version : undefined,
    );
    if (r.ok) c[kind] += 1;
    else {
      c.failed += 1;
      problems.push({
        file,
        row: sessionId,
        column: null,
        code: r.code,
        message: `${file}: the record of session ${sessionId} could not be written (${r.code}); run the import again to retry`,
      });
    }
  }
  return c;
}
