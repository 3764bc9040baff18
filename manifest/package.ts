/**
 * `npm run package`: fills the manifest template from the environment (and `.env`), draws the
 * icons, and writes `appPackage/build/supervision-bot.zip` (manifest.json + color.png +
 * outline.png at the root, as Teams requires). Fails naming the missing or malformed variable.
 *
 * The bot's command menu is generated from the same COMMANDS table the bot answers, so the
 * menu never offers a command the bot does not know (Teams shows at most 10). The table is
 * passed in by the entry point (cli/package-app.ts): the manifest room imports no use-case.
 */
import { AppError } from '../kernel/errors';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { colorIcon, outlineIcon } from './icons';
import { encodePng } from './png';

export const MANIFEST_DIR = __dirname.endsWith(path.join('dist', 'manifest'))
  ? path.join(__dirname, '..', '..', 'manifest')
  : __dirname;
export const TEMPLATE_PATH = path.join(MANIFEST_DIR, 'manifest.template.json');
export const MAX_COMMANDS = 10;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PackageError extends AppError {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super('package-invalid', `${variable}: ${message}`);
    this.name = 'PackageError';
  }
}

/** A bot command as the menu needs it (present/commands.ts `COMMANDS` has this shape). */
export interface CommandEntry {
  name: string;
  description: string;
}

export interface ManifestCommand {
  title: string;
  description: string;
}

/** The command menu: every supervision command and help first, then triage ones, max 10. */
export function manifestCommands(commands: readonly CommandEntry[]): ManifestCommand[] {
  const core = ['next', 'actions', 'status', 'team', 'help'];
  const ordered = [
    ...commands.filter((c) => core.includes(c.name)),
    ...commands.filter((c) => !core.includes(c.name)),
  ];
  return ordered.slice(0, MAX_COMMANDS).map((c) => ({
    title: c.name.slice(0, 32),
    description: c.description.slice(0, 128),
  }));
}

export interface PackageVars {
  TEAMS_APP_ID: string;
  MicrosoftAppId: string;
  PUBLIC_BASE_URL: string;
  TAB_APP_ID_URI?: string;
  MicrosoftAppType?: string;
  APP_VERSION?: string;
  DEVELOPER_NAME?: string;
}

/** Validates the variables and derives the host; throws PackageError naming the variable. */
export function resolveVars(env: Record<string, string | undefined>): Record<string, string> {
  const need = (name: string): string => {
    const v = env[name]?.trim();
    if (!v) throw new PackageError(name, 'is required to build the Teams app package');
    return v;
  };
  const teamsAppId = need('TEAMS_APP_ID');
  if (!GUID.test(teamsAppId))
    throw new PackageError('TEAMS_APP_ID', 'must be a GUID (generate one with `uuidgen`)');
  const botId = need('MicrosoftAppId');
  if (!GUID.test(botId))
    throw new PackageError('MicrosoftAppId', 'must be the bot app registration GUID');
  const base = need('PUBLIC_BASE_URL').replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new PackageError('PUBLIC_BASE_URL', 'must be an absolute https URL');
  }
  if (url.protocol !== 'https:')
    throw new PackageError('PUBLIC_BASE_URL', 'must use https (Teams loads the tab over https)');
  // The tab's SSO app: the same Application ID URI the tab's token check expects
  // (TAB_APP_ID_URI, tab/config.ts); by default the bot's registration on this host.
  // A managed identity (MicrosoftAppType=UserAssignedMSI) cannot expose an API: the tab's
  // registration must then be named.
  if (env.MicrosoftAppType?.trim() === 'UserAssignedMSI' && !env.TAB_APP_ID_URI?.trim()) {
    throw new PackageError(
      'TAB_APP_ID_URI',
      "is required with MicrosoftAppType=UserAssignedMSI: the tab's sign-in uses the app registration that exposes access_as_user (docs/deploy.md), never the bot's managed identity",
    );
  }
  const resource = env.TAB_APP_ID_URI?.trim().replace(/\/+$/, '') || `api://${url.host}/${botId}`;
  const ssoId = resource.slice(resource.lastIndexOf('/') + 1);
  if (!resource.startsWith('api://') || !GUID.test(ssoId)) {
    throw new PackageError('TAB_APP_ID_URI', 'must look like api://<host>/<app id GUID>');
  }
  const version = env.APP_VERSION?.trim() || '1.0.0';
  if (!/^\d+\.\d+\.\d+$/.test(version))
    throw new PackageError('APP_VERSION', 'must look like 1.2.3');
  return {
    TEAMS_APP_ID: teamsAppId,
    MicrosoftAppId: botId,
    PUBLIC_BASE_URL: base,
    PUBLIC_HOST: url.host,
    TAB_SSO_CLIENT_ID: ssoId,
    TAB_SSO_RESOURCE: resource,
    APP_VERSION: version,
    DEVELOPER_NAME: env.DEVELOPER_NAME?.trim() || 'Supervision Bot',
  };
}

/** The template with every `${{NAME}}` filled; `"${{COMMANDS}}"` becomes the command array. */
export function fillManifest(
  template: string,
  vars: Record<string, string>,
  commands: ManifestCommand[],
): Record<string, unknown> {
  const withCommands = template.replace('"${{COMMANDS}}"', JSON.stringify(commands));
  const filled = withCommands.replace(/\$\{\{([A-Za-z_]+)\}\}/g, (_m, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new PackageError(name, 'has no value for the manifest template');
    // JSON-escape the value (it is substituted inside a JSON string).
    return JSON.stringify(v).slice(1, -1);
  });
  return JSON.parse(filled) as Record<string, unknown>;
}

export interface AppPackage {
  manifest: Record<string, unknown>;
  color: Buffer;
  outline: Buffer;
  zip: Buffer;
}

export async function buildPackage(
  env: Record<string, string | undefined>,
  commands: readonly CommandEntry[],
): Promise<AppPackage> {
  const vars = resolveVars(env);
  const manifest = fillManifest(
    readFileSync(TEMPLATE_PATH, 'utf8'),
    vars,
    manifestCommands(commands),
  );
  const color = encodePng(colorIcon());
  const outline = encodePng(outlineIcon());
  const zip = new JSZip();
  // Fixed dates so the same inputs give the same bytes.
  const date = new Date('2026-01-01T00:00:00Z');
  zip.file('manifest.json', JSON.stringify(manifest, null, 2), { date });
  zip.file('color.png', color, { date });
  zip.file('outline.png', outline, { date });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  return { manifest, color, outline, zip: bytes };
}

/** Minimal .env reader (KEY=value lines, # comments); the real environment wins. */
export function readDotEnv(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (!m || line.trim().startsWith('#')) continue;
    out[m[1] as string] = (m[2] as string).replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

export async function main(commands: readonly CommandEntry[]): Promise<void> {
  const root = path.resolve(MANIFEST_DIR, '..');
  const env = { ...readDotEnv(path.join(root, '.env')), ...process.env };
  const pkg = await buildPackage(env, commands);
  const outDir = path.join(root, 'appPackage', 'build');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(pkg.manifest, null, 2));
  writeFileSync(path.join(outDir, 'supervision-bot.zip'), pkg.zip);
  // Keep the committed icons in step with the code that draws them.
  writeFileSync(path.join(MANIFEST_DIR, 'color.png'), pkg.color);
  writeFileSync(path.join(MANIFEST_DIR, 'outline.png'), pkg.outline);
  process.stdout.write(`wrote ${path.relative(root, path.join(outDir, 'supervision-bot.zip'))}\n`);
}
