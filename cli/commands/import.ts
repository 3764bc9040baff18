/**
 * `supervision-bot import --from <csv folder> --to sharepoint|embedded [--dry-run]`: reads a
 * folder of CSV files through the shared contract validation, reports rejected rows (the
 * rest is still imported), then creates or updates only what differs: in SharePoint through
 * `$batch` (sharepoint/import.ts), in the embedded store through importSnapshot.
 */
import { resolve } from 'node:path';
import type { CliCommand, CliIo, CliValues } from '../command';
import { requiredOption, UsageError } from '../command';
import { ContractError, type RowProblem } from '../../contract/problems';
import { problemReportLines } from '../../contract/problem-report';
import { readCsvFolder } from '../../contract/read-csv-folder';
import { silentLogger } from '../../ports/logger';
import { importToSharePoint } from '../../sharepoint/import';
import { graphClientFromConfig, locateLists, type GraphDeps } from '../../sharepoint/open-graph';
import { SnapshotCache } from '../../sharepoint/snapshot-cache';
import { parseStoreConfig } from '../../store/config';
import { importSnapshot } from '../../store/kv-schedule';
import { openKvStore } from '../../store/open-store';
import { SqliteKv } from '../../store/sqlite-kv';
import { graphConfigFrom } from './provision';

/** The same layout as evaluate's "Rejected rows" section. */
function reportProblems(io: CliIo, problems: RowProblem[], heading?: string): void {
  if (problems.length === 0) return;
  if (heading) {
    io.stderr(`${heading} (${problems.length}), skipped:\n`);
    for (const p of problems) io.stderr(`  [${p.code}] ${p.message}\n`);
    return;
  }
  for (const line of problemReportLines(problems)) io.stderr(`${line}\n`);
}

export function makeImportCommand(deps: Partial<GraphDeps> = {}): CliCommand {
  return {
    name: 'import',
    summary: 'Import a folder of CSV files into SharePoint or the embedded store',
    options: {
      from: {
        type: 'string',
        description: '<folder>  the folder of CSV files (staff.csv, sessions.csv, ...)',
      },
      to: { type: 'string', description: 'sharepoint | embedded' },
      site: {
        type: 'string',
        description: '<url-or-id>  the SharePoint site (default SHAREPOINT_SITE)',
      },
      'dry-run': { type: 'boolean', description: 'count what would change without writing' },
    },
    help: 'Example: supervision-bot import --from ./tracker-export --to sharepoint --dry-run\nExit codes: 0 imported, 1 some writes failed (re-run to retry), 2 unusable input.',
    async run(values: CliValues, _positionals: string[], io: CliIo): Promise<number> {
      const from = resolve(io.cwd, requiredOption(values, 'from'));
      const to = requiredOption(values, 'to');
      if (to !== 'sharepoint' && to !== 'embedded')
        throw new UsageError('--to must be sharepoint or embedded');
      const dryRun = values['dry-run'] === true;
      let loaded;
      try {
        loaded = await readCsvFolder(from);
      } catch (e) {
        if (e instanceof ContractError) throw new UsageError(e.message);
        throw e;
      }
      reportProblems(io, loaded.problems);
      const verb = dryRun ? 'would be ' : '';

      if (to === 'embedded') {
        let storeConfig;
        try {
          storeConfig = parseStoreConfig(io.env);
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        const kv = await openKvStore(storeConfig);
        try {
          const r = await importSnapshot(kv, loaded.snapshot, { dryRun });
          for (const [table, c] of Object.entries(r.counts)) {
            io.stdout(
              `${table}: ${c.created} ${verb}created, ${c.updated} ${verb}updated, ${c.unchanged} unchanged\n`,
            );
          }
          reportProblems(io, r.problems, 'Rows not imported');
          return 0;
        } finally {
          await kv.close();
        }
      }

      const config = graphConfigFrom(
        io,
        typeof values['site'] === 'string' ? values['site'] : undefined,
      );
      const client = graphClientFromConfig(config, { logger: silentLogger, ...deps });
      const lists = await locateLists(client, config.SHAREPOINT_SITE);
      if (!lists.ok) {
        io.stderr(`import failed: ${lists.message}\n`);
        return 1;
      }
      // Delta links are not needed beyond this run: an in-memory store holds them.
      const scratch = new SqliteKv(':memory:');
      try {
        const cache = new SnapshotCache(
          client,
          lists.siteId,
          lists.listIds,
          scratch,
          silentLogger,
          500,
        );
        const r = await importToSharePoint(
          client,
          cache,
          lists.siteId,
          lists.listIds,
          loaded.snapshot,
          { dryRun },
        );
        for (const [table, c] of Object.entries(r.counts)) {
          io.stdout(
            `${table}: ${c.created} ${verb}created, ${c.updated} ${verb}updated, ${c.unchanged} unchanged${c.failed ? `, ${c.failed} failed` : ''}\n`,
          );
        }
        reportProblems(io, r.problems, 'Rows not imported');
        return Object.values(r.counts).some((c) => c.failed > 0) ? 1 : 0;
      } finally {
        await scratch.close();
      }
    },
  };
}

export const command: CliCommand = makeImportCommand();
