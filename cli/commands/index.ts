/**
 * The command registry: one entry per command. Commands load lazily, so `evaluate` never
 * pulls in the bot framework that `tick` or `provision` need. To add one, write
 * cli/commands/<name>.ts exporting `command: CliCommand` and add its line below.
 */
import type { CliCommand } from '../command';

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<CliCommand>;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'evaluate', summary: 'Evaluate a data folder against a policy profile and print the findings', load: async () => (await import('./evaluate')).command },
  { name: 'provision', summary: 'Create the SharePoint lists and columns (safe to re-run)', load: async () => (await import('./provision')).command },
  { name: 'import', summary: 'Import a folder of CSV files into SharePoint or the embedded store', load: async () => (await import('./import')).command },
  { name: 'tick', summary: 'One real scheduler tick (a one-shot job), or with --dry-run what it would send and why', load: async () => (await import('./tick')).command },
  { name: 'doctor', summary: 'Check the configuration against the tenant, store and bot it points at', load: async () => (await import('./doctor')).command },
  { name: 'export', summary: 'Print a supervision record or a supervisee\'s supervision file as a PDF', load: async () => (await import('./export')).command },
  { name: 'erase', summary: "Erase one member of staff's data from the embedded store and the state store", load: async () => (await import('./erase')).command },
]; // prettier-ignore
