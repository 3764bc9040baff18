/**
 * `supervision-bot provision --site <url-or-id> [--dry-run]`: creates the SharePoint lists
 * and columns the bot needs (sharepoint/provision.ts). Safe to run again: only what is
 * missing is added; columns of another type or with other choices are reported, never
 * changed. Credentials come from the GRAPH_* variables (docs/sharepoint.md).
 */
import type { CliCommand, CliIo, CliValues } from '../command';
import { stringOption, UsageError } from '../command';
import { silentLogger } from '../../ports/logger';
import { parseGraphConfig } from '../../sharepoint/config';
import { graphClientFromConfig, type GraphDeps } from '../../sharepoint/open-graph';
import { describeReport, provision } from '../../sharepoint/provision';

export function graphConfigFrom(io: CliIo, site: string | undefined) {
  try {
    return parseGraphConfig({ ...io.env, ...(site ? { SHAREPOINT_SITE: site } : {}) });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** `deps` lets tests trust the loopback Graph server's certificate. */
export function makeProvisionCommand(deps: Partial<GraphDeps> = {}): CliCommand {
  return {
    name: 'provision',
    summary: 'Create the SharePoint lists and columns (safe to re-run)',
    options: {
      site: {
        type: 'string',
        description: '<url-or-id>  the SharePoint site (default SHAREPOINT_SITE)',
      },
      'dry-run': {
        type: 'boolean',
        description: 'report what would be created without changing anything',
      },
    },
    help: 'Example: supervision-bot provision --site https://contoso.sharepoint.com/sites/supervision\nExit codes: 0 done (differences are reported), 1 Graph refused or failed, 2 bad configuration.',
    async run(values: CliValues, _positionals: string[], io: CliIo): Promise<number> {
      const config = graphConfigFrom(io, stringOption(values, 'site'));
      const dryRun = values['dry-run'] === true;
      const client = graphClientFromConfig(config, { logger: silentLogger, ...deps });
      const out = await provision(client, config.SHAREPOINT_SITE, { dryRun });
      if (!out.ok) {
        io.stderr(`provision failed: ${out.message}\n`);
        return 1;
      }
      for (const line of describeReport(out.report, dryRun)) io.stdout(`${line}\n`);
      if (out.report.differing.length > 0) {
        io.stderr(
          `${out.report.differing.length} column(s) differ from the schema; they were left as they are (see docs/sharepoint.md)\n`,
        );
      }
      return 0;
    },
  };
}

export const command: CliCommand = makeProvisionCommand();
