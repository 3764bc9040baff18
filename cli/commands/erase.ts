/**
 * `supervision-bot erase --staff <id> [--dry-run] [--include-audit]`: removes one member of
 * staff from the embedded organisation data and the state store named by the STATE_STORE
 * settings (store/erase-person.ts says exactly what goes and what stays). With
 * DATA_SOURCE=sharepoint the organisation's rows live in SharePoint: delete the person's list
 * items there first (docs/data-protection.md), then run this for what the bot itself keeps.
 *
 * Exit codes: 0 done (or the dry run printed), 2 bad arguments or configuration.
 */
import { erasePerson, type EraseItem } from '../../store/erase-person';
import { parseStoreConfig } from '../../store/config';
import { openKvStore } from '../../store/open-store';
import {
  requiredOption,
  UsageError,
  type CliCommand,
  type CliIo,
  type CliValues,
} from '../command';

function grouped(items: EraseItem[]): string[] {
  const by = new Map<string, string[]>();
  for (const i of items) {
    const list = by.get(i.namespace) ?? [];
    list.push(i.field ? `${i.key} (${i.field})` : i.key);
    by.set(i.namespace, list);
  }
  return [...by].map(([ns, keys]) => `  ${ns}: ${keys.length} — ${keys.join(', ')}`);
}

export const command: CliCommand = {
  name: 'erase',
  summary: "Erase one member of staff's data from the embedded store and the state store",
  options: {
    staff: { type: 'string', description: '<id>  the staff id to erase' },
    'dry-run': { type: 'boolean', description: 'print what would be erased; change nothing' },
    'include-audit': {
      type: 'boolean',
      description: 'also delete the signature audit entries they made (normally kept)',
    },
  },
  help: 'Example: supervision-bot erase --staff fsw-hadley-1 --dry-run\nExit codes: 0 done, 2 bad arguments or configuration.',
  async run(values: CliValues, _positionals: string[], io: CliIo): Promise<number> {
    const staffId = requiredOption(values, 'staff').trim();
    const dryRun = values['dry-run'] === true;
    let storeConfig;
    try {
      storeConfig = parseStoreConfig(io.env);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const kv = await openKvStore(storeConfig);
    try {
      const plan = await erasePerson(kv, staffId, {
        dryRun,
        includeAudit: values['include-audit'] === true,
      });
      const verb = dryRun ? 'would be' : 'were';
      if (!plan.found)
        io.stderr(`No staff row for ${staffId}: erasing what the state store still holds.\n`);
      io.stdout(`${plan.deleted.length} entr(ies) ${verb} deleted:\n`);
      for (const l of grouped(plan.deleted)) io.stdout(`${l}\n`);
      if (plan.updated.length) {
        io.stdout(`${plan.updated.length} rota day(s) ${verb} left uncovered:\n`);
        for (const l of grouped(plan.updated)) io.stdout(`${l}\n`);
      }
      if (plan.kept.length) {
        io.stdout(
          `${plan.kept.length} record(s) of other people still name ${staffId}; reassign them and run again:\n`,
        );
        for (const l of grouped(plan.kept)) io.stdout(`${l}\n`);
      }
      if (plan.auditKept)
        io.stdout(
          `${plan.auditKept} signature audit entr(ies) kept (evidence, pruned after AUDIT_RETENTION_YEARS; --include-audit deletes them).\n`,
        );
      if (dryRun) io.stdout('Dry run: nothing was changed.\n');
      return 0;
    } finally {
      await kv.close();
    }
  },
};
